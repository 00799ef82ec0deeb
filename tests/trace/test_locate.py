"""`profiler.load`: run folders, recording folders, single exports and .trace bundles.

Run folders are SYNTHETIC (tests/synthetic); the lone-TOC case uses the real corpus.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

import profiler
from profiler.errors import ExitCode, InputError, ToolMissingError
from profiler.trace import catalog
from profiler.trace.locate import export_folder
from tests.synthetic.run import write_run
from tests.synthetic.scenario import CrashSpec, RecordingSpec, Scenario


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("locate") / "sample"
    scenario = Scenario(name="locate", recordings=(
        RecordingSpec(), RecordingSpec(cached=True, console_log=True, crashes=(CrashSpec(),))))
    write_run(scenario, out)
    return out


def test_run_folder(run_folder: Path):
    run = profiler.load(run_folder)
    assert run.name == "sample" and run.path == str(run_folder)
    assert [r.name for r in run.recordings] == ["run-1", "run-2"]
    assert run.run is not None and run.run.app.name == "CoreDiffuse"
    first, second = run.recordings
    assert first.toc_run is not None and first.toc_run.target.pid == 1234
    assert set(first.tables) >= {"coreml-os-signpost", "activity-monitor-process-live"}
    assert first.console_log is None and first.crash_reports == ()
    assert second.console_log == str(run_folder / "run-2" / "console.log")
    assert len(second.crash_reports) == 1 and second.crash_reports[0].endswith(".ips")
    # Everything the generator wrote is present, so only the other spellings are missing.
    assert first.missing["ane-hw-intervals-internal"].startswith("not in TOC")
    assert "coreml-os-signpost" not in first.missing


def test_recording_folder_and_its_toc_file(run_folder: Path):
    by_folder = profiler.load(run_folder / "run-1")
    by_toc = profiler.load(run_folder / "run-1" / "toc.xml")
    for run in (by_folder, by_toc):
        assert run.name == "run-1" and run.run is None
        assert len(run.recordings) == 1
        assert set(run.recordings[0].tables) == set(profiler.load(run_folder).recordings[0].tables)


def test_run_folders_sort_numerically(tmp_path: Path, run_folder: Path):
    for k in (1, 2, 10):
        shutil.copytree(run_folder / "run-1", tmp_path / f"run-{k}")
    assert [r.name for r in profiler.load(tmp_path).recordings] == ["run-1", "run-2", "run-10"]


def test_single_table_export(run_folder: Path):
    run = profiler.load(run_folder / "run-1" / "ane-hw-intervals.xml")
    (recording,) = run.recordings
    assert list(recording.tables) == ["ane-hw-intervals"] and recording.toc_run is None
    assert recording.missing["coreml-os-signpost"] == (
        "not in this export (a single table file was given)")


def test_a_lone_toc_reads_no_neighbouring_files(real_traces: Path):
    run = profiler.load(real_traces / "robtaylor__apple-profiler__signpost_toc.xml")
    (recording,) = run.recordings
    assert recording.tables == {}
    assert recording.toc_run is not None
    assert recording.missing["os-signpost-interval"].startswith("not exported (listed in the TOC")
    assert recording.missing["coreml-os-signpost"].startswith("not in TOC")


def test_unknown_folder_is_a_one_line_input_error(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError) as info:
        profiler.load(tmp_path)
    assert info.value.message == "not a run folder, recording folder, table export or .trace bundle"
    assert "run.json" in info.value.hint and info.value.exit_code == ExitCode.BAD_INPUT


def test_missing_path(tmp_path: Path):
    with pytest.raises(InputError, match="no such file or folder"):
        profiler.load(tmp_path / "nope")


def test_bad_run_json(tmp_path: Path, run_folder: Path):
    shutil.copytree(run_folder / "run-1", tmp_path / "run-1")
    (tmp_path / "run.json").write_text("{oops")
    with pytest.raises(InputError, match="run.json cannot be read") as info:
        profiler.load(tmp_path)
    assert info.value.path == str(tmp_path / "run.json")


def test_trace_bundle_without_xcrun_prints_the_export_commands(tmp_path: Path, monkeypatch):
    bundle = tmp_path / "My Run.trace"
    bundle.mkdir()
    monkeypatch.delenv("PROFILER_XCRUN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(ToolMissingError) as info:
        profiler.load(bundle, reader="xctrace")  # auto: the bundle reader's error (test_bundle_load)
    error = info.value
    out = tmp_path / "My Run"
    toc_cmd = f"xcrun xctrace export --input '{bundle}' --toc --output '{out / 'toc.xml'}'"
    table_cmd = (f"xcrun xctrace export --input '{bundle}' --xpath "
                 "'/trace-toc/run[@number=\"1\"]/data/table[@schema=\"coreml-os-signpost\"]' "
                 f"--output '{out / 'coreml-os-signpost.xml'}'")
    assert toc_cmd in error.message and table_cmd in error.message
    assert toc_cmd in error.hint and table_cmd in error.hint
    assert "activity-monitor-process-live" in error.hint
    assert error.exit_code == ExitCode.TOOL_MISSING
    # The hint exports exactly what `profiler run` exports: every spelling in the catalog.
    exported = re.findall(r'@schema="([^"]+)"', error.hint)
    assert exported == list(catalog.export_names()) and "OSSignpostIntervals" in exported
    assert not any(name.startswith("coreml-model-") for name in exported)


def test_the_trace_layer_exports_a_bundle_only_through_the_exporter_it_is_given(
        tmp_path: Path, run_folder: Path):
    from profiler.trace.locate import load

    calls = []

    def exporter(bundle: Path, folder: Path) -> None:
        calls.append((bundle, folder))
        for name in ("toc.xml", "ane-hw-intervals.xml"):
            shutil.copy(run_folder / "run-1" / name, folder / name)

    bundle = tmp_path / "b.trace"
    bundle.mkdir()
    with pytest.raises(ToolMissingError):
        load(bundle, reader="xctrace")  # no exporter: the export commands, never xcrun
    run = load(bundle, exporter=exporter)  # auto: not a bundle the reader reads, so xctrace
    assert calls == [(bundle, tmp_path / "b")]
    assert list(run.recordings[0].tables) == ["ane-hw-intervals"]
    load(bundle, exporter=exporter)  # exported before: reused
    assert len(calls) == 1


FAKE_XCRUN = """#!{python}
import json, os, re, shutil, sys
args = sys.argv[1:]
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(json.dumps(args) + "\\n")
src = os.environ["FAKE_SRC"]
out = args[args.index("--output") + 1]
if "--toc" in args:
    shutil.copy(os.path.join(src, "toc.xml"), out)
else:
    schema = re.search(r'@schema="([^"]+)"', args[args.index("--xpath") + 1]).group(1)
    shutil.copy(os.path.join(src, schema + ".xml"), out)
"""


def test_trace_bundle_is_exported_beside_itself_once(tmp_path: Path, run_folder: Path,
                                                     monkeypatch):
    fake = tmp_path / "bin" / "xcrun"
    fake.parent.mkdir()
    fake.write_text(FAKE_XCRUN.format(python=sys.executable))
    fake.chmod(0o755)
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("PROFILER_XCRUN", str(fake))
    monkeypatch.setenv("FAKE_SRC", str(run_folder / "run-1"))
    monkeypatch.setenv("FAKE_LOG", str(log))
    bundle = tmp_path / "first.trace"
    bundle.mkdir()
    run = profiler.load(bundle)
    assert export_folder(bundle) == tmp_path / "first"
    assert (tmp_path / "first" / "toc.xml").is_file()
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    assert calls[0] == ["xctrace", "export", "--input", str(bundle), "--toc", "--output",
                        str(tmp_path / "first" / "toc.xml")]
    assert any('table[@schema="ane-hw-intervals"]' in " ".join(c) for c in calls[1:])
    assert set(run.recordings[0].tables) >= {"coreml-os-signpost", "ane-hw-intervals"}
    again = profiler.load(bundle)  # the export is reused, not redone
    assert len(log.read_text().splitlines()) == len(calls)
    assert [r.name for r in again.recordings] == [r.name for r in run.recordings]


def test_explicit_xcrun_argument_wins(tmp_path: Path, run_folder: Path, monkeypatch):
    fake = tmp_path / "xcrun-here"
    fake.write_text(FAKE_XCRUN.format(python=sys.executable))
    fake.chmod(0o755)
    monkeypatch.delenv("PROFILER_XCRUN", raising=False)
    monkeypatch.setenv("PATH", os.devnull)
    monkeypatch.setenv("FAKE_SRC", str(run_folder / "run-2"))
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "log"))
    bundle = tmp_path / "b.trace"
    bundle.mkdir()
    run = profiler.load(bundle, xcrun=str(fake))
    assert run.recordings[0].toc_run is not None


def test_multi_run_toc_splits_into_recordings(tmp_path: Path, run_folder: Path):
    """A TOC with two <run>s (xctrace --append-run) and `<schema>.run-K.xml` exports."""
    from profiler.trace import read_toc

    toc = read_toc(run_folder / "run-1" / "toc.xml")
    assert len(toc.runs) == 1
    text = (run_folder / "run-1" / "toc.xml").read_text("utf-8")
    body = text[text.index("<run "):text.rindex("</run>") + len("</run>")]
    second = body.replace('<run number="1"', '<run number="2"', 1)
    (tmp_path / "toc.xml").write_text(text.replace(body, body + "\n" + second), "utf-8")
    for k in (1, 2):
        src = (run_folder / "run-1" / "device-thermal-state-intervals.xml").read_text("utf-8")
        src = src.replace("run[1]", f"run[{k}]")
        (tmp_path / f"device-thermal-state-intervals.run-{k}.xml").write_text(src, "utf-8")
    run = profiler.load(tmp_path)
    assert [r.toc_run.number for r in run.recordings] == [1, 2]
    for recording in run.recordings:
        (table,) = recording.tables["device-thermal-state-intervals"]
        assert table.run_number == recording.toc_run.number


def test_a_broken_export_in_a_recording_folder_names_the_file(tmp_path: Path, run_folder: Path):
    from profiler.errors import TraceFormatError

    shutil.copytree(run_folder / "run-1", tmp_path / "run-1")
    broken = tmp_path / "run-1" / "ane-hw-intervals.xml"
    broken.write_bytes(b"\x00\x01binary garbage\xff" * 10)
    with pytest.raises(TraceFormatError) as info:
        profiler.load(tmp_path / "run-1")
    assert info.value.path == str(broken)
    assert "\n" not in info.value.message
