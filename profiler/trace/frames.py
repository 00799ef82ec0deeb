"""Turning parsed column lists into a typed DataFrame (dtypes per docs/data-model.md).

Memory: the column lists are consumed (each is released once converted). Strings use pandas'
``string`` dtype (pd.NA for missing) with Python storage, so repeated values (refs) share one
``str`` object, except mostly-unique composite labels, which go to Arrow storage.
"""

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


def string_dtype() -> Any:
    """``string`` with pd.NA, Python storage (shares repeated ``str`` objects)."""
    import pandas as pd

    return pd.StringDtype(storage="python")


def build_frame(columns: Sequence[Column], data: list[Any], warnings: list[str]) -> Any:
    """One DataFrame: a column per mnemonic plus derived ``_pid``/``_tid``/``_top_frame``.

    ``data`` (one list per column) is emptied as it is converted.
    """
    import pandas as pd

    n = len(data[0]) if data else 0
    out: dict[str, Any] = {}
    for i, column in enumerate(columns):
        values, data[i] = data[i], None
        etype = column.engineering_type
        name = column.mnemonic
        composite = etype in THREAD_TYPES or etype in PROCESS_TYPES or etype in BACKTRACE_TYPES
        if composite or Composite in set(map(type, values)):
            labels = [v.fmt if type(v) is Composite else v for v in values]
        else:
            labels = values
        kind = kind_of(etype) if etype != "any" else _infer(labels)
        out[name] = typed_array(labels, kind, f"column {name!r} ({etype})", warnings)
        del labels
        if etype in THREAD_TYPES:
            out.setdefault(f"{name}_tid", _derived_int(values, "tid"))
        if etype in THREAD_TYPES or etype in PROCESS_TYPES:
            out.setdefault(f"{name}_pid", _derived_int(values, "pid"))
        if etype in BACKTRACE_TYPES:
            out.setdefault(f"{name}_top_frame", _top_frames(values))
        del values
    return pd.DataFrame(out, index=pd.RangeIndex(n), copy=False)


def _derived_int(values: list[Any], field: str) -> Any:
    import pandas as pd

    clean = [getattr(v, field) if type(v) is Composite else None for v in values]
    try:
        return pd.array(clean, dtype="Int64")
    except OverflowError:
        return pd.array(clean, dtype="UInt64")


def _top_frames(values: list[Any]) -> Any:
    import pandas as pd

    tops = [v.top if type(v) is Composite else None for v in values]
    plain = {top: str(top) for top in set(tops) if top is not None}  # Frame -> plain str, once
    return pd.array([plain.get(t) if t is not None else None for t in tops], dtype=string_dtype())


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


def _strings(values: list[Any]) -> Any:
    """A ``string`` array. Mostly-unique columns use Arrow storage (compact, built straight from
    UTF-8 bytes); repetitive ones use Python storage, where refs share one ``str`` object."""
    import pandas as pd

    kinds = set(map(type, values))
    if not kinds <= {str, bytes, type(None)}:
        values = [v if v is None or type(v) in (str, bytes) else str(v) for v in values]
    if bytes not in kinds:
        return pd.array(values, dtype=string_dtype())
    step = max(1, len(values) // 4096)  # estimate cardinality on a sample: a full set is big
    sample = values[::step]
    if 2 * len(set(sample)) > len(sample):
        import pyarrow as pa

        return pd.array(pa.array(values, type=pa.string()), dtype=pd.StringDtype("pyarrow"))
    plain: dict[bytes, str] = {}
    out = []
    for v in values:
        if type(v) is bytes:
            s = plain.get(v)
            if s is None:
                s = plain[v] = v.decode()
            v = s
        out.append(v)
    return pd.array(out, dtype=string_dtype())


def typed_array(values: list[Any], kind: Kind, what: str, warnings: list[str]) -> Any:
    """A pandas extension array of ``kind``'s dtype, falling back to string if values don't fit."""
    import pandas as pd

    if kind is Kind.STR:
        return _strings(values)
    attempts: list[tuple[str, list[Any]]] = [(DTYPES[kind], values)]
    if kind is Kind.TIME:
        # 2^64-1 is the type's "max" sentinel: no time fits int64 ns beyond 292 years -> NA.
        clipped = [v if type(v) is not int or _INT64_MIN <= v <= _INT64_MAX else None for v in values]
        attempts.append(("Int64", clipped))
    elif kind is Kind.INT:
        attempts.append(("UInt64", values))  # a count above 2^63 still fits
    elif kind is Kind.UINT:
        attempts.append(("Int64", values))  # negative values: keep them, say so
    for n, (dtype, candidate) in enumerate(attempts):
        try:
            array = pd.array(candidate, dtype=dtype)
        except (OverflowError, TypeError, ValueError):
            continue
        if n and kind is Kind.UINT:
            warnings.append(f"{what}: negative values, stored as Int64")
        return array
    bad = next((v for v in values if v is not None and not _fits(v, kind)), None)
    warnings.append(f"{what}: value {bad!r} is not {kind.value}; column kept as strings")
    return _strings(values)


def _fits(value: Any, kind: Kind) -> bool:
    if kind is Kind.BOOL:
        return type(value) is bool
    if kind is Kind.FLOAT:
        return type(value) in (int, float)
    return type(value) is int
