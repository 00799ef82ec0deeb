"""``read_bundle``: every store of every run, through one generic mapping, into :class:`Table`.

For each run: the table index gives one spec per store; each store's ``schema.xml`` and
descriptor give the row layout; the rows are read as one numpy structured array, sorted by
time (xctrace exports rows in time order; ties keep their stored order), and each column is
decoded by its engineering type (:mod:`profiler.trace.bundle.cells`). The frame has the XML
reader's columns, dtypes and derived columns (docs/data-model.md).

A store the reader does not understand (an unknown engineering or storage type) is listed in
``unreadable`` with the reason; damage (a truncated store, a header that disagrees with the
descriptor, a reference beyond a uniquing table) raises :class:`TraceFormatError`.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from profiler.errors import TraceFormatError
from profiler.trace.bundle.cells import Decoder, decode_column
from profiler.trace.bundle.contents import VERIFIED_SCHEMAS, BundleContents, BundleRun, StoreInfo
from profiler.trace.bundle.etypes import etype
from profiler.trace.bundle.files import HINT, BundleFiles, Limits, open_bundle
from profiler.trace.bundle.layout import TableSpec, run_numbers, run_tables
from profiler.trace.bundle.rundata import RunData, read_run_data
from profiler.trace.bundle.store import StoreLayout, Unsupported, read_layout, read_rows
from profiler.trace.bundle.toc import bundle_toc
from profiler.trace.bundle.uniquing import Uniquing
from profiler.trace.model import Column, Schema, Table


def read_bundle(path: str | Path, *, schemas: Collection[str] | None = None,
                limits: Limits | None = None) -> BundleContents:
    """Read a ``.trace`` bundle folder or ``.trace.zip``; ``schemas`` limits which stores are read."""
    with open_bundle(path, limits) as files:
        numbers = run_numbers(files)
        run_data = read_run_data(files)
        specs = {n: run_tables(files, n) for n in numbers}
        runs = tuple(_read_run(files, n, specs[n], run_data.get(n), schemas) for n in numbers)
    toc = bundle_toc(str(path), {n: (run_data.get(n), specs[n]) for n in numbers})
    return BundleContents(path=str(path), toc=toc, runs=runs)


def _read_run(files: BundleFiles, number: int, specs: list[TableSpec], data: RunData | None,
              wanted: Collection[str] | None) -> BundleRun:
    uniquing = Uniquing(files, f"corespace/run{number}/core/uniquing")
    decoder = Decoder(uniquing, data, _etype_names(files, number))
    tables: dict[str, list[Table]] = {}
    unreadable: dict[str, str] = {}
    stores: list[StoreInfo] = []
    raw: dict[str, Any] = {}
    for position, spec in enumerate(specs, 1):
        if wanted is not None and spec.schema not in wanted:
            stores.append(StoreInfo(number, spec.schema, spec.store, spec.attributes, None,
                                    spec.schema in VERIFIED_SCHEMAS, "not requested"))
            continue
        try:
            layout = read_layout(files, spec.store)
            unknown = sorted({c.xr_type for c in layout.columns if etype(c.xr_type) is None})
            if unknown:
                raise Unsupported(f"engineering types unknown to the reader: {', '.join(unknown)}")
        except Unsupported as exc:
            reason = f"{spec.store}: {exc}"
            unreadable.setdefault(spec.schema, reason)
            stores.append(StoreInfo(number, spec.schema, spec.store, spec.attributes, None, False, reason))
            continue
        table, rows = _table(files, spec, layout, decoder, (number, position))
        raw[spec.store] = (rows, layout)
        tables.setdefault(spec.schema, []).append(table)
        stores.append(StoreInfo(number, spec.schema, spec.store, spec.attributes, table.row_count,
                                spec.schema in VERIFIED_SCHEMAS, None))
    return BundleRun(number, {k: tuple(v) for k, v in tables.items()}, unreadable, tuple(stores),
                     _raw=raw, _decoder=decoder)


def _etype_names(files: BundleFiles, number: int) -> list[str]:
    from profiler.trace.bundle.archive import Archive

    rel = f"corespace/run{number}/core/uniquing/EngineeringTypes.etypes"
    if not files.exists(rel):
        return []
    archive = Archive(files.read(rel), files.where(rel))
    names = archive.full(archive.top.get("root"))
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise TraceFormatError("engineering type list is not a list of names",
                               path=files.where(rel), hint=HINT)
    return names


def _table(files: BundleFiles, spec: TableSpec, layout: StoreLayout, decoder: Decoder,
           where: tuple[int, int]) -> tuple[Table, Any]:
    import pandas as pd

    rows = read_rows(files, spec.store, layout)
    warnings: list[str] = []
    if layout.declared_rows is not None and layout.declared_rows != len(rows):
        warnings.append(f"store holds {len(rows)} rows, its descriptor counts {layout.declared_rows}")
    rows = _in_time_order(rows)
    out: dict[str, Any] = {}
    columns = []
    for col in layout.columns:
        et = etype(col.xr_type)
        assert et is not None  # checked by the caller
        columns.append(Column(mnemonic=col.mnemonic, name=col.name, engineering_type=et.name))
        arrays = decode_column(rows[col.field], et, col.xr_type, col.mnemonic, decoder, warnings)
        for key, array in arrays.items():
            if key == col.mnemonic or key not in out:
                out[key] = array
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(rows)), copy=False)
    reader = "bundle" if spec.schema in VERIFIED_SCHEMAS else "bundle (unverified decoding)"
    table = Table(path=files.where(spec.store), xpath=None, run_number=where[0], table_index=where[1],
                  schema=Schema(name=layout.schema, columns=tuple(columns)), frame=frame,
                  row_count=len(rows), warnings=tuple(warnings), reader=reader)
    return table, rows


def _in_time_order(rows: Any) -> Any:
    """``rows`` stably sorted by start time (ties keep their stored order)."""
    import numpy as np

    start = rows["start"]
    if len(start) < 2 or bool((start[1:] >= start[:-1]).all()):
        return rows  # already in time order (no copy)
    order = np.argsort(start, kind="stable")
    # Taken as opaque fixed-size items: numpy takes structured rows field by field, ~10x slower.
    return rows.view(np.dtype((np.void, rows.dtype.itemsize)))[order].view(rows.dtype)
