"""Engineering types: how a cell's text becomes a Python value and a column becomes a dtype.

Each engineering type has a :class:`Kind`. Cells are converted by their *element tag* (which is
the concrete engineering type, even in columns typed ``any``) when first seen; refs reuse the
converted value. Columns get their dtype from the *column's* engineering type (see
docs/data-model.md):

========  =====================  ==========================================================
Kind      pandas dtype           notes
========  =====================  ==========================================================
TIME      ``Int64`` (ns)         start/event/sample times, durations, weights
INT       ``Int64``              counts, pids, tids, cores, priorities
UINT      ``UInt64``             64-bit unsigned values: 2^64-1 fits and stays as read
FLOAT     ``Float64``            percents, loads
BOOL      ``boolean``            text ``0``/``1``
STR       ``string``             everything else; composites give their ``fmt`` label
========  =====================  ==========================================================

A type's declared "max" sentinel (2^64-1, 2^32-1) is a real value in the text and is kept as read
in INT/UINT columns. In TIME columns a value that does not fit int64 (only 2^64-1 seen) cannot
be a time and becomes NA. Numbers are never parsed from ``fmt``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    TIME = "time"
    INT = "int"
    UINT = "uint"
    FLOAT = "float"
    BOOL = "bool"
    STR = "str"


DTYPES: dict[Kind, str] = {
    Kind.TIME: "Int64",
    Kind.INT: "Int64",
    Kind.UINT: "UInt64",
    Kind.FLOAT: "Float64",
    Kind.BOOL: "boolean",
    Kind.STR: "string",
}

_TIME = """start-time event-time sample-time duration duration-on-core duration-waiting weight
time-since-epoch update-time trace-start-time"""
_INT = """pid tid core sched-priority layout-id uint32 uint16 uint8 int64 int32 int16 int8 fd
metal-nesting-level gpu-frame-number syscall-return containment-level
render-buffer-depth time-sample-kind event-count thread-count cpu-index
core-index graphics-frame-number"""
_UINT = """uint64 uint64-hex uint64-hex-lowercase size-in-bytes network-size-in-bytes
disk-size-in-bytes address os-signpost-identifier syscall-arg vnode cycle-weight pmc-event
connection-uuid64 metal-command-buffer-id register-content text-address mach-o-vm-offset
eight-byte-array cpu-event-counter mach-absolute-time mach-continuous-time mach-port
gpu-submission-id swift-task-id dispatch-queue-id"""
_FLOAT = "system-cpu-percent percent load fixed-decimal double float cpu-percent"
_BOOL = "boolean"

KINDS: dict[str, Kind] = {}
for _names, _kind in (
    (_TIME, Kind.TIME),
    (_INT, Kind.INT),
    (_UINT, Kind.UINT),
    (_FLOAT, Kind.FLOAT),
    (_BOOL, Kind.BOOL),
):
    KINDS.update(dict.fromkeys(_names.split(), _kind))

#: Column types whose cells are threads / processes / backtraces (derived columns).
THREAD_TYPES = frozenset({"thread"})
PROCESS_TYPES = frozenset({"process"})
BACKTRACE_TYPES = frozenset({"backtrace", "tagged-backtrace", "text-backtrace", "kperf-bt"})


def kind_of(engineering_type: str) -> Kind:
    """The :class:`Kind` of an engineering type; unknown types are strings."""
    return KINDS.get(engineering_type, Kind.STR)


class Frame(str):
    """A backtrace frame's symbol name (its ``name``, else its ``addr``), marked as a frame."""

    __slots__ = ()


class Composite:
    """A cell with child elements: its ``fmt`` label plus the nested values we derive.

    ``pid``/``tid`` come from ``<pid>``/``<tid>`` children (for a thread, ``pid`` comes from its
    ``<process>``); ``top`` is the first ``<frame>``'s name (directly or in a nested backtrace).
    A backtrace's ``fmt`` is kept as UTF-8 bytes (half the memory of a non-ASCII str) until the
    frame is built.
    Full stacks are not kept: they would dominate memory on large time profiles.
    """

    __slots__ = ("fmt", "pid", "tid", "top")

    def __init__(
        self,
        fmt: str | bytes | None,
        pid: int | None = None,
        tid: int | None = None,
        top: str | None = None,
    ) -> None:
        self.fmt = fmt
        self.pid = pid
        self.tid = tid
        self.top = top

    def __repr__(self) -> str:
        return f"Composite({self.fmt!r}, pid={self.pid}, tid={self.tid}, top={self.top!r})"


def _int(text: str | None) -> int | str | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return text  # kept as text; the column falls back to string with a warning


def _float(text: str | None) -> float | str | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _bool(text: str | None) -> bool | str | None:
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("true", "yes"):
        return True
    if value in ("false", "no"):
        return False
    try:
        return int(value) != 0  # xctrace writes 0/1, and other non-zero counts for "Yes"
    except ValueError:
        return text


def to_str(text: str | None) -> str:
    return sys.intern(text) if text is not None else ""


_BY_KIND: dict[Kind, Callable[[str | None], Any]] = {
    Kind.TIME: _int,
    Kind.INT: _int,
    Kind.UINT: _int,
    Kind.FLOAT: _float,
    Kind.BOOL: _bool,
    Kind.STR: to_str,
}


class Converters(dict):  # type: ignore[type-arg]
    """tag -> text converter, filled lazily (unknown tags convert as strings)."""

    def __missing__(self, tag: str) -> Callable[[str | None], Any]:
        conv = _BY_KIND[kind_of(tag)]
        self[tag] = conv
        return conv


CONVERTERS = Converters()

#: Fast converters for the reader's hot loop: C builtins that raise on anything unusual
#: (None, bad text), which sends the row to the careful path.
_FAST_BY_KIND: dict[Kind, Callable[[str], Any]] = {
    Kind.TIME: int,
    Kind.INT: int,
    Kind.UINT: int,
    Kind.FLOAT: float,
    Kind.BOOL: _bool,
    Kind.STR: sys.intern,
}


class FastConverters(dict):  # type: ignore[type-arg]
    """tag -> fast converter, filled lazily."""

    def __missing__(self, tag: str) -> Callable[[str], Any]:
        conv = _FAST_BY_KIND[kind_of(tag)]
        self[tag] = conv
        return conv


FAST_CONVERTERS = FastConverters()


def _careful(text: str) -> Any:
    raise TypeError("frames and binaries are read on the careful path")


FAST_CONVERTERS.update(frame=_careful, binary=_careful)
