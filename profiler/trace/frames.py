"""Turning parsed column lists into a typed DataFrame (dtypes per docs/data-model.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from profiler.trace.model import Column
from profiler.trace.values import (
    BACKTRACE_TYPES,
    DTYPES,
    PROCESS_TYPES,
    THREAD_TYPES,
    Composite,
    Kind,
    kind_of,
)

_INT64_MAX = (1 << 63) - 1
_INT64_MIN = -(1 << 63)


def build_frame(
    columns: Sequence[Column], data: Sequence[list[Any]], warnings: list[str]
) -> Any:
    """One DataFrame: a column per mnemonic plus derived ``_pid``/``_tid``/``_top_frame``/``_frames``."""
    import pandas as pd

    out: dict[str, Any] = {}
    for column, values in zip(columns, data, strict=True):
        etype = column.engineering_type
        name = column.mnemonic
        composite = etype in THREAD_TYPES or etype in PROCESS_TYPES or etype in BACKTRACE_TYPES
        if composite or any(type(v) is Composite for v in values):
            labels = [v.fmt if type(v) is Composite else v for v in values]
        else:
            labels = values
        kind = kind_of(etype) if etype != "any" else _infer(labels)
        out[name] = typed_array(labels, kind, f"column {name!r} ({etype})", warnings)
        if etype in THREAD_TYPES:
            out.setdefault(f"{name}_tid", _derived_int([_attr(v, "tid") for v in values]))
        if etype in THREAD_TYPES or etype in PROCESS_TYPES:
            out.setdefault(f"{name}_pid", _derived_int([_attr(v, "pid") for v in values]))
        if etype in BACKTRACE_TYPES:
            frames = [v.frames if type(v) is Composite and v.frames else None for v in values]
            top = [f[0] if f else None for f in frames]
            out.setdefault(f"{name}_top_frame", pd.array(top, dtype="string"))
            out.setdefault(f"{name}_frames", pd.Series(frames, dtype=object))
    n = len(data[0]) if data else 0
    return pd.DataFrame(out, index=pd.RangeIndex(n))


def _attr(value: Any, field: str) -> Any:
    return getattr(value, field) if type(value) is Composite else None


def _derived_int(values: list[Any]) -> Any:
    import pandas as pd

    clean = [v if type(v) is int else None for v in values]
    try:
        return pd.array(clean, dtype="Int64")
    except OverflowError:
        return pd.array(clean, dtype="UInt64")


def _infer(values: list[Any]) -> Kind:
    """Kind for an ``any`` column, from the converted cell values."""
    seen = {type(v) for v in values if v is not None}
    if seen == {int}:
        return Kind.INT
    if seen and seen <= {int, float}:
        return Kind.FLOAT
    if seen == {bool}:
        return Kind.BOOL
    return Kind.STR


def typed_array(values: list[Any], kind: Kind, what: str, warnings: list[str]) -> Any:
    """A pandas extension array of ``kind``'s dtype, falling back to string if values don't fit."""
    import pandas as pd

    if kind is Kind.STR:
        return pd.array([None if v is None else str(v) for v in values], dtype="string")
    try:
        if kind is Kind.TIME:
            return pd.array(values, dtype="Int64")
        if kind is Kind.INT:
            try:
                return pd.array(values, dtype="Int64")
            except OverflowError:
                return pd.array(values, dtype="UInt64")
        if kind is Kind.UINT:
            try:
                return pd.array(values, dtype="UInt64")
            except (OverflowError, TypeError):
                if any(type(v) is int and v < 0 for v in values):
                    warnings.append(f"{what}: negative values, stored as Int64")
                    return pd.array(values, dtype="Int64")
                raise
        return pd.array(values, dtype=DTYPES[kind])
    except OverflowError:
        if kind is Kind.TIME:
            # 2^64-1 is the type's "max" sentinel: no time fits int64 ns beyond 292 years.
            clipped = [
                v if type(v) is not int or _INT64_MIN <= v <= _INT64_MAX else None for v in values
            ]
            try:
                return pd.array(clipped, dtype="Int64")
            except (TypeError, ValueError):
                pass
    except (TypeError, ValueError):
        pass
    bad = next((v for v in values if v is not None and not _fits(v, kind)), None)
    warnings.append(f"{what}: value {bad!r} is not {kind.value}; column kept as strings")
    return pd.array([None if v is None else str(v) for v in values], dtype="string")


def _fits(value: Any, kind: Kind) -> bool:
    if kind is Kind.BOOL:
        return type(value) is bool
    if kind is Kind.FLOAT:
        return type(value) in (int, float)
    return type(value) is int
