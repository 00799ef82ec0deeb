"""Render one row: each value becomes a cell according to its column's engineering type.

Values come from the row generators in :mod:`tests.synthetic.tables` as plain Python values:
ints (ns, bytes, counts), floats (percents), strings, ``Proc``/``Thread`` tuples, metadata
part lists, ``Loc`` tuples, and ``None`` for an empty cell (``<sentinel/>``). A column of an
unknown type gets a plain leaf element of that type, as xctrace would write a type we don't know.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


def _renderer(w: ExportWriter, col: Col) -> Callable[[Any], str]:
    """The cell function of one column, chosen once per table (dispatch on the type)."""
    t = col.type
    if t in _TIMES:
        return lambda v: w.time(t, int(v))
    if t in _DURATIONS:
        return lambda v: w.duration(int(v), t)
    if t in _SIZES:
        return lambda v: w.size(int(v), t)
    if t in _PERCENTS:
        return lambda v: w.leaf(t, num(v), fmt_percent(v))
    if t in _HEX:
        return lambda v: w.leaf(t, int(v), f"0x{int(v):x}")
    if t == "boolean":
        return lambda v: w.leaf(t, int(bool(v)), "Yes" if v else "No")
    return lambda v: _generic(w, t, v)


def _generic(w: ExportWriter, t: str, value: Any) -> str:
    if t == "process" and isinstance(value, Proc):
        return w.process(value.name, value.pid)
    if t == "thread" and isinstance(value, Thread):
        return w.thread(value.label, value.tid, value.proc.name, value.proc.pid)
    if isinstance(value, Loc):
        return w.return_location(*value)
    if isinstance(value, list):  # os-log-metadata / narrative
        return w.metadata(value, t)
    if isinstance(value, Proc):  # unknown type holding a process: a plain leaf
        return w.leaf(t, f"{value.name} ({value.pid})")
    if isinstance(value, Thread):
        return w.leaf(t, f"{value.label} 0x{value.tid:x}")
    if isinstance(value, float):
        return w.leaf(t, num(value))
    return w.leaf(t, value)


def row_writer(w: ExportWriter, cols: tuple[Col, ...]) -> Callable[[Mapping[str, Any]], None]:
    """A function writing one <row> from ``{key: value}``; missing keys and ``None`` are
    sentinels. Cells render left to right, so ids stay in document order."""
    plan = [(c.key, _renderer(w, c)) for c in cols]
    sentinel = w.sentinel()
    write = w.out.write

    def write_row(values: Mapping[str, Any]) -> None:
        cells = []
        for key, render in plan:
            value = values.get(key)
            cells.append(sentinel if value is None else render(value))
        write("<row>" + "".join(cells) + "</row>\n")

    return write_row
