"""Whole-run entry points: :func:`diagnose` for a loaded run, :func:`triage_files` for bare files."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from profiler.analysis.diagnostics.finding import placed
from profiler.analysis.diagnostics.grouping import as_reported, group
from profiler.analysis.diagnostics.ips import read_ips, read_jetsam, same_process, scan_ips
from profiler.analysis.diagnostics.metrics import metric_findings
from profiler.analysis.diagnostics.oslog import scan_os_log
from profiler.analysis.diagnostics.signatures import findings
from profiler.analysis.diagnostics.text import scan_lines, scan_log_file
from profiler.analysis.series import RecordingSeries
from profiler.analysis.summary import Diagnostic, Evidence, Recording, Summary
from profiler.errors import InputError
from profiler.inputs import MAX_LOG_BYTES, is_input, open_input
from profiler.trace import catalog, lookup
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    from profiler.trace.model import LoadedRecording, LoadedRun


def is_ips(path: str | Path) -> bool:
    """True for an ``.ips`` name, or a file whose first line is a JSON object with bug_type."""
    p = Path(path)
    if p.suffix.lower() == ".ips":
        return True
    try:
        with open_input(p, what="log", max_bytes=MAX_LOG_BYTES) as handle:
            first = handle.readline(64 * 1024)
    except (OSError, InputError):
        return False  # the scan that follows says why it cannot be read
    return first.lstrip().startswith(b"{") and b'"bug_type"' in first


def triage_files(paths: Iterable[str | Path]) -> tuple[Diagnostic, ...]:
    """Scan text logs and .ips reports (no trace needed) and group the result.

    Raises InputError for the first file that cannot be used.
    """
    found: list[Diagnostic] = []
    for path in paths:
        found += scan_ips(path) if is_ips(path) else scan_log_file(path)
    return as_reported(found)  # as a report's Diagnostics shows them


def diagnose(
    loaded: LoadedRun,
    summary: Summary,
    series: Sequence[RecordingSeries],
    *,
    extra_logs: Iterable[str | Path] = (),
) -> tuple[Diagnostic, ...]:
    """Every diagnostic for a run: log tables, console logs, crash reports, ``extra_logs``
    (``profiler report --log``), then the metric findings; grouped.

    Files found beside the exports that cannot be read become an ``unreadable-log`` finding;
    an unreadable ``extra_logs`` file (named by the user) raises InputError.
    """
    found: list[Diagnostic] = []
    empty_coreml: list[str] = []
    for index, rec in enumerate(loaded.recordings):
        app = _app_name(rec, summary, index)
        log_name = catalog.main(Role.LOG).name
        mine: list[Diagnostic] = []
        for table in lookup.of_role(rec.tables, Role.LOG):
            mine += scan_os_log(table, f"{rec.name}: {log_name}")
        if _coreml_empty(rec):
            empty_coreml.append(rec.name)
        if rec.console_log:
            mine += _guarded(lambda r=rec: _console(r), rec.console_log, rec.name)
        start = rec.toc_run.summary.start_date if rec.toc_run is not None else None
        for report in rec.crash_reports:
            mine += _guarded(lambda p=report, a=app, s=start, f=rec.folder: _crash(p, a, s, f),
                             report, rec.name)
        # times of log tables and crash reports count from this recording's start
        found += placed(mine, _summary_recording(summary, rec.name, index), rec.name)
    for path in extra_logs:
        found += scan_ips(path) if is_ips(path) else scan_log_file(path)
    found += metric_findings(
        summary, series, measured_limit_bytes=measured_jetsam_limit(loaded, summary),
        empty_coreml=tuple(empty_coreml),
    )
    return group(found)


def measured_jetsam_limit(loaded: LoadedRun, summary: Summary) -> int | None:
    """The lowest per-process limit of a JetsamEvent report that killed the app, if any."""
    measured: int | None = None
    for index, rec in enumerate(loaded.recordings):
        app = _app_name(rec, summary, index)
        for report in rec.crash_reports:
            limit = _measured_limit(report, app, rec.folder)
            if limit is not None:
                measured = limit if measured is None else min(measured, limit)
    return measured


def _summary_recording(summary: Summary, name: str, index: int) -> Recording | None:
    for r in summary.recordings:
        if r.name == name:
            return r
    return summary.recordings[index] if index < len(summary.recordings) else None


def _app_name(rec: LoadedRecording, summary: Summary, index: int) -> str | None:
    target = rec.toc_run.target if rec.toc_run is not None else None
    if target is not None and target.name:
        return target.name
    if index < len(summary.recordings):
        process = summary.recordings[index].process
        if process is not None:
            return process.name
    return None


def _console(rec: LoadedRecording) -> list[Diagnostic]:
    log = rec.console_log or ""
    label = f"{rec.name}: console.log"
    if "\n" not in log and is_input(log):
        return scan_log_file(log, source=label, inside=rec.folder)
    return scan_lines(log.splitlines(), label)  # the log's text itself


def _crash(path: str, app: str | None, start: datetime | None,
           folder: str | None) -> list[Diagnostic]:
    return scan_ips(path, process=app, start=start, inside=folder)


def _measured_limit(path: str, app: str | None, folder: str | None) -> int | None:
    """The per-process limit from a JetsamEvent that killed the app (or a frontmost process)."""
    try:
        jet = read_jetsam(path, process=app, inside=folder)
    except InputError:
        return None
    if jet is None or jet.limit_bytes is None:
        return None
    ours = same_process(jet.killed_process, app) if app else jet.killed_frontmost
    return jet.limit_bytes if ours else None


def _guarded(scan, path: str, rec_name: str) -> list[Diagnostic]:  # type: ignore[no-untyped-def]
    try:
        return scan()
    except InputError as exc:
        f = findings()["unreadable-log"]
        return [
            Diagnostic(
                code=f.code,
                severity=f.severity,
                message=f.message,
                evidence=Evidence(text=exc.describe(), source=f"{rec_name}: {Path(path).name}"),
                source=rec_name,
                link=f.link,
                advice=f.advice,
            )
        ]


def _coreml_empty(rec: LoadedRecording) -> bool:
    tables = lookup.of_role(rec.tables, Role.CORE_ML)
    if tables:
        return all(t.row_count == 0 for t in tables)
    return any(
        _is_core_ml(k) and re.search(r"\bempty\b|\b0 rows\b|\bno rows\b", v, re.I)
        for k, v in rec.missing.items()
    )


def _is_core_ml(schema: str) -> bool:
    entry = catalog.entry(schema)
    return entry is not None and entry.role is Role.CORE_ML


__all__ = ["diagnose", "is_ips", "measured_jetsam_limit", "read_ips", "triage_files"]
