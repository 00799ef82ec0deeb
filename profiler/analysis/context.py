"""What every metric module needs to know about one recording, and interval arithmetic."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from profiler.analysis.columns import canonical_schema, pick_tables, resolve, stacked
from profiler.analysis.summary import Unavailable

if TYPE_CHECKING:
    import pandas as pd

    from profiler.analysis.columns import Want
    from profiler.trace.model import LoadedRecording, Table

NS = 1_000_000_000

#: The empty-coreml-os-signpost caveat, reported whenever that table has no rows.
COREML_EMPTY_REASON = (
    "coreml-os-signpost has no rows; `xctrace export` is known to export this table empty even "
    "when Instruments showed Core ML data, so this does not mean Core ML did not run"
)


@dataclass
class Context:
    """One recording being analysed: its tables, its app process and the figures found so far."""

    recording: LoadedRecording
    app_name: str | None = None
    app_pid: int | None = None
    #: how the app's pid was found (TOC target, process name, largest footprint)
    app_how: str | None = None
    duration_ns: int | None = None
    used: list[str] = field(default_factory=list)
    unavailable: list[Unavailable] = field(default_factory=list)

    def tables(self, schemas: Sequence[str]) -> tuple[str, tuple[Table, ...]] | None:
        """The first of ``schemas`` with rows (or present but empty), see :func:`pick_tables`."""
        return pick_tables(self.recording.tables, schemas)

    def use(self, schema: str) -> None:
        if schema not in self.used:
            self.used.append(schema)

    def absent(self, metric: str, schemas: Sequence[str]) -> Unavailable:
        """Why none of ``schemas`` could be used, from what the loader recorded."""
        missing = self.recording.missing
        parts = []
        for schema in schemas:
            why = next(
                (reason for name, reason in missing.items() if canonical_schema(name) == schema),
                None,
            )
            present = pick_tables(self.recording.tables, (schema,))
            if present is not None:
                why = "exported empty (0 rows)"
            parts.append(f"{schema}: {why or 'not in this recording'}")
            if schema == "coreml-os-signpost" and why and "empty" in why:
                parts.append(COREML_EMPTY_REASON)
        return Unavailable(metric, "not available: " + "; ".join(parts))

    def skip(self, item: Unavailable) -> None:
        if all(u != item for u in self.unavailable):
            self.unavailable.append(item)

    def open(
        self,
        metric: str,
        schemas: Sequence[str],
        wants: Mapping[str, Want],
        optional: Mapping[str, Want] | None = None,
    ) -> Opened | None:
        """The first usable table of ``schemas`` with its columns resolved, or None.

        None means the metric cannot be computed here; the reason (table absent, exported empty,
        or no column of a wanted type) has been recorded with :meth:`skip`.
        """
        found = self.tables(schemas)
        if found is None or all(t.row_count == 0 for t in found[1]):
            self.skip(self.absent(metric, schemas))
            return None
        schema, tables = found
        optional = optional or {}
        cols = resolve(metric, tables[0], {**wants, **optional}, optional)
        if isinstance(cols, Unavailable):
            self.skip(cols)
            return None
        return Opened(schema, tables[0], cols, stacked(tables))


@dataclass(frozen=True, eq=False)
class Opened:
    """A table ready for a metric: its schema name, first node, role -> column, and all its rows."""

    schema: str
    table: Table
    cols: dict[str, str]
    raw: pd.DataFrame


def merge(start_ns: pd.Series, duration_ns: pd.Series) -> list[tuple[int, int]]:
    """Union of intervals as sorted, non-overlapping (start, end) pairs."""
    import pandas as pd

    both = pd.DataFrame({"s": start_ns.to_numpy(), "d": duration_ns.to_numpy()}).dropna()
    both = both[both["d"] >= 0]
    pairs = sorted((int(s), int(s) + int(d)) for s, d in zip(both["s"], both["d"], strict=True))
    out: list[tuple[int, int]] = []
    for start, end in pairs:
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


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
