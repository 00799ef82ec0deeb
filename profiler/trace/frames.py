"""Turning column buffers into a typed DataFrame (dtypes per docs/data-model.md).

Memory: the buffers are consumed (each is released once converted). Integer columns are wrapped
without a copy (int64 buffer plus NA mask). Other columns are factorized (refs share one value
object, so each distinct value is converted once, then taken). Strings use pandas' ``string``
dtype (pd.NA for missing) with Python storage, so repeated values share one ``str``, except
mostly-unique packed backtrace labels (:func:`profiler.trace.columns.pack_labels`), which go to
Arrow storage without a copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from profiler.trace.columns import Buffer, Labels
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


def build_frame(columns: Sequence[Column], data: list[Buffer], warnings: list[str]) -> Any:
    """One DataFrame: a column per mnemonic plus derived ``_pid``/``_tid``/``_top_frame``.

    ``data`` (one :class:`Buffer` per column) is released column by column as it is converted.
    """
    import pandas as pd

    n = len(data[0]) if data else 0
    out: dict[str, Any] = {}
    for i, column in enumerate(columns):
        buffer, data[i] = data[i], None  # type: ignore[call-overload]
        etype = column.engineering_type
        name = column.mnemonic
        what = f"column {name!r} ({etype})"
        if buffer.ints is not None:
            out[name] = _int_array(buffer, kind_of(etype), what, warnings)
            continue
        if buffer.labels is not None:
            packed, buffer.labels = buffer.labels, None
            out[name] = _packed_strings(packed)
            if etype in BACKTRACE_TYPES:
                out.setdefault(f"{name}_top_frame", _top_frames(packed.tops))
            continue
        values = buffer.values or []
        buffer.values = None
        composite = etype in THREAD_TYPES or etype in PROCESS_TYPES or etype in BACKTRACE_TYPES
        codes = None
        if composite or (etype != "any" and kind_of(etype) is Kind.STR):
            # Refs share one value object: convert each distinct value once, then take().
            codes, values = _factorize(values)
        composite = composite or Composite in set(map(type, values))
        labels = [v.fmt if type(v) is Composite else v for v in values] if composite else values
        kind = kind_of(etype) if etype != "any" else _infer(labels)
        derived = {name: typed_array(labels, kind, what, warnings)}
        del labels
        if etype in THREAD_TYPES:
            derived[f"{name}_tid"] = _derived_int(values, "tid")
        if etype in THREAD_TYPES or etype in PROCESS_TYPES:
            derived[f"{name}_pid"] = _derived_int(values, "pid")
        if etype in BACKTRACE_TYPES:
            derived[f"{name}_top_frame"] = _top_frames(
                [v.top if type(v) is Composite else None for v in values]
            )
        del values
        for key, array in derived.items():
            if key == name or key not in out:
                out[key] = array if codes is None else array.take(codes, allow_fill=True)
    return pd.DataFrame(out, index=pd.RangeIndex(n), copy=False)


def _int_array(buffer: Buffer, kind: Kind, what: str, warnings: list[str]) -> Any:
    """``Int64`` (``UInt64`` for unsigned types) straight from an int64 buffer, no copy."""
    import numpy as np
    import pandas as pd

    ints, buffer.ints = buffer.ints, None
    values = np.frombuffer(ints, dtype=np.int64) if ints else np.zeros(0, dtype=np.int64)
    mask = np.zeros(len(values), dtype=bool)
    if buffer.na:
        mask[buffer.na] = True
    buffer.na = []
    if kind is Kind.UINT:
        if not (values < 0).any(where=~mask):
            return pd.arrays.IntegerArray(values.view(np.uint64), mask)
        warnings.append(f"{what}: negative values, stored as Int64")
    return pd.arrays.IntegerArray(values, mask)


def _packed_strings(labels: Labels) -> Any:
    """A ``string`` array (Arrow storage) over packed UTF-8 labels, without copying them."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    n = len(labels.offsets) - 1
    bitmap = None
    if labels.missing:
        valid = np.ones(n, dtype=bool)
        valid[labels.missing] = False
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    array = pa.LargeStringArray.from_buffers(
        n, pa.py_buffer(labels.offsets), pa.py_buffer(labels.blob), bitmap, len(labels.missing)
    )
    return pd.array(array, dtype=pd.StringDtype("pyarrow"))


def _factorize(values: list[Any]) -> tuple[Any, list[Any]]:
    """(codes, distinct values) by hash and equality; Composites compare by identity."""
    import numpy as np
    import pandas as pd

    objects = np.empty(len(values), dtype=object)
    objects[:] = values
    codes, uniques = pd.factorize(objects)
    return codes, list(uniques)


def _derived_int(values: list[Any], field: str) -> Any:
    import pandas as pd

    clean = [getattr(v, field) if type(v) is Composite else None for v in values]
    try:
        return pd.array(clean, dtype="Int64")
    except OverflowError:
        return pd.array(clean, dtype="UInt64")


def _top_frames(tops: list[Any]) -> Any:
    import pandas as pd

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
