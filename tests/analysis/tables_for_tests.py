"""Hand-built :class:`Table` values for unit tests of single analysis rules (no XML involved)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from profiler.trace.model import Column, LoadedRecording, Schema, Table


def table(schema: str, columns: list[tuple[str, str]], rows: dict[str, list[Any]]) -> Table:
    """A table whose frame has one column per (mnemonic, engineering type)."""
    frame = pd.DataFrame({m: rows.get(m, [None] * _n(rows)) for m, _ in columns})
    for key, values in rows.items():  # derived columns such as process_pid
        if key not in frame:
            frame[key] = values
    cols = tuple(Column(m, m.title(), t) for m, t in columns)
    return Table("memory.xml", None, 1, 1, Schema(schema, cols), frame, len(frame))


def _n(rows: dict[str, list[Any]]) -> int:
    return len(next(iter(rows.values()))) if rows else 0


def recording(*tables: Table, name: str = "run-1") -> LoadedRecording:
    by: dict[str, tuple[Table, ...]] = {}
    for t in tables:
        by[t.schema.name or ""] = (*by.get(t.schema.name or "", ()), t)
    return LoadedRecording(name, None, None, by, {})
