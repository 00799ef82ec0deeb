"""`profiler.load`: find the exports behind a path and read the tables the analysis needs.

Accepted inputs:

- a run folder: optional ``run.json`` and one folder per recording (``run-1/``, ``run-2/`` …);
- one recording folder: ``toc.xml``, ``<schema>.xml`` exports, optional ``console.log`` and
  ``crashes/*.ips`` and ``*.ips`` beside the exports;
- a single table export (gives only what that table supports);
- a ``.trace`` bundle (a folder, or a ``.trace.zip``), read as ``reader`` says
  (:class:`profiler.readers.Reader`): ``bundle`` and ``auto`` read its stores directly
  (:mod:`profiler.trace.bundled`; ``auto`` exports what the bundle reader cannot decode through
  ``exporter``); ``xctrace`` exports the bundle beside itself through ``exporter`` (the trace
  layer never runs xcrun; :func:`profiler.load` passes ``device/export.py``'s when xcrun is
  found), otherwise a :class:`ToolMissingError` that spells out the export commands to run on
  a Mac. ``auto`` goes the ``xctrace`` way when the bundle reader cannot read the bundle at
  all. Exports found beside the bundle are reused, never redone.

The tables of interest are the entries of :mod:`profiler.trace.catalog`.
"""

from __future__ import annotations

import re
from pathlib import Path

from profiler.errors import InputError, ToolMissingError
from profiler.inputs import is_input
from profiler.readers import Reader
from profiler.runrecord import RunRecord, read_run_record
from profiler.trace import catalog
from profiler.trace.bundled import load_bundle, writable_export_folder
from profiler.trace.catalog import canonical
from profiler.trace.consistency import check_one_recording
from profiler.trace.export_commands import (
    ZIP_SUFFIX,
    Exporter,
    bundle_commands,
    export_folder,
    is_bundle,
    shown,
    table_args,
)
from profiler.trace.model import LoadedRecording, LoadedRun, Table, Toc, TocRun
from profiler.trace.source import sniff
from profiler.trace.tables import read_tables
from profiler.trace.toc import read_toc

TOC_NAMES = ("toc.xml",)
_RUN_DIR = re.compile(r"^run-(\d+)$")
HINT = ("pass a run folder (run.json + run-1/ …), a recording folder (toc.xml + <schema>.xml "
        "exports), one exported table XML, or a .trace bundle")


def load(path: str | Path, *, exporter: Exporter | None = None,
         reader: Reader | str = Reader.AUTO, every_store: bool = False) -> LoadedRun:
    """Read what is at ``path`` into a :class:`LoadedRun` (see the module docstring).

    ``exporter`` exports a ``.trace`` bundle into a folder; None means none is available here.
    ``every_store`` reads every store of a bundle, not only the tables of interest
    (``profiler tables``).
    """
    p = Path(path)
    if not p.exists():
        raise InputError("no such file or folder", path=p, hint=HINT)
    if is_bundle(p):
        return _from_bundle(p, exporter, Reader(reader), every_store)
    if p.is_file():
        if sniff(p) == "toc":
            # toc.xml stands for its recording folder; another TOC file is read on its own.
            if p.name in TOC_NAMES:
                return _from_recording_folder(p.parent)
            return LoadedRun(p.stem, str(p), tuple(_recordings_in(p.parent, p, tables=False)))
        return _from_table_file(p)
    if not p.is_dir():
        raise InputError("not a regular file or folder", path=p, hint=HINT)
    if _toc_file(p) is not None:
        return _from_recording_folder(p)
    recordings = _recording_dirs(p)
    if recordings:
        return _from_run_folder(p, recordings)
    if any(f.suffix == ".xml" for f in p.iterdir() if f.is_file()):
        return _from_recording_folder(p)  # exports without a TOC
    raise InputError("not a run folder, recording folder, table export or .trace bundle",
                     path=p, hint=HINT)


# ---- folders -------------------------------------------------------------------------------------

def _toc_file(folder: Path) -> Path | None:
    for name in TOC_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def _recording_dirs(folder: Path) -> list[Path]:
    """Sub-folders holding a recording: ``run-K`` in numeric order, then others by name."""
    dirs = [d for d in folder.iterdir() if d.is_dir() and (
        _toc_file(d) is not None or _RUN_DIR.match(d.name))]

    def order(d: Path) -> tuple[int, int, str]:
        m = _RUN_DIR.match(d.name)
        return (0, int(m.group(1)), "") if m else (1, 0, d.name)

    return sorted(dirs, key=order)


def _from_run_folder(folder: Path, dirs: list[Path]) -> LoadedRun:
    meta = folder / "run.json"
    run: RunRecord | None = read_run_record(meta, inside=folder) if is_input(meta) else None
    if run is not None:
        from profiler.trace.unexported import check_exported

        check_exported(folder, run)  # an export cut short is said, never an empty report
    recordings: list[LoadedRecording] = []
    for d in dirs:
        recordings.extend(_recordings_in(d))
    return LoadedRun(folder.name, str(folder), tuple(recordings), run)


def _from_recording_folder(folder: Path) -> LoadedRun:
    return LoadedRun(folder.name, str(folder), tuple(_recordings_in(folder)))


def _recordings_in(folder: Path, toc_path: Path | None = None, *,
                   tables: bool = True) -> list[LoadedRecording]:
    """One recording per TOC run (normally one) with its tables and what is missing."""
    toc_path = toc_path or _toc_file(folder)
    toc: Toc | None = read_toc(toc_path) if toc_path is not None else None
    found = _read_folder_tables(folder, toc, toc_path) if tables else []
    if toc is None:
        check_one_recording(folder, found)  # nothing else says these files belong together
    console = folder / "console.log"
    # crash reports under crashes/, and JetsamEvent reports saved beside the exports
    crashes = tuple(str(c) for c in sorted((folder / "crashes").glob("*.ips"))) \
        if tables and (folder / "crashes").is_dir() else ()
    crashes += tuple(str(c) for c in sorted(folder.glob("*.ips")) if is_input(c)) if tables \
        else ()  # a FIFO or a link is listed: the reader refuses it loudly, never skips it
    runs: list[TocRun | None] = list(toc.runs) if toc and toc.runs else [None]
    out = []
    for run in runs:
        mine = [t for t in found
                if run is None or len(runs) == 1 or (t.run_number or 1) == run.number]
        by_schema: dict[str, list[Table]] = {}
        for table in mine:
            by_schema.setdefault(table.schema.name or Path(table.path).stem, []).append(table)
        name = folder.name if len(runs) == 1 else f"{folder.name}#{run.number if run else 1}"
        out.append(LoadedRecording(
            name=name, folder=str(folder), toc_run=run,
            tables={k: tuple(v) for k, v in by_schema.items()},
            missing=_missing(by_schema, run, toc is not None),
            console_log=str(console) if tables and is_input(console) else None,
            crash_reports=crashes,
        ))
    return out


def _read_folder_tables(folder: Path, toc: Toc | None, toc_path: Path | None) -> list[Table]:
    """Parse the exports worth reading: tables of interest, or files the TOC does not explain."""
    listed = {canonical(t.schema) for run in (toc.runs if toc else ()) for t in run.tables}
    tables: list[Table] = []
    for file in sorted(folder.glob("*.xml")):
        if toc_path is not None and file.resolve() == toc_path.resolve():
            continue
        stem = canonical(file.name.split(".")[0])
        if catalog.entry(stem) is None and stem in listed:
            continue  # e.g. a big time-profile export: not needed for the analysis
        if sniff(file) != "table":
            continue
        tables.extend(read_tables(file))
    return tables


def _missing(by_schema: dict[str, list[Table]], run: TocRun | None,
             have_toc: bool) -> dict[str, str]:
    present = {canonical(k): v for k, v in by_schema.items()}
    in_toc = {canonical(t.schema): t.schema for t in run.tables} if run else {}
    out: dict[str, str] = {}
    for schema in catalog.names():
        found = present.get(schema)
        if found:
            if all(t.row_count == 0 for t in found):
                out[schema] = "exported empty (0 rows)"
            continue
        if have_toc and schema not in in_toc:
            out[schema] = "not in TOC (its instrument was not recorded)"
        elif have_toc:
            number = run.number if run else 1
            out[schema] = (f"not exported (listed in the TOC; export it with: "
                           f"{shown(table_args('<trace>', number, in_toc[schema], f'{schema}.xml'))})")
        else:
            out[schema] = "not exported (no such file in the folder)"
    return out


def _from_table_file(path: Path) -> LoadedRun:
    tables = read_tables(path)
    by_schema: dict[str, list[Table]] = {}
    for table in tables:
        by_schema.setdefault(table.schema.name or path.stem, []).append(table)
    present = {canonical(k) for k in by_schema}
    missing = {s: "not in this export (a single table file was given)"
               for s in catalog.names() if s not in present}
    for schema, found in by_schema.items():
        if all(t.row_count == 0 for t in found):
            missing[canonical(schema) or schema] = "exported empty (0 rows)"
    recording = LoadedRecording(path.stem, str(path.parent), None,
                                {k: tuple(v) for k, v in by_schema.items()}, missing)
    return LoadedRun(path.stem, str(path), (recording,))


# ---- .trace bundles ------------------------------------------------------------------------------

def _from_bundle(bundle: Path, exporter: Exporter | None, reader: Reader,
                 every_store: bool) -> LoadedRun:
    if reader is Reader.XCTRACE:
        return _exported_bundle(bundle, exporter)
    try:
        return load_bundle(bundle, exporter=exporter if reader is Reader.AUTO else None,
                           every_store=every_store)
    except InputError as exc:  # the bundle reader cannot read this bundle at all
        if reader is Reader.BUNDLE or bundle.name.endswith(ZIP_SUFFIX) or (
                exporter is None and _toc_file(export_folder(bundle)) is None):
            exc.hint = ((exc.hint + "; ") if exc.hint else "") + (
                "or export it with xctrace on a Mac (`--reader xctrace` prints the commands)")
            raise
    return _exported_bundle(bundle, exporter)


def _exported_bundle(bundle: Path, exporter: Exporter | None) -> LoadedRun:
    """The bundle exported with xctrace beside itself (once: an earlier export is reused)."""
    out = export_folder(bundle)
    if _toc_file(out) is not None and not out.is_symlink():  # exported before: reuse
        return _from_recording_folder(out)
    if exporter is None:
        commands = bundle_commands(bundle)
        xcrun = [c for c in commands if c.startswith("xcrun ")]
        raise ToolMissingError(
            "xcrun not found: a .trace bundle can only be exported on a Mac with Xcode; run: "
            + " ; ".join(xcrun[:2]) + " (one such command per table of interest)",
            path=bundle,
            hint="on the Mac, run these, then pass the folder to profiler:\n  "
            + "\n  ".join(commands),
        )
    if bundle.name.endswith(ZIP_SUFFIX):
        raise InputError("xctrace reads .trace folders, not zip archives", path=bundle,
                         hint=f"unzip it ({bundle_commands(bundle)[0]}) and pass the .trace "
                         "folder, or read it with --reader bundle")
    exporter(bundle, writable_export_folder(bundle))
    return _from_recording_folder(out)
