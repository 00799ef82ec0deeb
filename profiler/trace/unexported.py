"""A run folder whose export was cut short (Ctrl-C, a failed ``xctrace export``) is refused.

``run.json`` says, for each recording, whether its export finished. When it did not, the
report would be empty or partial without saying why; instead the user gets one error naming
the missing exports and the ``xcrun xctrace export`` commands that make them on a Mac.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from profiler.errors import InputError
from profiler.runrecord import ExportStatus, RunRecord
from profiler.trace import catalog
from profiler.trace.export_commands import shown, table_args, table_file, toc_args

TOC_NAME = "toc.xml"


def check_exported(folder: Path, run: RunRecord) -> None:
    """Raise InputError for the first recording whose export did not finish."""
    for entry in run.recordings:
        rec_dir = folder / (entry.folder or entry.name)
        bundle = folder / entry.bundle if entry.bundle else rec_dir / f"{entry.name}.trace"
        cut_short = entry.export is ExportStatus.FAILED or (
            entry.export is None and bundle.exists())  # the process died while exporting
        if not cut_short or not rec_dir.is_dir():
            continue
        missing, commands = _missing(bundle, rec_dir)
        if not missing:
            continue
        again = f"profiler report {shlex.quote(str(folder))}"
        raise InputError(
            f"{entry.name} was not fully exported (interrupted or failed); missing: "
            f"{', '.join(missing)}", path=rec_dir,
            hint=f"on a Mac with the trace, run: {' && '.join(commands)}; then {again}")


def _missing(bundle: Path, rec_dir: Path) -> tuple[list[str], list[str]]:
    """(missing file names, the commands that export them)."""
    toc = rec_dir / TOC_NAME
    if not toc.is_file():
        return [TOC_NAME, "every table"], [
            shown(toc_args(str(bundle), str(toc))),
            f"profiler report {shlex.quote(str(bundle))} (exports the tables the TOC lists)"]
    from profiler.trace.toc import read_toc

    listed = [(r.number, t.schema) for r in read_toc(toc).runs for t in r.tables
              if catalog.exported(t.schema)]
    runs = len({n for n, _ in listed}) or 1
    missing, commands = [], []
    for number, schema in dict.fromkeys(listed):
        out = table_file(rec_dir, number, schema, runs)
        if not out.is_file():
            missing.append(out.name)
            commands.append(shown(table_args(str(bundle), number, schema, str(out))))
    return missing, commands
