"""One store (``stores/indexed-store-K/``): its schema, its row layout and its rows.

- ``schema.xml``: ``<schema name topology><column mnemonic engineeringName engineeringType
  topologyField?>…``, the columns in xctrace's export order.
- ``bulkstore_descriptor``: an NSKeyedArchiver ``XREventDescriptor`` whose ``_fields``
  (``_name``, ``_index``, ``_type``) give the row layout in ``_index`` order: type 1 = u32,
  2 = u64, 6 = interval topology (u64 time, u64 duration, u32 category 1, u32 category 2),
  7 = point topology (u64 time, u32 category 1, u32 category 2). A column stored in the
  topology names its part in ``topologyField``; any other column is the field of its mnemonic.
- ``bulkstore``: a 4 KiB header (u32 ``0x12340A0A, 3, 40, 4096, row size, …``) then fixed-size
  little-endian rows; all-zero rows are unused slots and skipped.

The rows become one numpy structured array (no Python object per row). The row count comes
from the file's real size, never from a header, so a lying header cannot make it allocate.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from profiler.errors import TraceFormatError
from profiler.trace.bundle.archive import Archive, Obj
from profiler.trace.bundle.files import HINT, BundleFiles

MAGIC = 0x12340A0A
HEADER_BYTES = 4096
_FIELD_DTYPES = {1: "<u4", 2: "<u8"}
_TOPOLOGY = {
    6: [("start", "<u8"), ("duration", "<u8"), ("cat1", "<u4"), ("cat2", "<u4")],
    7: [("start", "<u8"), ("cat1", "<u4"), ("cat2", "<u4")],
}
_TOPOLOGY_FIELDS = {
    "XRTraceRelativeTimestampFieldID": "start",
    "XRDurationFieldID": "duration",
    "XRCategory1FieldID": "cat1",
    "XRCategory2FieldID": "cat2",
}


class Unsupported(Exception):
    """A store whose layout the reader does not understand (not damage): it is listed, not read."""


@dataclass(frozen=True)
class StoreColumn:
    mnemonic: str
    name: str | None
    xr_type: str
    field: str  # the numpy field holding the cell


@dataclass(frozen=True)
class StoreLayout:
    schema: str
    columns: tuple[StoreColumn, ...]
    dtype: Any  # numpy structured dtype of one row
    declared_rows: int | None  # the descriptor's next_event_id (a check, never an allocation)


def read_layout(files: BundleFiles, folder: str) -> StoreLayout:
    """Schema and row layout of the store in ``folder``."""
    import numpy as np

    schema_name, columns = _schema(files, f"{folder}/schema.xml")
    fields, event_size, declared = _descriptor(files, f"{folder}/bulkstore_descriptor")
    parts: list[tuple[str, str]] = []
    names: set[str] = set()
    for kind, name in fields:
        if kind in _TOPOLOGY:
            parts += _TOPOLOGY[kind]
        elif kind in _FIELD_DTYPES:
            parts.append((f"f:{name}", _FIELD_DTYPES[kind]))
        else:
            raise Unsupported(f"field {name!r} has storage type {kind}, which the reader does not know")
        names.update(p for p, _ in parts)
    dtype = np.dtype(parts)
    if event_size is not None and dtype.itemsize != event_size:
        raise Unsupported(f"fields add up to {dtype.itemsize} bytes, the descriptor says {event_size}")
    placed = []
    for mnemonic, label, xr_type, topology in columns:
        field = _TOPOLOGY_FIELDS.get(topology or "", f"f:{mnemonic}")
        if field not in names:
            raise Unsupported(f"column {mnemonic!r} has no stored field")
        placed.append(StoreColumn(mnemonic, label, xr_type, field))
    return StoreLayout(schema_name, tuple(placed), dtype, declared)


def _schema(files: BundleFiles, rel: str) -> tuple[str, list[tuple[str, str | None, str, str | None]]]:
    from lxml import etree

    from profiler.trace.xml import make_parser

    data = files.read(rel)
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise TraceFormatError("DOCTYPE or entity declaration refused", path=files.where(rel),
                               hint=HINT)
    try:
        root = etree.parse(io.BytesIO(data), make_parser()).getroot()
    except etree.XMLSyntaxError as exc:
        raise TraceFormatError(f"malformed schema ({exc})", path=files.where(rel), hint=HINT) from None
    if root.tag != "schema" or not root.get("name"):
        raise TraceFormatError("not a store schema", path=files.where(rel), hint=HINT)
    columns = [
        (c.get("mnemonic") or "", c.get("engineeringName"), c.get("engineeringType") or "",
         c.get("topologyField"))
        for c in root.iterchildren("column")
    ]
    return root.get("name"), columns


def _descriptor(files: BundleFiles, rel: str) -> tuple[list[tuple[int, str]], int | None, int | None]:
    archive = Archive(files.read(rel), files.where(rel))
    root = archive.root()
    desc = archive.get(root.get("$0")) if isinstance(root, Obj) and "$0" in root else root
    if not isinstance(desc, dict) or "_fields" not in desc:
        raise TraceFormatError("not an event descriptor", path=files.where(rel), hint=HINT)
    if archive.get(desc.get("_variableSize")):
        raise Unsupported("variable-size rows")
    fields = []
    for raw in archive.get(desc["_fields"]) or []:
        field = archive.get(raw)
        inner = archive.get(field.get("$0")) if isinstance(field, Obj) and "$0" in field else field
        if not isinstance(inner, dict):
            raise TraceFormatError("damaged field descriptor", path=files.where(rel), hint=HINT)
        index, name, kind = (archive.get(inner.get(k)) for k in ("_index", "_name", "_type"))
        if not (isinstance(index, int) and isinstance(name, str) and isinstance(kind, int)):
            raise TraceFormatError("damaged field descriptor", path=files.where(rel), hint=HINT)
        fields.append((index, kind, name))
    fields.sort()
    if [i for i, _, _ in fields] != list(range(len(fields))):
        raise TraceFormatError("field indexes are not 0..n-1", path=files.where(rel), hint=HINT)
    size = archive.get(desc.get("_maxEventSize"))
    props = archive.get(desc.get("_props"))
    declared = archive.get(props.get("next_event_id")) if isinstance(props, dict) else None
    return ([(k, n) for _, k, n in fields], size if isinstance(size, int) else None,
            declared if isinstance(declared, int) else None)


def read_rows(files: BundleFiles, folder: str, layout: StoreLayout) -> Any:
    """The store's used rows as a numpy structured array, in stored order."""
    import numpy as np

    rel = f"{folder}/bulkstore"
    where = files.where(rel)
    data = files.read(rel)
    if len(data) < HEADER_BYTES:
        raise TraceFormatError(f"bulkstore is truncated ({len(data)} bytes, header is 4096)",
                               path=where, hint=HINT)
    header = np.frombuffer(data, dtype="<u4", count=5)
    if int(header[0]) != MAGIC or int(header[3]) != HEADER_BYTES:
        raise TraceFormatError("bulkstore header has the wrong magic or header size", path=where,
                               hint=HINT)
    size = layout.dtype.itemsize
    if int(header[4]) != size:
        raise TraceFormatError(
            f"bulkstore rows are {int(header[4])} bytes, its descriptor says {size}",
            path=where, hint=HINT)
    body = len(data) - HEADER_BYTES
    if body % size:
        raise TraceFormatError(
            f"bulkstore is truncated: {body} bytes of rows is not a whole number of {size}-byte rows",
            path=where, hint=HINT)
    slots = body // size
    if slots > files.limits.rows:
        raise TraceFormatError(f"bulkstore holds {slots} rows, beyond the {files.limits.rows} cap",
                               path=where, hint=HINT)
    used = _used(data, slots, size)
    rows = np.frombuffer(data, dtype=layout.dtype, offset=HEADER_BYTES)
    if used.all():
        return rows
    # Taken as opaque fixed-size items: numpy takes structured rows field by field, ~4x slower.
    return rows.view(np.dtype((np.void, size)))[used].view(rows.dtype)


def _used(data: bytes, slots: int, size: int) -> Any:
    """One bool per row slot: not all zero (an unused slot is all zero).

    Rows are whole u32 words (every stored field is a u32 or a u64), so they are tested a word
    at a time, u64 when the row size allows: the words of a row are OR-ed one word column at a
    time, which is about twice as fast as ``any(axis=1)`` (a reduction along a short axis).
    """
    import numpy as np

    word = next(w for w in (8, 4, 1) if size % w == 0)
    raw = np.frombuffer(data, dtype=f"<u{word}", offset=HEADER_BYTES).reshape(slots, size // word)
    if word == 1 or raw.shape[1] == 1:
        return raw.any(axis=1)
    acc = raw[:, 0] | raw[:, 1]
    for j in range(2, raw.shape[1]):
        acc |= raw[:, j]
    return acc != 0
