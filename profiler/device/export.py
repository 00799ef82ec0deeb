"""Export a recorded ``.trace``: the TOC, then each table the TOC lists that the catalog
(:mod:`profiler.trace.catalog`) marks as exported; crash logs.

Files land in the recording folder in the layout ``profiler.load`` reads (``toc.xml`` and one
``<schema>.xml`` per table, :mod:`profiler.trace.export_commands`). :func:`bundle_exporter` is the
exporter ``profiler.load`` passes to the trace layer for a ``.trace`` bundle. Crash and jetsam
reports are kept when their timestamp falls in the recording's time window.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from profiler.device import devicectl
from profiler.device.xcrun import Xcrun, display, find_xcrun
from profiler.errors import InputError, ProfilerError, RecordingError, ToolMissingError
from profiler.trace import catalog
from profiler.trace.export_commands import Exporter, table_args, table_file, toc_args

EXPORT_TIMEOUT_S = 3600.0  # large tables have been reported to take up to 20 minutes


def toc_tables(toc: Path) -> list[tuple[str, str]]:
    """``(run number, schema)`` of every exported table the TOC lists, once each, in TOC order."""
    from lxml import etree

    from profiler.trace.xml import make_parser

    try:
        root = etree.parse(str(toc), make_parser()).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise RecordingError(f"the exported TOC cannot be read: {exc}", path=toc,
                             hint="re-export it with `xcrun xctrace export --input … --toc`") from exc
    out: list[tuple[str, str]] = []
    for run in root.iter("run"):
        number = run.get("number", "1")
        for table in run.iterfind("data/table"):
            schema = table.get("schema") or ""
            if catalog.exported(schema) and (number, schema) not in out:
                out.append((number, schema))
    return out


@dataclass
class ExportResult:
    toc: Path | None = None
    tables: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


Progress = Callable[[int, int, str], None]  # i, n, schema


def _fail(done, args: list[str], what: str, bundle: Path) -> RecordingError:
    detail = (done.stderr or done.stdout).strip().splitlines()
    return RecordingError(
        f"`{display(args)}` failed (exit {done.returncode}) exporting {what}"
        + (f": {detail[-1]}" if detail else ""),
        path=bundle,
        hint="the .trace bundle is kept; if recording was cut short it may be incomplete -- "
        "open it in Instruments, or record again",
    )


def export_recording(xcrun: Xcrun, bundle: Path, folder: Path,
                     progress: Progress | None = None,
                     tables: Sequence[tuple[int, str]] | None = None,
                     runs: int = 1) -> ExportResult:
    """Export the TOC, then every table of interest (or, with ``tables``, only those
    ``(run number, schema)`` of a bundle of ``runs`` runs, without the TOC); an export failure
    raises RecordingError."""
    progress = progress or (lambda *_: None)
    result = ExportResult()
    if tables is None:
        toc = folder / "toc.xml"
        args = toc_args(str(bundle), str(_new_file(toc)))
        progress(0, 0, "toc")
        done = xcrun.run(args, timeout=EXPORT_TIMEOUT_S)
        if done.returncode != 0 or not toc.is_file():
            raise _fail(done, args, "the table of contents", bundle)
        result.toc = toc
        wanted = toc_tables(toc)
    else:
        wanted = [(str(number), schema) for number, schema in tables]
    if tables is None:
        runs = len({number for number, _ in wanted})
    for i, (number, schema) in enumerate(wanted, start=1):
        progress(i, len(wanted), schema)
        out = _new_file(table_file(folder, number, schema, runs))
        args = table_args(str(bundle), number, schema, str(out))
        done = xcrun.run(args, timeout=EXPORT_TIMEOUT_S)
        if done.returncode != 0 or not out.is_file():
            result.failed.append(schema)
            raise _fail(done, args, f"table {schema}", bundle)
        result.tables.append(out.name)
    return result


def _new_file(path: Path) -> Path:
    """``path``, unless something is there that xctrace would write through (a link, a FIFO)."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise InputError("is a symbolic link or not a regular file; an export is never written "
                         "through one", path=path, hint="remove it, then export again")
    return path


@dataclass(frozen=True)
class XcrunExporter:
    """Exports a ``.trace`` bundle with this Mac's xcrun (what :func:`profiler.load` uses)."""

    xcrun_path: str

    def __call__(self, bundle: Path, folder: Path,
                 tables: Sequence[tuple[int, str]] | None = None, runs: int = 1) -> ExportResult:
        return export_recording(Xcrun(path=self.xcrun_path), bundle, folder, tables=tables,
                                runs=runs)


def bundle_exporter(xcrun_path: str | None = None) -> Exporter | None:
    """An exporter for ``.trace`` bundles, or None when no xcrun is available here."""
    if xcrun_path:
        return XcrunExporter(xcrun_path)
    try:
        return XcrunExporter(find_xcrun())
    except ToolMissingError:
        return None  # the trace layer then spells out the export commands to run on a Mac


_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2}-\d{6})")


def report_time(path: Path) -> datetime:
    """When a crash report was written: the ``YYYY-MM-DD-HHMMSS`` in its name, else its mtime."""
    match = _STAMP.search(path.name)
    if match:
        try:
            return datetime.strptime(match.group(1), "%Y-%m-%d-%H%M%S").astimezone()
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone()


def pull_crash_logs(xcrun: Xcrun, device: devicectl.Device, start: datetime, end: datetime,
                    destination: Path) -> list[str]:
    """Copy the device's crash/jetsam reports and keep those from ``start - 60 s`` to ``end + 120 s``.

    The window is generous because the device clock and the Mac clock may differ slightly and
    a jetsam report is written shortly after the kill.
    """
    lo, hi = start - timedelta(seconds=60), end + timedelta(seconds=120)
    kept: list[str] = []
    with tempfile.TemporaryDirectory(prefix="profiler-crashes-") as tmp:
        try:
            devicectl.copy_crash_logs(xcrun, device, Path(tmp))
        except ProfilerError:
            raise
        for path in sorted(Path(tmp).rglob("*")):
            if path.is_file() and path.suffix in (".ips", ".crash") and lo <= report_time(path) <= hi:
                destination.mkdir(parents=True, exist_ok=True)
                target = destination / path.name
                if not target.exists():
                    shutil.copy2(path, target)
                    kept.append(path.name)
    return kept
