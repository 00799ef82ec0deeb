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
from profiler.trace.take import take_codes
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
#: Largest time magnitude kept: 2^62 - 1 ns (146 years). A start plus a duration then always
#: fits int64, so the analysis never overflows; beyond it a time is read as NA with a warning.
TIME_LIMIT = (1 << 62) - 1


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
            derived[f"{name}_tid"] = derived_int(_field(values, "tid"), "tid", f"{name}_tid", warnings)
        if etype in THREAD_TYPES or etype in PROCESS_TYPES:
            derived[f"{name}_pid"] = derived_int(_field(values, "pid"), "pid", f"{name}_pid", warnings)
        if etype in BACKTRACE_TYPES:
            derived[f"{name}_top_frame"] = _top_frames(
                [v.top if type(v) is Composite else None for v in values]
            )
        del values
        place(out, name, derived, codes)
    return pd.DataFrame(out, index=pd.RangeIndex(n), copy=False)


def place(out: dict[str, Any], name: str, derived: dict[str, Any], codes: Any = None) -> None:
    """Put column ``name`` and its derived columns into ``out`` in order: the column itself
    always, a derived one only if no column of that name is there yet. ``codes``: the arrays
    hold distinct values, taken into rows (-1 = NA)."""
    for key, array in derived.items():
        if key == name or key not in out:
            out[key] = array if codes is None else take_codes(array, codes)


def _field(values: list[Any], field: str) -> list[Any]:
    return [getattr(v, field) if type(v) is Composite else None for v in values]


def _int_array(buffer: Buffer, kind: Kind, what: str, warnings: list[str]) -> Any:
    """``Int64`` (``UInt64`` for unsigned types) straight from an int64 buffer, no copy."""
    import numpy as np

    ints, buffer.ints = buffer.ints, None
    values = np.frombuffer(ints, dtype=np.int64) if ints else np.zeros(0, dtype=np.int64)
    mask = np.zeros(len(values), dtype=bool)
    if buffer.na:
        mask[buffer.na] = True
    buffer.na = []
    return int_array(values, mask, kind, what, warnings)


def int_array(values: Any, mask: Any, kind: Kind, what: str, warnings: list[str]) -> Any:
    """``Int64`` (``UInt64`` for unsigned types) over int64 ``values`` and a NA ``mask``.

    Times beyond :data:`TIME_LIMIT` become NA with a warning (``mask`` may be updated).
    """
    import numpy as np
    import pandas as pd

    if kind is Kind.TIME:
        mask = _clamp_times(values, mask, what, warnings)
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


def _clamp_times(values: Any, mask: Any, what: str, warnings: list[str]) -> Any:
    import numpy as np

    beyond = (values > TIME_LIMIT) | (values < -TIME_LIMIT)
    beyond &= ~mask
    count = int(np.count_nonzero(beyond))
    if not count:
        return mask
    warnings.append(
        f"{what}: {count} value(s) beyond 2^62 ns (146 years), stored as NA"
    )
    return mask | beyond


def derived_int(clean: list[Any], field: str, name: str, warnings: list[str]) -> Any:
    """``Int64`` from the pids or tids (int or None) of a column (``UInt64`` above 2^63);
    values that fit neither become NA with a warning."""
    import pandas as pd

    for dtype in ("Int64", "UInt64"):
        try:
            return pd.array(clean, dtype=dtype)
        except (OverflowError, TypeError, ValueError):
            continue
    fit = [v if v is None or _INT64_MIN <= v <= _INT64_MAX else None for v in clean]
    warnings.append(f"column {name!r}: {field} values beyond 64 bits, stored as NA")
    return pd.array(fit, dtype="Int64")


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
    """A ``string`` array with Python storage, where refs share one ``str`` object. (Only a
    packed backtrace column uses Arrow storage: :func:`profiler.trace.columns.arrow_labels`.)"""
    import pandas as pd

    kinds = set(map(type, values))
    if not kinds <= {str, type(None)}:
        plain: dict[bytes, str] = {}
        out = []
        for v in values:
            if type(v) is bytes:
                s = plain.get(v)
                if s is None:
                    s = plain[v] = v.decode()
                v = s
            elif v is not None and type(v) is not str:
                v = str(v)
            out.append(v)
        values = out
    return pd.array(values, dtype=string_dtype())


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
        if kind is Kind.TIME:
            array = _clamped_array(array, what, warnings)
        return array
    bad = next((v for v in values if v is not None and not _fits(v, kind)), None)
    warnings.append(f"{what}: value {bad!r} is not {kind.value}; column kept as strings")
    return _strings(values)


def _clamped_array(array: Any, what: str, warnings: list[str]) -> Any:
    import numpy as np
    import pandas as pd

    mask = np.asarray(array.isna())
    values = array.to_numpy(dtype=np.int64, na_value=0)
    clamped = _clamp_times(values, mask, what, warnings)
    return array if clamped is mask else pd.arrays.IntegerArray(values, clamped)


def _fits(value: Any, kind: Kind) -> bool:
    if kind is Kind.BOOL:
        return type(value) is bool
    if kind is Kind.FLOAT:
        return type(value) in (int, float)
    return type(value) is int
