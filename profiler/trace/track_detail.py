"""Track-detail exports (Allocations, Leaks, VM Tracker): attribute-only rows, no ``<schema>``.

Each attribute becomes a column, in order of first appearance; a row without an attribute has NA
there. Values are strings, except a column whose every value is a decimal integer, which becomes
``Int64`` (``UInt64`` if a value exceeds int64; strings, with a warning, if one exceeds 64 bits). Attribute names rewritten by the ``resident-%``
sanitiser (:mod:`profiler.trace.source`) get their ``%`` back.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from profiler.trace.source import restore_name


def add_row(columns: dict[str, list[Any]], index: int, attrib: Mapping[str, str]) -> None:
    """Append one row's attributes; ``index`` is the row's 0-based position."""
    for key, value in attrib.items():
        column = columns.get(key)
        if column is None:
            column = columns[key] = [None] * index
        column.append(sys.intern(value) if len(value) < 64 else value)
    width = index + 1
    for column in columns.values():
        if len(column) < width:
            column.append(None)


def track_frame(
    columns: dict[str, list[Any]], rows: int, warnings: list[str], *, sanitized: bool = False
) -> Any:
    """The DataFrame of a track-detail node.

    ``sanitized``: the source rewrote ``name%=``; undo it in names and, in case the pattern
    occurred inside a value, in values too.
    """
    import pandas as pd

    out: dict[str, Any] = {}
    for key, values in columns.items():
        if sanitized:
            values = [restore_name(v) if v is not None else None for v in values]
        name = restore_name(key)
        out[name] = _typed(values, name, warnings)
    return pd.DataFrame(out, index=pd.RangeIndex(rows))


def _typed(values: list[Any], name: str, warnings: list[str]) -> Any:
    import pandas as pd

    present = [v for v in values if v is not None]
    if present and all(_is_int(v) for v in present):
        ints = [int(v) if v is not None else None for v in values]
        for dtype in ("Int64", "UInt64"):
            try:
                return pd.array(ints, dtype=dtype)
            except (OverflowError, TypeError, ValueError):
                continue
        warnings.append(f"attribute {name!r}: integers beyond 64 bits; column kept as strings")
    from profiler.trace.frames import string_dtype

    return pd.array(values, dtype=string_dtype())


def _is_int(text: str) -> bool:
    """A decimal integer of at most 20 digits (a longer one cannot fit 64 bits)."""
    body = text[1:] if text[:1] == "-" else text
    return body.isascii() and body.isdigit() and len(body) <= 20
