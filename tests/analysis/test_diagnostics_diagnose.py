"""diagnose() on a hand-built (synthetic) LoadedRun: os-log, console log, crash reports, metrics."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from profiler.analysis.diagnostics import diagnose, triage_files
from profiler.analysis.series import RecordingSeries
from profiler.analysis.summary import (
    DeviceInfo,
    Headline,
    Memory,
    ProcessRef,
    Recording,
    Severity,
    Summary,
)
from profiler.errors import InputError
from profiler.hardware import jetsam_budget_bytes
from profiler.trace.model import LoadedRecording, LoadedRun, Schema, Table
from tests.analysis.test_diagnostics_ips import HEADER, PAGE, jetsam_body, write_ips
from tests.analysis.test_diagnostics_oslog import ROWS, os_log_frame, table

GIB = 1024**3
RAM = 6 * GIB
BUDGET = jetsam_budget_bytes(RAM) or 0


def empty_coreml_table() -> Table:
    return Table("coreml.xml", None, 1, 2, Schema("coreml-os-signpost", ()), pd.DataFrame(), 0)


def build(tmp_path: Path, *, peak: int, crash: list[str]) -> tuple[LoadedRun, Summary]:
    console = tmp_path / "console.log"
    console.write_text(
        "Launched application with com.example.sddemo bundle identifier.\r\n"
        "Waiting for the application to terminate…\r\n"
        "[coreml] Error computing NN outputs -1\r\n",
        "utf-8",
    )
    rec = LoadedRecording(
        name="rec1",
        folder=str(tmp_path),
        toc_run=None,
        tables={
            "os-log": (table(os_log_frame(ROWS)),),
            "coreml-os-signpost": (empty_coreml_table(),),
        },
        console_log=str(console),
        crash_reports=tuple(crash),
    )
    summary = Summary(
        device=DeviceInfo(ram_bytes=RAM),
        recordings=(
            Recording(
                name="rec1",
                process=ProcessRef("SDDemo", 4321),
                memory=Memory(peak, 40.0, None, RAM, "activity-monitor"),
            ),
        ),
        headline=Headline(),
    )
    return LoadedRun("run", str(tmp_path), (rec,)), summary


def ran() -> RecordingSeries:
    memory = pd.DataFrame({"time_ns": [0, 40_000_000_000], "footprint_bytes": [1, 2]})
    return RecordingSeries("rec1", {"memory": memory})


def test_diagnose_scans_every_source_and_uses_the_measured_limit(tmp_path: Path) -> None:
    pages = 120_000  # a limit well under the catalogue budget (as with a low-memory device)
    jetsam = write_ips(tmp_path / "JetsamEvent-1.ips", HEADER, jetsam_body(pages=pages))
    garbage = tmp_path / "broken.ips"
    garbage.write_bytes(b"\x00\x00\x00")
    measured = pages * PAGE
    peak = int(0.9 * measured)  # 90 % of the measured limit, but under 85 % of the budget
    assert peak < 0.85 * BUDGET
    loaded, summary = build(tmp_path, peak=peak, crash=[str(jetsam), str(garbage)])
    found = diagnose(loaded, summary, [ran()])
    got = [(d.code, d.severity, d.source) for d in found]
    assert got == [
        ("ane-compile-failed", Severity.ERROR, "rec1: os-log"),
        ("jetsam-memory-limit", Severity.ERROR, "JetsamEvent-1.ips"),
        ("nn-output-error", Severity.ERROR, "rec1: console.log"),
        ("coreml-runtime-issue", Severity.WARNING, "rec1: os-log"),
        ("near-jetsam-limit", Severity.WARNING, "rec1: analysis"),
        ("coreml-table-empty", Severity.WARNING, "rec1: analysis"),
        ("invalid-group-id-benign", Severity.INFO, "rec1: os-log"),
        ("unreadable-log", Severity.INFO, "rec1"),
    ]
    # every finding names the recording whose clock its times use
    assert {d.recording for d in found} == {"rec1"}
    near = found[4]
    assert "measured from the JetsamEvent report" in near.evidence.text  # type: ignore[union-attr]
    assert "broken.ips: is a binary file" in found[-1].evidence.text  # type: ignore[union-attr]


def test_diagnose_extra_logs_and_their_errors(tmp_path: Path) -> None:
    loaded, summary = build(tmp_path, peak=1, crash=[])
    extra = tmp_path / "xcode-console.txt"
    extra.write_text("Message from debugger: Terminated due to memory issue\n", "utf-8")
    found = diagnose(loaded, summary, [ran()], extra_logs=[extra])
    assert "jetsam-memory-limit" in [d.code for d in found]
    # a log the user names has no trace clock: no recording, no time
    (kill,) = [d for d in found if d.code == "jetsam-memory-limit"]
    assert (kill.recording, kill.first_s) == (None, None)
    assert "near-jetsam-limit" not in [d.code for d in found]
    with pytest.raises(InputError, match="no such file"):
        diagnose(loaded, summary, [ran()], extra_logs=[tmp_path / "missing.log"])


def test_triage_files_mixes_logs_and_ips(tmp_path: Path) -> None:
    log = tmp_path / "console.log"
    log.write_text("std::bad_alloc\nstd::bad_alloc\n", "utf-8")
    jetsam = write_ips(tmp_path / "JetsamEvent.ips", HEADER, jetsam_body())
    found = triage_files([log, jetsam])
    assert [(d.code, d.count) for d in found] == [("bad-alloc", 2), ("jetsam-memory-limit", 1)]
