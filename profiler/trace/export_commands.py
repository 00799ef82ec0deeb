"""The ``xctrace export`` commands that produce the layout :func:`profiler.load` reads.

A recording folder holds ``toc.xml`` and one ``<schema>.xml`` per table (``<schema>.run-K.xml``
when one bundle holds several runs). The argument lists here are used by ``device/export.py``
to run the export, by ``profiler run --dry-run`` to show it, and by the ``.trace`` hint to tell
the user what to run on a Mac; the tables come from :mod:`profiler.trace.catalog`.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from profiler.trace import catalog

ZIP_SUFFIX = ".trace.zip"


class Exporter(Protocol):
    """Exports a ``.trace`` bundle folder into ``folder`` in the layout above.

    Without ``tables``: the TOC and every table of interest the TOC lists. With ``tables``:
    only those ``(run number, schema as the bundle spells it)``, no TOC, each in the file
    :func:`table_file` names for a bundle of ``runs`` runs. ``device/export.py`` has one built
    on xcrun; :func:`profiler.trace.locate.load` calls it, the trace layer never runs xcrun.
    """

    def __call__(self, bundle: Path, folder: Path,
                 tables: Sequence[tuple[int, str]] | None = None, runs: int = 1) -> object: ...


def is_bundle(path: Path) -> bool:
    """A ``.trace`` bundle (folder) or a zip of one (``.trace.zip``), by its name."""
    return path.suffix == ".trace" or path.name.endswith(ZIP_SUFFIX)


def bundle_folder(bundle: Path) -> Path:
    """The ``.trace`` folder xctrace reads: the bundle itself, or what unzipping it gives."""
    return bundle.with_suffix("") if bundle.name.endswith(ZIP_SUFFIX) else bundle


def toc_args(bundle: str, out: str) -> list[str]:
    return ["xctrace", "export", "--input", bundle, "--toc", "--output", out]


def table_xpath(run_number: int | str, schema: str) -> str:
    return f'/trace-toc/run[@number="{run_number}"]/data/table[@schema="{schema}"]'


def table_args(bundle: str, run_number: int | str, schema: str, out: str) -> list[str]:
    return ["xctrace", "export", "--input", bundle, "--xpath", table_xpath(run_number, schema),
            "--output", out]


def table_file(folder: Path, run_number: int | str, schema: str, runs: int) -> Path:
    # One bundle normally holds one run; only a multi-run bundle needs the run in the name.
    return folder / (f"{schema}.xml" if runs <= 1 else f"{schema}.run-{run_number}.xml")


def shown(args: Sequence[str]) -> str:
    """How a command is shown to people: ``xcrun …`` with shell quoting."""
    return shlex.join(["xcrun", *args])


def export_folder(bundle: Path) -> Path:
    """Where a bundle's exports go: ``<name>.trace`` (or ``<name>.trace.zip``) → ``<name>/``."""
    return bundle_folder(bundle).with_suffix("")


def bundle_commands(bundle: Path) -> list[str]:
    """The shell lines that export ``bundle`` by hand: the TOC, then every exported table.

    Without the TOC it is unknown which spelling this Xcode uses, so every spelling is listed;
    a spelling the trace lacks exports an empty query result, which reads as no table.
    """
    out, folder = export_folder(bundle), bundle_folder(bundle)
    lines = [shlex.join(["unzip", str(bundle), "-d", str(folder.parent)])] if folder != bundle else []
    lines += [shlex.join(["mkdir", "-p", str(out)]),
              shown(toc_args(str(folder), str(out / "toc.xml")))]
    lines += [shown(table_args(str(folder), 1, s, str(out / f"{s}.xml")))
              for s in catalog.export_names()]
    return lines


def unexported_commands(recordings: Sequence[object]) -> tuple[str, ...]:
    """The ``xcrun xctrace export`` lines that export, into each recording's folder, every table
    of interest its TOC lists but the folder lacks (the trace's path is unknown: ``<trace>``).

    ``recordings`` are :class:`profiler.trace.model.LoadedRecording` values.
    """
    lines: list[tuple[int, int, str]] = []  # (run, catalog position, line): catalog order
    order = catalog.names()
    for rec in recordings:
        run = getattr(rec, "toc_run", None)
        if run is None:
            continue
        present = {catalog.canonical(name) for name in getattr(rec, "tables", {})}
        runs = sum(1 for r in recordings if getattr(r, "folder", None) == getattr(rec, "folder", None))
        for info in run.tables:
            entry = catalog.entry(info.schema)
            if entry is None or not entry.exported or entry.name in present:
                continue
            out = table_file(Path(getattr(rec, "folder", ".")), run.number, entry.name, runs)
            line = (run.number, order.index(entry.name),
                    shown(table_args("<trace>", run.number, info.schema, str(out))))
            if line not in lines:
                lines.append(line)
    return tuple(text for _, _, text in sorted(lines))
