"""Distinct values taken into rows by their codes (-1 = NA), allocating only the result."""

from __future__ import annotations

from typing import Any


def take_codes(array: Any, codes: Any) -> Any:
    """``array.take(codes, allow_fill=True)`` (-1 = NA) without its temporaries.

    ``take`` first copies int32 codes to an intp array, then fills: an extra 8 bytes a row per
    column at the peak. Indexing the distinct values plus one NA sentinel at the end (where -1
    lands) casts the codes in chunks instead, so only the result is allocated.
    """
    import numpy as np
    import pandas as pd

    na = bool(len(codes)) and int(codes.min()) < 0  # no -1: no sentinel, no copy of the values
    if isinstance(array, pd.arrays.StringArray):  # Python storage: the rows share each str
        values = np.asarray(array, dtype=object)
        values = np.append(values, pd.NA) if na else values
        return pd.array(values[codes], dtype=array.dtype, copy=False)
    masked = (pd.arrays.IntegerArray, pd.arrays.FloatingArray, pd.arrays.BooleanArray)
    if isinstance(array, masked):
        kind = array.dtype.numpy_dtype
        data = array.to_numpy(dtype=kind, na_value=kind.type(0))
        mask = np.asarray(array.isna(), dtype=bool)
        if na:
            data, mask = np.append(data, kind.type(0)), np.append(mask, True)
        return type(array)(data[codes], mask[codes])
    return array.take(codes, allow_fill=True)
