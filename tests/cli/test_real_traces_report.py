"""`profiler report` on every real export of the conformance corpus: exit 0 with at least one
figure, or exit 9 (nothing measured) with one warning line naming what the input holds and what
was looked for; never a traceback. ``--allow-empty`` accepts a report without figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from profiler.cli import app
from profiler.errors import ExitCode
from profiler.trace import catalog
from tests.conftest import REAL_TRACES

FILES = sorted(REAL_TRACES.glob("*.xml")) if REAL_TRACES.is_dir() else []
FIGURES = ("steps", "memory", "cpu", "ane", "gpu", "thermal", "foundation_models")


def _figures(summary: dict) -> list[str]:
    found = [k for k, v in summary["headline"].items() if v is not None]
    for rec in summary["recordings"]:
        found += [k for k in FIGURES if rec[k] is not None] + (["loads"] if rec["loads"] else [])
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_real_export_reports_a_figure_or_says_nothing_was_measured(
        real_traces: Path, path: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    runner = CliRunner()
    result = runner.invoke(app, ["report", str(path), "--format", "json", "-o", str(out)])
    assert result.exit_code in (ExitCode.OK, ExitCode.NOTHING_MEASURED), result.output
    figures = _figures(json.loads(out.read_text("utf-8")))  # written either way
    warnings = [line for line in result.stderr.splitlines()
                if line.startswith("warning: nothing measured")]
    if result.exit_code == ExitCode.OK:
        assert figures and warnings == []
        return
    assert figures == []
    (line,) = warnings
    assert line.startswith("warning: nothing measured: the input holds ")
    assert result.stderr.count("nothing measured") == 1  # one line
    if line.startswith("warning: nothing measured: the input holds a TOC but none of its "):
        # a TOC alone: the export commands of the tables the analysis reads follow, one a line
        commands = [x for x in result.stderr.splitlines() if x.startswith("  xcrun xctrace export")]
        assert commands and all(" --xpath '/trace-toc/run[@number=" in c for c in commands)
    else:
        assert f"looked for {', '.join(catalog.names())}" in line
    allowed = runner.invoke(app, ["report", str(path), "--format", "json", "-o", str(out),
                                  "--force", "--allow-empty"])
    assert allowed.exit_code == ExitCode.OK, allowed.output
    assert "nothing measured" not in allowed.stderr


def test_the_corpus_has_both_outcomes(real_traces: Path) -> None:
    # If every file came out the same way, one branch above would never be exercised.
    names = {p.name for p in FILES}
    assert "mattmireles__mamba-asr-mps__mps_hw_intervals.xml" in names  # GPU rows: a figure
    assert "mattmireles__mamba-asr-mps__coreml_os_signpost_rows.xml" in names  # no node at all


def test_a_real_time_profile_export_exits_9_with_the_exact_warning(
        real_traces: Path, tmp_path: Path) -> None:
    path = real_traces / "openjdk__jmh__time-profile.xml"
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["report", str(path), "--format", "json", "-o", str(out)])
    assert result.exit_code == ExitCode.NOTHING_MEASURED == 9
    assert result.stdout.splitlines() == [f"Wrote {out}"]
    assert result.stderr.splitlines()[-1] == (
        "warning: nothing measured: the input holds time-profile (105 rows); looked for "
        f"{', '.join(catalog.names())}; see what it holds with `profiler tables {path}` "
        "(pass --allow-empty to accept a report without figures)")
    assert "not measured:" not in result.stderr  # the one line says it all


def test_a_real_gpu_export_lists_each_missing_headline_figure_with_its_reason(
        real_traces: Path, tmp_path: Path) -> None:
    path = real_traces / "mattmireles__mamba-asr-mps__mps_hw_intervals.xml"
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["report", str(path), "--format", "json", "-o", str(out)])
    assert result.exit_code == ExitCode.OK, result.output
    single = "not in this export (a single table file was given)"
    assert [ln for ln in result.stderr.splitlines() if ln.startswith("warning:")] == [
        f"warning: not measured: Uncached load: coreml-os-signpost: {single}",
        f"warning: not measured: Cached load: coreml-os-signpost: {single}",
        "warning: not measured: Median step: no app signposts in category 'profiler', "
        "no UNet predictions and no Neural Engine intervals",
        f"warning: not measured: Peak app footprint: activity-monitor-process-live: {single}; "
        f"sysmon-process: {single}; ProcessCPUUsage: {single}",
        f"warning: not measured: System memory peak: activity-monitor-system: {single}; "
        f"sysmon-system: {single}; SystemCPUUsage: {single}",
        f"warning: not measured: App CPU peak: activity-monitor-process-live: {single}; "
        f"sysmon-process: {single}; ProcessCPUUsage: {single}",
        f"warning: not measured: System CPU peak: activity-monitor-system: {single}; "
        f"sysmon-system: {single}; SystemCPUUsage: {single}",
        f"warning: not measured: Neural Engine busy: ane-hw-intervals: {single}; "
        f"ane-hw-intervals-internal: {single}",
    ]


def _folder_of(real_traces: Path, folder: Path, *names: str) -> Path:
    # Copies in the test's own tmp folder (the corpus is read in place, never changed).
    import shutil

    folder.mkdir()
    for name in names:
        shutil.copyfile(real_traces / name, folder / name)
    return folder


def test_a_folder_of_unrelated_real_exports_is_refused_not_merged(
        real_traces: Path, tmp_path: Path) -> None:
    gpu = "mattmireles__mamba-asr-mps__mps_hw_intervals.xml"
    fm = "sforteln__xctrace-query-mcp-server__ModelLoadingTable.xml"
    folder = _folder_of(real_traces, tmp_path / "unrelated", gpu, fm)
    result = CliRunner().invoke(app, ["report", str(folder), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == ExitCode.MIXED_EXPORTS == 10
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {folder}: the exports cannot come from one recording: their time ranges do "
        f"not overlap ({gpu} ends at 4.750 s, {fm} starts at 24.457 s)",
        "hint: put the exports of one recording in a folder of their own, with its toc.xml "
        "(xcrun xctrace export --input X.trace --toc --output toc.xml), or report each export "
        "on its own",
    ]
    assert not (tmp_path / "r.json").exists()


def test_real_exports_claiming_one_table_index_with_two_schemas_are_refused(
        real_traces: Path, tmp_path: Path) -> None:
    a, b = "openjdk__jmh__counters-profile.xml", "robtaylor__apple-profiler__signpost_intervals.xml"
    folder = _folder_of(real_traces, tmp_path / "unrelated", a, b)
    result = CliRunner().invoke(app, ["report", str(folder), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == ExitCode.MIXED_EXPORTS
    assert result.stderr.splitlines()[0] == (
        f"error: {folder}: the exports cannot come from one recording: {a} and {b} both claim "
        "table[2] of run 1, as counters-profile and os-signpost-interval")


def test_a_toc_only_folder_exits_9_with_the_export_commands(
        real_traces: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "toc-only"
    folder.mkdir()
    shutil.copyfile(real_traces / "Ashtabula__Cosyvoice__profile-trace-toc.xml", folder / "toc.xml")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["report", str(folder), "--format", "json", "-o", str(out)])
    assert result.exit_code == ExitCode.NOTHING_MEASURED

    def export(schema: str, name: str) -> str:
        return (f"  xcrun xctrace export --input '<trace>' --xpath "
                f"'/trace-toc/run[@number=\"1\"]/data/table[@schema=\"{schema}\"]' "
                f"--output {folder}/{name}.xml")

    lines = result.stderr.splitlines()
    start = lines.index("warning: nothing measured: the input holds a TOC but none of its "
                        "tables was exported; export the tables the analysis reads, on the Mac "
                        "that holds the trace, with:")
    assert lines[start + 1:] == [
        export("coreml-os-signpost", "coreml-os-signpost"),
        export("OSSignpostIntervals", "os-signpost-interval"),  # the spelling this TOC uses
        export("ane-hw-intervals", "ane-hw-intervals"),
        export("ProcessCPUUsage", "ProcessCPUUsage"),  # Xcode 27 CPU and Core AI tables
        export("SystemCPUUsage", "SystemCPUUsage"),
        export("ThreadCPUUsage", "ThreadCPUUsage"),
        export("CoreAIProfile", "CoreAIProfile"),
        export("metal-gpu-intervals", "metal-gpu-intervals"),
        export("mps-hw-intervals", "mps-hw-intervals"),
        export("os-log", "os-log"),
        "(pass --allow-empty to accept a report without figures)",
    ]
