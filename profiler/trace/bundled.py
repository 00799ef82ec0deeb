"""A ``.trace`` bundle (a folder or a ``.trace.zip``) as recordings: the bundle reader first.

:func:`load_bundle` reads the tables of interest (:mod:`profiler.trace.catalog`; every store
with ``every_store``) with :func:`profiler.trace.bundle.read_bundle`, one
:class:`LoadedRecording` per run, with the bundle's TOC. A table of interest whose store the
bundle reader cannot decode is, in this order:

1. read from an export made before, ``<schema>.xml`` in the export folder beside the bundle;
2. exported with ``xctrace`` through ``exporter`` (``--reader auto`` with xcrun on this Mac)
   into that folder, and read from there;
3. listed in ``missing`` as "not readable from the bundle" with the exact ``xctrace export``
   command that exports it on a Mac.

Schemas decoded by a mapping no real export has confirmed are listed in
``LoadedRecording.unverified``. The export folder is created only when an export is run, never
through a symbolic link, and never over a file (:func:`writable_export_folder`).
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import TYPE_CHECKING

from profiler.errors import InputError, ProfilerError
from profiler.trace import catalog
from profiler.trace.catalog import canonical
from profiler.trace.export_commands import (
    ZIP_SUFFIX,
    Exporter,
    bundle_folder,
    export_folder,
    shown,
    table_args,
    table_file,
)
from profiler.trace.model import LoadedRecording, LoadedRun, Table

if TYPE_CHECKING:
    from profiler.trace.bundle import BundleRun

#: Every spelling of every table of interest: what ``read_bundle`` is asked to decode.
INTEREST = frozenset(s for e in catalog.TABLES for s in e.spellings)


def bundle_name(bundle: Path) -> str:
    """``x`` for ``x.trace`` and ``x.trace.zip``: the run's name, as for a folder."""
    return bundle_folder(bundle).stem


def load_bundle(bundle: Path, *, exporter: Exporter | None = None,
                every_store: bool = False) -> LoadedRun:
    """The bundle's runs as recordings (see the module docstring)."""
    from profiler.trace.bundle import read_bundle

    contents = read_bundle(bundle, schemas=None if every_store else INTEREST)
    runs = len(contents.runs)
    name = bundle_name(bundle)
    recordings = []
    for run, toc_run in zip(contents.runs, contents.toc.runs, strict=True):
        label = name if runs == 1 else f"{name}#{run.number}"
        tables, missing = _tables(bundle, run, runs, exporter, every_store)
        unverified = tuple(s.schema for s in run.stores
                           if s.rows is not None and not s.verified and s.schema in tables)
        recordings.append(LoadedRecording(
            name=label, folder=str(bundle), toc_run=toc_run, tables=tables,
            missing=missing, unverified=tuple(dict.fromkeys(unverified))))
    return LoadedRun(name, str(bundle), tuple(recordings))


def _tables(bundle: Path, run: BundleRun, runs: int, exporter: Exporter | None,
            every_store: bool) -> tuple[dict[str, tuple[Table, ...]], dict[str, str]]:
    tables = dict(run.tables)
    missing: dict[str, str] = {}
    for schema, why in run.unreadable.items():
        if catalog.entry(schema) is None and not every_store:
            continue
        key = canonical(schema) or schema
        try:
            exported = _exported(bundle, run.number, schema, runs,
                                 exporter if catalog.entry(schema) is not None else None)
        except ProfilerError as exc:  # an export refused, failed or unreadable: say so
            missing[key] = (f"not readable from the bundle, and not exported "
                            f"({exc.describe()}); export it by hand with: "
                            f"{_command(bundle, run.number, schema, runs)} ({why})")
            continue
        if exported is not None:
            tables[schema] = exported
        else:
            missing[key] = _unreadable(bundle, run.number, schema, runs, why, exporter)
    present = {canonical(s) for s in tables} | set(missing)
    for schema in catalog.names():
        found = [t for s, ts in tables.items() if canonical(s) == schema for t in ts]
        if found and all(t.row_count == 0 for t in found):
            missing[schema] = "recorded empty (0 rows in the bundle)"
        elif schema not in present:
            missing[schema] = "not in the bundle (its instrument was not recorded)"
    return tables, missing


def _command(bundle: Path, number: int, schema: str, runs: int) -> str:
    out = table_file(export_folder(bundle), number, schema, runs)
    return shown(table_args(str(bundle_folder(bundle)), number, schema, str(out)))


def _unreadable(bundle: Path, number: int, schema: str, runs: int, why: str,
                exporter: Exporter | None) -> str:
    command = _command(bundle, number, schema, runs)
    if bundle.name.endswith(ZIP_SUFFIX):
        return (f"not readable from the bundle; unzip the archive, then export it on a Mac "
                f"with: {command} ({why})")
    if exporter is not None and catalog.entry(schema) is not None:
        return f"not readable from the bundle, and xctrace exported nothing ({why})"
    return f"not readable from the bundle; export it on a Mac with: {command} ({why})"


def _exported(bundle: Path, number: int, schema: str, runs: int,
              exporter: Exporter | None) -> tuple[Table, ...] | None:
    """The table from an earlier export, or exported now through ``exporter``; None if neither."""
    from profiler.trace.tables import read_tables

    out = table_file(export_folder(bundle), number, schema, runs)
    if _kind(out) is None:
        if exporter is None or bundle.name.endswith(ZIP_SUFFIX):
            return None  # xctrace reads .trace folders, not archives
        exporter(bundle, writable_export_folder(bundle), [(number, schema)], runs)
        if _kind(out) is None:
            return None
    if _kind(out) != "file":
        raise InputError("is a symbolic link or not a regular file; an export is never read "
                         "or written through one", path=out,
                         hint="remove it; the next report exports the table again")
    return tuple(read_tables(out))


def _kind(path: Path) -> str | None:
    """None when nothing is at ``path``, "file" for a regular file, "other" for anything else
    (a symbolic link included: it is not followed)."""
    try:
        info = path.lstat()
    except (FileNotFoundError, NotADirectoryError):  # nothing there (or a file as its folder)
        return None
    except OSError:
        return "other"
    return "file" if stat.S_ISREG(info.st_mode) else "other"


def writable_export_folder(bundle: Path) -> Path:
    """The export folder beside ``bundle``, created if needed; never a link, never over a file.

    A file (or anything but a folder) with the folder's name, a symbolic link there, or a folder
    that cannot be created (read-only, no space) is an :class:`InputError` naming the path.
    """
    out = export_folder(bundle)
    hint = (f"move or rename what is at {out.name!r}, or copy {bundle.name!r} to a folder you "
            "can write to and pass the copy")
    try:
        info = out.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"cannot use the export folder: {exc.strerror or exc}", path=out,
                         hint=hint) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise InputError("the export folder is a symbolic link; exports are never written "
                             "through a link", path=out, hint=hint)
        if not stat.S_ISDIR(info.st_mode):
            raise InputError("a file is in the way of the export folder", path=out, hint=hint)
        return out
    try:
        out.mkdir()
    except OSError as exc:
        raise InputError(f"cannot create the export folder: {exc.strerror or exc}", path=out,
                         hint=hint) from None
    return out

