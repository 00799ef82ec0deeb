"""Argument checks for `profiler report` that are not worth a line in the thin command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from profiler.errors import InputError


def require_input(path: Path) -> None:
    """A one-line error for a path that does not exist (before any heavy loading)."""
    if not path.exists():
        raise InputError("no such file or folder", path=path,
                         hint="pass a run folder, a recording folder, a table export or a .trace")


def default_name(path: Path) -> str:
    """The report name for an input, as `profiler.load` names the run.

    A folder gives its name, ``run-1/toc.xml`` its folder's, a table export or ``.trace`` its stem
    (``x`` for ``x.trace.zip`` too).
    """
    from profiler.trace.bundled import bundle_name
    from profiler.trace.export_commands import is_bundle

    p = path.resolve()
    if is_bundle(p):
        return bundle_name(p)
    if p.is_dir():
        return p.name
    if p.name in ("toc.xml", "TOC.xml"):
        return p.parent.name
    return p.stem


def nothing_measured(analysis: Any, path: Path) -> str | None:
    """The one-line warning of a report without a single figure, or None when it has one:
    what the input holds, which tables were looked for, and the command that lists the input."""
    import shlex

    from profiler.trace import catalog

    if analysis.measured:
        return None
    held = ", ".join(f"{name} ({rows} rows)" for name, rows in analysis.tables_read)
    if not analysis.tables_read and analysis.to_export:  # a TOC without its exports
        return ("nothing measured: the input holds a TOC but none of its tables was exported; "
                "export the tables the analysis reads, on the Mac that holds the trace, with:\n"
                + "\n".join(f"  {line}" for line in analysis.to_export)
                + "\n(pass --allow-empty to accept a report without figures)")
    return (f"nothing measured: the input holds {held or 'no table'}; looked for "
            f"{', '.join(catalog.names())}; see what it holds with "
            f"`profiler tables {shlex.quote(str(path))}` "
            "(pass --allow-empty to accept a report without figures)")


#: the headline card label of each figure :mod:`profiler.analysis.missing` explains
_LABELS = {
    "uncached_load_s": "Uncached load", "cached_load_s": "Cached load",
    "step_median_s": "Median step", "peak_footprint_bytes": "Peak app footprint",
    "system_used_peak_bytes": "System memory peak", "app_cpu_peak_percent": "App CPU peak",
    "system_cpu_peak_percent": "System CPU peak",
    "ane_busy_fraction": "Neural Engine busy",
}


def missing_lines(analysis: Any) -> list[str]:
    """One ``not measured`` line per missing headline figure, when something else was measured
    (a report with nothing at all gets the single :func:`nothing_measured` line instead)."""
    if not analysis.measured:
        return []
    return [f"not measured: {_LABELS.get(m.metric, m.metric)}: {m.reason.removeprefix('not available: ')}"
            for m in analysis.missing_figures]
