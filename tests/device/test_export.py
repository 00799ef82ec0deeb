"""Export planning from TOCs and the crash-report time window."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from profiler.device import export
from profiler.errors import RecordingError
from profiler.trace import catalog
from profiler.trace.export_commands import table_file


def test_tables_of_interest_from_a_real_toc(real_traces: Path) -> None:
    toc = real_traces / "robtaylor__apple-profiler__signpost_toc.xml"
    assert export.toc_tables(toc) == [("1", "os-signpost-interval")]


def test_xcode_27_and_xcode_16_tocs_export_their_own_spellings(real_traces: Path) -> None:
    # Read by hand from the TOCs (grep -o 'schema=...'): the Core AI recording on iOS 27.2 and a
    # Core ML recording on Xcode 16.4. The Core AI and Xcode 27 CPU usage tables (issue 16) too.
    xcode27 = real_traces / "Ashtabula__Cosyvoice__profile-trace-toc.xml"
    assert export.toc_tables(xcode27) == [
        ("1", "ProcessCPUUsage"), ("1", "SystemCPUUsage"), ("1", "OSSignpostIntervals"),
        ("1", "os-log"), ("1", "ane-hw-intervals"), ("1", "coreml-os-signpost"),
        ("1", "CoreAIProfile"), ("1", "metal-gpu-intervals"), ("1", "ThreadCPUUsage"),
        ("1", "mps-hw-intervals")]
    xcode16 = real_traces / "mattmireles__mamba-asr-mps__fp16_w8_60s_all_toc.xml"
    assert export.toc_tables(xcode16) == [
        ("1", "ane-hw-intervals-internal"), ("1", "coreml-os-signpost"),
        ("1", "mps-hw-intervals"), ("1", "metal-gpu-intervals")]


def test_camel_case_and_kebab_case_names() -> None:
    assert catalog.exported("OSSignpostIntervals")
    assert catalog.exported("ane-hw-intervals-internal")
    assert not catalog.exported("time-profile")
    # Column types of the Core ML table, not tables: never asked of xctrace export.
    assert not catalog.exported("coreml-model-event")
    assert not catalog.exported("coreml-model-level")


def test_multi_run_toc_names_files_by_run(tmp_path: Path) -> None:
    toc = tmp_path / "toc.xml"
    toc.write_text('<trace-toc><run number="1"><data><table schema="os-log"/></data></run>'
                   '<run number="2"><data><table schema="os-log"/><table schema="os-log"/>'
                   "</data></run></trace-toc>", "utf-8")
    assert export.toc_tables(toc) == [("1", "os-log"), ("2", "os-log")]
    assert table_file(tmp_path, "2", "os-log", 2).name == "os-log.run-2.xml"
    assert table_file(tmp_path, "1", "os-log", 1).name == "os-log.xml"


def test_hostile_toc_is_a_one_line_error(tmp_path: Path) -> None:
    toc = tmp_path / "toc.xml"
    toc.write_text('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><trace-toc>&e;',
                   "utf-8")
    with pytest.raises(RecordingError) as err:
        export.toc_tables(toc)
    assert "root:" not in err.value.message and "\n" not in err.value.message


def test_report_time_from_name_then_mtime(tmp_path: Path) -> None:
    named = tmp_path / "JetsamEvent-2026-11-26-051200.ips"
    named.write_text("x")
    assert export.report_time(named).replace(tzinfo=None) == datetime(2026, 11, 26, 5, 12)
    plain = tmp_path / "x.ips"
    plain.write_text("x")
    old = (datetime.now() - timedelta(days=3)).timestamp()
    os.utime(plain, (old, old))
    assert export.report_time(plain) < datetime.now().astimezone() - timedelta(days=2)


def test_bundle_exporter_uses_the_one_xcrun_finder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PROFILER_XCRUN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert export.bundle_exporter() is None  # the trace layer then prints the export commands
    monkeypatch.setenv("PROFILER_XCRUN", str(tmp_path / "not-there"))
    assert export.bundle_exporter() is None
    fake = tmp_path / "xcrun"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PROFILER_XCRUN", str(fake))
    assert export.bundle_exporter() == export.XcrunExporter(str(fake))
    assert export.bundle_exporter("/opt/x/xcrun") == export.XcrunExporter("/opt/x/xcrun")


class _FakeXcrun:
    """Records each xctrace call and writes a small file at its --output."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def run(self, args: list[str], *, timeout: float):  # noqa: ANN201
        from profiler.device.xcrun import Completed

        self.calls.append(list(args))
        Path(args[args.index("--output") + 1]).write_text("<trace-query-result/>", "utf-8")
        return Completed(tuple(args), 0, "", "", 0.0)


def test_export_of_chosen_tables_runs_only_those_and_no_toc(tmp_path: Path) -> None:
    xcrun = _FakeXcrun()
    bundle = tmp_path / "b.trace"
    result = export.export_recording(xcrun, bundle, tmp_path, tables=[(1, "os-log")])  # type: ignore[arg-type]
    assert result.toc is None and result.tables == ["os-log.xml"]
    assert xcrun.calls == [["xctrace", "export", "--input", str(bundle), "--xpath",
                            '/trace-toc/run[@number="1"]/data/table[@schema="os-log"]',
                            "--output", str(tmp_path / "os-log.xml")]]
    # a table of run 2 of a two-run bundle: named as a full export would name it
    export.export_recording(xcrun, bundle, tmp_path, tables=[(2, "os-log")], runs=2)  # type: ignore[arg-type]
    assert xcrun.calls[-1][-1] == str(tmp_path / "os-log.run-2.xml")


def test_export_never_writes_through_a_planted_symlink(tmp_path: Path) -> None:
    from profiler.errors import InputError

    victim = tmp_path / "victim"
    victim.write_text("precious")
    (tmp_path / "os-log.xml").symlink_to(victim)
    xcrun = _FakeXcrun()
    with pytest.raises(InputError, match="never written through"):
        export.export_recording(xcrun, tmp_path / "b.trace", tmp_path, tables=[(1, "os-log")])  # type: ignore[arg-type]
    assert xcrun.calls == [] and victim.read_text() == "precious"
