"""Where things are in a bundle: runs, their tables and the stores that hold them.

- Runs are ``corespace/run<N>/core/`` (``currentRun`` is a working copy and is skipped).
- ``core/table-manager/tables.plist`` (NSKeyedArchiver) maps table ids to
  ``{spec: {schemaName, attributes}, storeSubpath, side}``; several ids (and both sides) can
  share one store. Only ``side 0`` is read. One :class:`TableSpec` is kept per store: the first
  by table id.
- ``storeSubpath`` is relative to ``corespace/`` and must stay inside the run's ``stores/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from profiler.errors import TraceFormatError
from profiler.trace.bundle.archive import Archive, Obj, int_keyed
from profiler.trace.bundle.files import HINT, BundleFiles

_RUN = re.compile(r"^run(\d+)$")
_STORE = re.compile(r"^run(\d+)/core/stores/([A-Za-z0-9_.-]+)$")


@dataclass(frozen=True)
class TableSpec:
    """One table of a run as Instruments declared it (one per store)."""

    schema: str
    attributes: dict[str, str] = field(default_factory=dict)
    store: str = ""  # the store folder, relative to the bundle root


def run_numbers(files: BundleFiles) -> list[int]:
    """The run numbers present under ``corespace/``, ascending."""
    runs = sorted(int(m.group(1)) for name in files.listdir("corespace") if (m := _RUN.match(name)))
    if not runs:
        raise TraceFormatError(
            "no corespace/run<N>/ folder: not an Instruments .trace bundle (or an empty one)",
            path=files.path,
            hint="pass the .trace folder (or .trace.zip) Instruments or `xctrace record` wrote",
        )
    return runs


def run_tables(files: BundleFiles, run: int) -> list[TableSpec]:
    """The run's tables, one per store, in store order."""
    rel = f"corespace/run{run}/core/table-manager/tables.plist"
    where = files.where(rel)
    archive = Archive(files.read(rel), where)
    root = archive.root()
    if not isinstance(root, dict) or "tableDetails" not in root:
        raise TraceFormatError("table index without tableDetails", path=where, hint=HINT)
    by_store: dict[str, tuple[int, TableSpec]] = {}
    for table_id, raw in sorted(int_keyed(archive, root["tableDetails"]).items()):
        detail = archive.get(raw)
        if not isinstance(detail, dict) or archive.get(detail.get("side")) != 0:
            continue
        spec = archive.get(detail.get("spec"))
        subpath = archive.get(detail.get("storeSubpath"))
        if not isinstance(spec, Obj) or not isinstance(subpath, str):
            raise TraceFormatError(f"table {table_id} has no spec or store", path=where, hint=HINT)
        m = _STORE.match(subpath)
        if m is None or int(m.group(1)) != run:
            raise TraceFormatError(f"table {table_id} names store {subpath!r} outside run {run}",
                                   path=where, hint=HINT)
        name = archive.get(spec.get("schemaName"))
        if not isinstance(name, str):
            raise TraceFormatError(f"table {table_id} has no schema name", path=where, hint=HINT)
        attributes = archive.full(spec.get("attributes")) or {}
        store = f"corespace/{subpath}"
        if store not in by_store:
            by_store[store] = (table_id, TableSpec(name, _attributes(attributes), store))
    return [spec for _, spec in sorted(by_store.values(), key=lambda p: _store_order(p[1].store))]


def _store_order(store: str) -> tuple[int, str]:
    tail = store.rsplit("-", 1)[-1]
    return (int(tail), store) if tail.isdigit() else (1 << 30, store)


def _attributes(raw: object) -> dict[str, str]:
    """Spec attributes as ``xctrace export --toc`` prints them on ``<table>``."""
    if not isinstance(raw, dict):
        return {}
    return {str(k): _attribute(v) for k, v in raw.items()}


def _attribute(value: object) -> str:
    # As seen in real TOCs: booleans print 0/1, lists are space-separated, and a string with
    # anything but letters, digits and '-' is double-quoted inside a list or on its own
    # ("0x07,0x00", "CORE_ACTIVE_CYCLE"), while 'ALL', 'SINGLE', 'user' are bare.
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return " ".join(_attribute(v) for v in value)
    text = str(value)
    if isinstance(value, str) and re.search(r"[^A-Za-z0-9-]", text):
        return f'"{text}"'
    return text
