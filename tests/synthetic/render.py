"""Render one row: each value becomes a cell according to its column's engineering type.

Values come from the row generators in :mod:`tests.synthetic.tables` as plain Python values:
ints (ns, bytes, counts), floats (percents), strings, ``Proc``/``Thread`` tuples, metadata
part lists, ``Loc`` tuples, and ``None`` for an empty cell (``<sentinel/>``). A column of an
unknown type gets a plain leaf element of that type, as xctrace would write a type we don't know.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from tests.synthetic.layouts import Col
from tests.synthetic.xmlwriter import ExportWriter, fmt_percent, num


class Proc(NamedTuple):
    name: str
    pid: int


class Thread(NamedTuple):
    label: str  # "Main Thread", "Thread" …
    tid: int
    proc: Proc


class Loc(NamedTuple):
    """A return-location (emit location): binary UUID halves and an offset."""

    hi: int
    lo: int
    offset: int


#: a metadata value: list of (element tag, text, fmt) pieces; the full text is the fmts joined
Parts = list[tuple[str, Any, str]]

_TIMES = {"start-time", "event-time", "sample-time"}
_DURATIONS = {"duration", "duration-on-core", "duration-waiting"}
_SIZES = {"size-in-bytes", "disk-size-in-bytes", "network-size-in-bytes"}
_PERCENTS = {"system-cpu-percent", "percent"}
_HEX = {"os-signpost-identifier", "metal-command-buffer-id", "uint64-hex-lowercase"}


def text(parts_or_str: str) -> Parts:
    """Metadata holding a single narrative-text piece."""
    return [("narrative-text", parts_or_str, parts_or_str)]


def cell(w: ExportWriter, col: Col, value: Any) -> str:
    t = col.type
    if value is None:
        return w.sentinel()
    if t in _TIMES:
        return w.time(t, int(value))
    if t in _DURATIONS:
        return w.duration(int(value), t)
    if t in _SIZES:
        return w.size(int(value), t)
    if t in _PERCENTS:
        return w.leaf(t, num(value), fmt_percent(value))
    if t == "process" and isinstance(value, Proc):
        return w.process(value.name, value.pid)
    if t == "thread" and isinstance(value, Thread):
        return w.thread(value.label, value.tid, value.proc.name, value.proc.pid)
    if t in _HEX:
        return w.leaf(t, int(value), f"0x{int(value):x}")
    if t == "boolean":
        return w.leaf(t, int(bool(value)), "Yes" if value else "No")
    if isinstance(value, Loc):
        return w.return_location(*value)
    if isinstance(value, list):  # os-log-metadata / narrative
        return w.metadata(value, t)
    if isinstance(value, Proc):  # unknown type holding a process: a plain leaf
        return w.leaf(t, f"{value.name} ({value.pid})")
    if isinstance(value, float):
        return w.leaf(t, num(value))
    return w.leaf(t, value)


def render_row(w: ExportWriter, cols: tuple[Col, ...], values: Mapping[str, Any]) -> None:
    """Write one <row>; missing keys are sentinels. Cells render left to right (id order)."""
    w.row(cell(w, c, values.get(c.key)) for c in cols)
