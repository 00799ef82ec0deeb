"""Compact per-column buffers filled while rows are read (no pandas needed to fill them).

Memory follows the output: an integer-typed column (times, durations, counts, pids...) keeps its
cells as int64 in an :class:`array.array` (8 bytes a cell, no ``int`` object per cell) plus the
row numbers of missing cells; any other column keeps a list of Python values, where refs share
one object. After parsing, the labels of a backtrace column with Arrow storage
(:func:`arrow_labels`) are packed into one UTF-8 blob with Arrow offsets (:func:`pack_labels`),
so the per-row label objects are freed before pandas is imported and the frame is built
(:mod:`profiler.trace.frames`).
"""

from __future__ import annotations

from array import array
from functools import partial
from itertools import accumulate
from typing import Any

from profiler.trace.values import Composite


class Buffer:
    """The cells of one column, in row order.

    ``append`` and ``null`` are bound once per column for the reader's hot loop. In an integer
    buffer ``append`` raises ``TypeError``/``OverflowError`` for anything but an int64, which
    sends the row to the careful path; there :meth:`add` turns the buffer into a list of Python
    values (the column then falls back as before: ``UInt64`` above 2^63, strings for text).
    """

    __slots__ = ("append", "ints", "labels", "na", "null", "values")

    def __init__(self, integer: bool) -> None:
        self.na: list[int] = []  # rows whose cell is missing (integer buffers only)
        self.labels: Labels | None = None
        if integer:
            self.ints: array[int] | None = array("q")
            self.values: list[Any] | None = None
            self.append = self.ints.append
            self.null = self._null_int
        else:
            self.ints = None
            self.values = []
            self._bind_list()

    def _bind_list(self) -> None:
        assert self.values is not None
        self.append = self.values.append
        self.null = partial(self.values.append, None)

    def _null_int(self) -> None:
        assert self.ints is not None
        self.na.append(len(self.ints))
        self.ints.append(0)

    def add(self, value: Any) -> None:
        """Append any value (careful path); never raises."""
        if value is None:
            self.null()
            return
        try:
            self.append(value)
        except (TypeError, OverflowError):
            self.to_list()
            self.append(value)

    def to_list(self) -> None:
        """Switch an integer buffer to a list of Python values (missing cells become None)."""
        if self.ints is None:
            return
        values: list[Any] = self.ints.tolist()
        for i in self.na:
            values[i] = None
        self.ints, self.na, self.values = None, [], values
        self._bind_list()

    def truncate(self, n: int) -> None:
        """Drop cells beyond row ``n`` (undoes a partly read row)."""
        if self.ints is not None:
            del self.ints[n:]
            while self.na and self.na[-1] >= n:
                self.na.pop()
        elif self.values is not None:
            del self.values[n:]

    def __len__(self) -> int:
        if self.ints is not None:
            return len(self.ints)
        if self.labels is not None:
            return len(self.labels.offsets) - 1
        return len(self.values or ())


class Labels:
    """Strings as one UTF-8 blob with int64 Arrow offsets, plus missing rows and top frames."""

    __slots__ = ("blob", "missing", "offsets", "tops")

    def __init__(self, blob: bytes, offsets: array[int], missing: list[int], tops: list[Any]):
        self.blob = blob
        self.offsets = offsets
        self.missing = missing
        self.tops = tops


#: A backtrace column with more distinct labels than this, mostly unique, uses Arrow storage
#: (docs/data-model.md). Decided from the column's labels alone, so every reader path agrees.
ARROW_LABELS = 200_000


def label_of(value: Any) -> Any:
    """The label a cell shows: a Composite's ``fmt``, else the value (None for a sentinel)."""
    return value.fmt if type(value) is Composite else value


def mostly_unique(sample: list[Any]) -> bool:
    """More than half of a sample of labels are distinct (bytes and str compared as text)."""
    keys = {v.decode() if type(v) is bytes else v for v in sample}
    return 2 * len(keys) > len(sample)


def sample_step(n: int) -> int:
    """Every how many rows a column is sampled to estimate its cardinality (~4096 samples)."""
    return max(1, n // 4096)


def more_distinct_than(labels: Any, limit: int) -> bool:
    """Whether ``labels`` (str, bytes or None) hold more than ``limit`` distinct texts."""
    seen: set[Any] = set()
    for v in labels:
        if v is not None:
            seen.add(v.decode() if type(v) is bytes else str(v))
            if len(seen) > limit:
                return True
    return False


def arrow_labels(values: list[Any]) -> bool:
    """The storage rule for a backtrace column: over :data:`ARROW_LABELS` distinct labels and
    mostly unique in a sample (the sample first: it is cheap and usually says no)."""
    if len(values) <= ARROW_LABELS:
        return False
    if not mostly_unique([label_of(v) for v in values[:: sample_step(len(values))]]):
        return False
    return more_distinct_than(map(label_of, values), ARROW_LABELS)


def pack_labels(buffer: Buffer) -> None:
    """Pack a mostly-unique backtrace column into :class:`Labels` (frees its Composites).

    Only columns that get Arrow storage (:func:`arrow_labels`) are packed: others stay lists,
    where refs share one ``str`` in the frame.
    """
    values = buffer.values
    if not values or not arrow_labels(values):
        return
    tops = [v.top if type(v) is Composite else None for v in values]
    labels = [label_of(v) for v in values]
    buffer.values = values = None  # type: ignore[assignment]  # the Composites go now
    missing = [i for i, v in enumerate(labels) if v is None] if None in labels else []
    parts = [v if type(v) is bytes else str(v).encode() if v is not None else b"" for v in labels]
    del labels
    offsets = array("q", accumulate(map(len, parts), initial=0))
    blob = b"".join(parts)
    del parts
    buffer.labels = Labels(blob, offsets, missing, tops)
    buffer.append = buffer.null = None  # type: ignore[assignment]  # sealed
