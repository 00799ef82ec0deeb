"""What every metric module needs to know about one recording, and interval arithmetic."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from profiler.analysis.columns import stacked
from profiler.analysis.values import AppIdentity, Unavailable
from profiler.trace import catalog, lookup
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

    from profiler.trace.catalog import ColumnSpec, TableEntry
    from profiler.trace.model import LoadedRecording, Table

NS = 1_000_000_000

#: The empty-Core-ML-table caveat, reported whenever that table has no rows.
COREML_EMPTY_REASON = (
    f"{catalog.main(Role.CORE_ML).name} has no rows; `xctrace export` is known to export this "
    "table empty even when Instruments showed Core ML data, so this does not mean Core ML did "
    "not run"
)


@dataclass
class Context:
    """One recording being analysed: its tables, its app process and the figures found so far."""

    recording: LoadedRecording
    app_name: str | None = None
    #: the app's pids (one per launch), once identified (:mod:`profiler.analysis.identity`)
    app_pids: tuple[int, ...] = ()
    #: how the app was found, in words, for `source` strings
    app_how: str | None = None
    app: AppIdentity | None = None
    duration_ns: int | None = None
    used: list[str] = field(default_factory=list)
    unavailable: list[Unavailable] = field(default_factory=list)

    def tables(self, role: Role) -> lookup.Picked | None:
        """The first table of ``role`` with rows (or present but empty), see :func:`lookup.pick`."""
        return lookup.pick(self.recording.tables, catalog.of_role(role))

    def use(self, schema: str) -> None:
        if schema not in self.used:
            self.used.append(schema)

    def absent(self, metric: str, entries: Sequence[TableEntry]) -> Unavailable:
        """Why none of ``entries`` could be used, from what the loader recorded."""
        missing = self.recording.missing
        parts = []
        for entry in entries:
            why = next((reason for name, reason in missing.items()
                        if catalog.canonical(name) == entry.name), None)
            if lookup.pick(self.recording.tables, (entry,)) is not None:
                why = "exported empty (0 rows)"
            parts.append(f"{entry.name}: {why or 'not in this recording'}")
            if entry.role is Role.CORE_ML and why and "empty" in why:
                parts.append(COREML_EMPTY_REASON)
        return Unavailable(metric, "not available: " + "; ".join(parts))

    def skip(self, item: Unavailable) -> None:
        if all(u != item for u in self.unavailable):
            self.unavailable.append(item)

    @property
    def app_pid(self) -> int | None:
        """The app's first pid (its first launch's)."""
        return self.app_pids[0] if self.app_pids else None

    def peek(self, role: Role) -> Opened | None:
        """Like :meth:`open`, for tables read only as extra evidence: nothing is recorded."""
        found = self.tables(role)
        if found is None or not found.has_rows:
            return None
        cols = lookup.resolve(found.tables[0], found.entry.columns)
        if isinstance(cols, lookup.MissingColumn):
            return None
        return Opened(found.entry, found.tables[0], cols, stacked(found.tables))

    def open(self, metric: str, role: Role) -> Opened | None:
        """The first usable table of ``role`` with its catalog columns resolved, or None.

        None means the metric cannot be computed here; the reason (table absent, exported empty,
        or no column of a required type) has been recorded with :meth:`skip`.
        """
        found = self.tables(role)
        if found is None or not found.has_rows:
            self.skip(self.absent(metric, catalog.of_role(role)))
            return None
        table = found.tables[0]
        cols = lookup.resolve(table, found.entry.columns)
        if isinstance(cols, lookup.MissingColumn):
            self.skip(Unavailable(metric, cols.reason))
            return None
        return Opened(found.entry, table, cols, stacked(found.tables))


@dataclass(frozen=True, eq=False)
class Opened:
    """A table ready for a metric: its catalog entry, first node, role -> column, all its rows."""

    entry: TableEntry
    table: Table
    cols: dict[str, str]
    raw: pd.DataFrame

    @property
    def schema(self) -> str:
        """The canonical name of the table read (what ``source`` strings name)."""
        return self.entry.name

    def missing(self, metric: str, role: str) -> Unavailable:
        """The standard reason for an optional column ``role`` this table lacks."""
        spec: ColumnSpec = self.entry.columns[role]
        return Unavailable(metric, lookup.missing(self.table, spec, role).reason)


def merge(start_ns: pd.Series, duration_ns: pd.Series) -> list[tuple[int, int]]:
    """Union of intervals as sorted, non-overlapping (start, end) pairs (touching ones join)."""
    import numpy as np
    import pandas as pd

    # In numpy: ~100k Neural Engine intervals as Python tuples cost ~60 MB and ~0.3 s.
    both = pd.DataFrame({"s": start_ns.to_numpy(), "d": duration_ns.to_numpy()}).dropna()
    starts = both["s"].astype("int64").to_numpy()  # int() of each value, as before
    lengths = both["d"].astype("int64").to_numpy()
    keep = lengths >= 0
    starts, ends = starts[keep], starts[keep] + lengths[keep]
    if not len(starts):
        return []
    order = np.lexsort((ends, starts))
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)  # the furthest end so far: a new span starts beyond it
    first = np.flatnonzero(np.concatenate(([True], starts[1:] > reach[:-1])))
    return list(zip(starts[first].tolist(), np.maximum.reduceat(ends, first).tolist(), strict=True))


def covered(merged: Sequence[tuple[int, int]], window: tuple[int, int] | None = None) -> int:
    """ns of ``merged`` inside ``window`` (everything when no window)."""
    total = 0
    for start, end in merged:
        if window is not None:
            start, end = max(start, window[0]), min(end, window[1])
        if end > start:
            total += end - start
    return total


def seconds(value_ns: float | int | None) -> float | None:
    return None if value_ns is None else float(value_ns) / NS
