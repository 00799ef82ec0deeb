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


def nothing_measured(analysis: Any) -> str | None:
    """The one-line warning of a report without a single figure, or None when it has one:
    what the input holds and which tables were looked for (issue 15 refines the wording)."""
    from profiler.trace import catalog

    if analysis.measured:
        return None
    held = ", ".join(f"{name} ({rows} rows)" for name, rows in analysis.tables_read)
    return (f"nothing measured: the input holds {held or 'no table'}; looked for "
            f"{', '.join(catalog.names())} (pass --allow-empty to accept a report without figures)")
