"""The lines users paste into issues (issue 15), JetsamEvent reports in every documented shape,
crash reports the parser cannot read, and one grouping for triage and reports. SYNTHETIC
reports built by tests/analysis/test_diagnostics_ips.py's builder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from profiler.analysis.diagnostics import scan_ips, triage_files
from profiler.analysis.diagnostics.grouping import as_reported, by_severity, group
from profiler.analysis.diagnostics.text import scan_lines
from profiler.analysis.summary import Severity
from tests.analysis.test_diagnostics_ips import HEADER, LIMIT_PAGES, PAGE, jetsam_body, write_ips


def _codes(lines: list[str]) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in scan_lines(lines, "pasted.txt")]


def test_exc_resource_memory_with_its_limit_extracted() -> None:
    line = ("Thread 1: EXC_RESOURCE (RESOURCE_TYPE_MEMORY: high watermark memory limit exceeded) "
            "(limit=2098 MB)")
    assert _codes([line]) == [("exc-resource-memory", "iOS stopped the app on its memory limit "
                               "of 2098 MB (EXC_RESOURCE, RESOURCE_TYPE_MEMORY).")]
    # no limit in the line: the plain message, never a made-up number
    assert _codes(["EXC_RESOURCE RESOURCE_TYPE_MEMORY"])[0][1] == (
        "iOS stopped the app on its memory limit (EXC_RESOURCE, RESOURCE_TYPE_MEMORY).")


def test_exit_code_9_and_terminated_due_to_memory_issue() -> None:
    assert [c for c, _ in _codes(["The app terminated with the exit code 9."])] == ["killed-exit-9"]
    assert [c for c, _ in _codes(["The app terminated with the exit code 90."])] == []
    assert [c for c, _ in _codes(["Message from debugger: Terminated due to memory issue"])] == [
        "jetsam-memory-limit"]


def test_failed_execution_plan_with_its_error_code() -> None:
    line = ("Failed to build the model execution plan using a model architecture file "
            "'/x/Unet.mlmodelc/model.mil' with error code: -5.")
    assert _codes([line]) == [("execution-plan-failed", "Core ML could not build the model's "
                               "execution plan (error code -5), so the model did not load.")]


@pytest.mark.parametrize("shape", ["page-in-memory-status", "page-at-top", "one-json-object",
                                   "one-json-line"])
def test_jetsam_reports_of_every_documented_shape_give_the_kill(tmp_path: Path, shape: str) -> None:
    body = jetsam_body(page_at_top=shape == "page-at-top")
    path = tmp_path / "JetsamEvent.ips"
    if shape == "one-json-object":
        path.write_text(json.dumps(body, indent=2), "utf-8")
    elif shape == "one-json-line":  # the same, saved on one line: once read as a bare header
        path.write_text(json.dumps(body), "utf-8")
    else:
        write_ips(path, HEADER, body)
    (found,) = scan_ips(path, process="SDDemo")
    assert (found.code, found.severity) == ("jetsam-memory-limit", Severity.ERROR)
    assert f"per-process limit {LIMIT_PAGES * PAGE / 2**20:,.1f} MiB" in found.evidence.text


def test_a_jetsam_report_without_a_kill_says_it_could_not_be_read(tmp_path: Path) -> None:
    path = write_ips(tmp_path / "JetsamEvent.ips", HEADER, jetsam_body(app_reason=None) | {
        "processes": []})
    (found,) = scan_ips(path)
    assert (found.code, found.severity) == ("unreadable-crash-report", Severity.WARNING)
    assert "JetsamEvent report without a process killed" in found.evidence.text


def test_a_header_only_report_is_not_no_known_failure(tmp_path: Path) -> None:
    path = tmp_path / "x.ips"
    path.write_text(json.dumps({"bug_type": "309"}) + "\n", "utf-8")
    (found,) = triage_files([path])
    assert found.code == "unreadable-crash-report"
    assert found.evidence.text == "only the header line, no report body"


def test_triage_groups_as_the_report_does(tmp_path: Path) -> None:
    log = tmp_path / "console.log"
    log.write_text("Terminated due to memory issue\nTerminated due to memory issue (again)\n"
                   "The app terminated with the exit code 9.\n", "utf-8")
    found = triage_files([log])
    expected = as_reported(scan_lines(log.read_text().splitlines(), "console.log"))
    assert [(d.code, d.count) for d in found] == [(d.code, d.count) for d in expected]
    assert [(d.code, d.count) for d in found] == [("jetsam-memory-limit", 2), ("killed-exit-9", 1)]
    # what a report's Diagnostics shows for the same lines: one entry per code, same order
    shown = [d for g in by_severity(group(scan_lines(log.read_text().splitlines(), "c")))
             for d in g.items]
    assert [(d.code, d.count) for d in shown] == [(d.code, d.count) for d in found]
