"""The compiled reader's Python side: run ``_fastread`` (C, over libxml2's SAX2) and build frames.

The C part (``_fastread.c``) fills typed column arrays and hands back to the careful path
whatever it does not type exactly (see its header comment). Here each node it read becomes a
:class:`Table` through the same frame code as the careful path (:mod:`profiler.trace.frames`),
so dtypes, NA, derived columns, storage and warnings cannot drift apart; nodes it handed back
are listed for :func:`profiler.trace.tables.read_tables` to read carefully.

``PROFILER_READER=python`` turns the compiled reader off (for a bug report, or to compare).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from profiler.trace import columns as _columns
from profiler.trace.columns import mostly_unique, sample_step
from profiler.trace.frames import derived_int, int_array, place, string_dtype
from profiler.trace.model import Column, Progress, Schema
from profiler.trace.take import take_codes
from profiler.trace.values import (
    BACKTRACE_TYPES,
    KINDS,
    PROCESS_TYPES,
    THREAD_TYPES,
    Kind,
    kind_of,
)

#: Column codes shared with _fastread.h (enum C_*).
C_NONE, C_INT, C_STR, C_THREAD, C_PROCESS, C_STACK, C_UINT, C_FLOAT, C_BOOL = range(9)
#: Element tag classes shared with _fastread.h (enum T_*): 0 strings, 1 integers, 3 floats, 4 bools.
_TAG_CLASS = {Kind.TIME: 1, Kind.INT: 1, Kind.UINT: 1, Kind.FLOAT: 3, Kind.BOOL: 4}
_STACK_TAG = 8

COMPILED = "compiled"
PYTHON = "python"

try:  # imported by name: a static import of it would read as an import of this package
    _fastread: Any = importlib.import_module("profiler.trace._fastread")
except ImportError as exc:  # no compiler or no libxml2 headers at install
    _fastread = None
    _MISSING = f"not built ({exc.__class__.__name__})"
else:
    _MISSING = ""


def unavailable() -> str | None:
    """Why the compiled reader will not run (None when it will)."""
    if os.environ.get("PROFILER_READER", "").strip().lower() == PYTHON:
        return "turned off by PROFILER_READER=python"
    if _fastread is None:
        return _MISSING
    return None


@dataclass
class Node:
    """One ``<node>`` as the compiled reader left it."""

    xpath: str | None
    schema: Schema | None
    rows: int
    handback: str | None  # why the careful path must read it, or None
    columns: list[Any] | None


@dataclass
class Parsed:
    nodes: list[Node]
    shared: bool  # a ref crossed nodes: the tables share one id space


def parse(path: Path, progress: Progress | None) -> Parsed | str:
    """Run the compiled reader over ``path``: its nodes, or why the whole file goes back."""
    from profiler.trace.source import open_regular

    assert _fastread is not None
    schemas: list[Schema] = []

    def on_schema(name: str | None, documentation: str | None, cols: list[tuple]) -> list[int]:
        columns = tuple(
            Column(
                mnemonic=(mnemonic or "").strip(),
                name=label,
                engineering_type=(etype or "").strip(),
            )
            for mnemonic, label, etype in cols
        )
        schemas.append(Schema(name=name, columns=columns, documentation=documentation))
        return [_code(c.engineering_type) for c in columns]

    with open_regular(path) as fh:
        total = os.fstat(fh.fileno()).st_size
        result = _fastread.parse(fh.fileno(), on_schema, _tag_kinds(), progress, total)
    if result[0] == "file":
        return str(result[1])
    _, shared, raw = result
    nodes = []
    for xpath, schema_index, rows, why, columns in raw:
        schema = schemas[schema_index] if schema_index >= 0 else None
        nodes.append(Node(xpath, schema, rows, _reason(why, schema), columns))
    return Parsed(nodes, bool(shared))


def _code(etype: str) -> int:
    """How the C part reads a column of this engineering type (C_NONE: the careful path)."""
    if etype in THREAD_TYPES:
        return C_THREAD
    if etype in PROCESS_TYPES:
        return C_PROCESS
    if etype in BACKTRACE_TYPES:
        return C_STACK
    if etype == "any":
        return C_NONE
    kind = kind_of(etype)
    if kind in (Kind.TIME, Kind.INT):
        return C_INT
    return {Kind.UINT: C_UINT, Kind.FLOAT: C_FLOAT, Kind.BOOL: C_BOOL, Kind.STR: C_STR}[kind]


_TAGS: dict[str, int] = {}


def _tag_kinds() -> dict[str, int]:
    """Element tag -> class for the C part (tags not listed convert as strings)."""
    if not _TAGS:
        _TAGS.update({tag: _TAG_CLASS.get(kind, 0) for tag, kind in KINDS.items()})
        for tag in BACKTRACE_TYPES:
            _TAGS[tag] = _TAGS.get(tag, 0) | _STACK_TAG
    return _TAGS


def _reason(why: tuple[str, int] | None, schema: Schema | None) -> str | None:
    if why is None:
        return None
    text, col = why
    if schema is not None and 0 <= col < len(schema.columns):
        column = schema.columns[col]
        return f"column {column.mnemonic!r} ({column.engineering_type}): {text}"
    return text


def build_frame(node: Node, warnings: list[str]) -> Any:
    """The DataFrame of a node read by the compiled reader (as profiler.trace.frames builds it)."""
    import numpy as np
    import pandas as pd

    assert node.schema is not None and node.columns is not None
    out: dict[str, Any] = {}
    columns: Sequence[Any] = node.columns
    for i, column in enumerate(node.schema.columns):
        raw, node.columns[i] = columns[i], None
        name, etype = column.mnemonic, column.engineering_type
        what = f"column {name!r} ({etype})"
        code = raw[0]
        if code in (C_INT, C_UINT, C_FLOAT, C_BOOL):
            out[name] = _numbers(raw, kind_of(etype), what, warnings)
            continue
        codes = np.frombuffer(raw[1], dtype=np.int32)
        if code == C_STR:
            place(out, name, {name: _strings(raw[2])}, codes)
        elif code in (C_THREAD, C_PROCESS):
            uniques = raw[2]
            derived = {name: _strings([u[0] for u in uniques])}
            if code == C_THREAD:
                derived[f"{name}_tid"] = derived_int([u[2] for u in uniques], "tid", f"{name}_tid", warnings)
            derived[f"{name}_pid"] = derived_int([u[1] for u in uniques], "pid", f"{name}_pid", warnings)
            place(out, name, derived, codes)
        else:  # C_STACK: labels, and top frames coded on their own
            labels, top_codes, tops = raw[2], np.frombuffer(raw[3], dtype=np.int32), raw[4]
            if _arrow(codes, labels):
                label_array = _arrow_strings(labels, codes)
            else:
                label_array = take_codes(_strings(labels), codes)
            top_array = take_codes(_strings(tops), top_codes)
            place(out, name, {name: label_array, f"{name}_top_frame": top_array})
    return pd.DataFrame(out, index=pd.RangeIndex(node.rows), copy=False)


def _numbers(raw: Sequence[Any], kind: Kind, what: str, warnings: list[str]) -> Any:
    """A numeric column's array, as profiler.trace.frames.typed_array gives it for its values."""
    import numpy as np
    import pandas as pd

    code, mask = raw[0], np.frombuffer(raw[2], dtype=np.bool_)
    if code == C_FLOAT:
        return pd.arrays.FloatingArray(np.frombuffer(raw[1], dtype=np.float64), mask)
    if code == C_BOOL:
        return pd.arrays.BooleanArray(np.frombuffer(raw[1], dtype=np.int64).astype(np.bool_), mask)
    values = np.frombuffer(raw[1], dtype=np.int64)
    if code == C_UINT and raw[3]:  # values above 2^63 (and none below 0): all uint64 bits
        return pd.arrays.IntegerArray(values.view(np.uint64), mask)
    return int_array(values, mask, kind, what, warnings)


def _strings(values: list[Any]) -> Any:
    import pandas as pd

    return pd.array(values, dtype=string_dtype())


def _arrow(codes: Any, labels: list[str]) -> bool:
    """profiler.trace.columns.arrow_labels on codes: same sample, same distinct count."""
    n = len(codes)
    limit = _columns.ARROW_LABELS
    if n <= limit or len(labels) <= limit:
        return False
    sample = [labels[c] if c >= 0 else None for c in codes[:: sample_step(n)].tolist()]
    return mostly_unique(sample)


def _arrow_strings(labels: list[str], codes: Any) -> Any:
    import pandas as pd
    import pyarrow as pa

    dictionary = pa.array(labels, type=pa.large_string())
    indices = pa.array(codes, mask=codes < 0, type=pa.int32())
    return pd.array(dictionary.take(indices), dtype=pd.StringDtype("pyarrow"))
