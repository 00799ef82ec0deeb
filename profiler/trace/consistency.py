"""Whether the exports of a folder without ``toc.xml`` can come from one recording.

Without a TOC nothing ties the files together, and merging exports of different traces gives a
"recording" whose figures mean nothing. So the folder is refused (:class:`MixedExportsError`)
when the exports show that they cannot share a recording:

- their xpath run numbers differ (``run[1]`` in one file, ``run[2]`` in another);
- two exports claim the same table index of the same run with different schemas (one trace has
  one table at ``table[17]``);
- their time ranges do not overlap: the files' [first start, last end] spans fall into separate
  groups (spans are chained, so Core ML loads before the Neural Engine intervals still join
  through the predictions that overlap both).

Each check names the two files that disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from profiler.errors import MixedExportsError
from profiler.trace import catalog
from profiler.trace.model import Table

_TIME_TYPES = ("start-time", "event-time", "sample-time")
_HINT = ("put the exports of one recording in a folder of their own, with its toc.xml "
         "(xcrun xctrace export --input X.trace --toc --output toc.xml), or report each export "
         "on its own")


def check_one_recording(folder: Path, tables: Sequence[Table]) -> None:
    """Raise :class:`MixedExportsError` when ``tables`` (one folder's exports, no TOC) cannot be
    shown to come from one recording."""
    by_file: dict[str, list[Table]] = {}
    for table in tables:
        by_file.setdefault(table.path, []).append(table)
    if len(by_file) < 2:
        return  # one file is one export of one trace
    _same_runs(folder, by_file)
    _same_table_index(folder, tables)
    _overlapping_times(folder, by_file)


def _name(path: str) -> str:
    return Path(path).name


def _same_runs(folder: Path, by_file: dict[str, list[Table]]) -> None:
    runs = {path: frozenset(t.run_number for t in mine if t.run_number is not None)
            for path, mine in by_file.items()}
    known = [(path, r) for path, r in runs.items() if r]
    for path, mine in known[1:]:
        first, theirs = known[0]
        if mine != theirs:
            raise MixedExportsError(
                f"the exports cannot come from one recording: {_name(first)} holds "
                f"run {_runs(theirs)}, {_name(path)} run {_runs(mine)}", path=folder, hint=_HINT)


def _runs(numbers: frozenset[int]) -> str:
    return ", ".join(str(n) for n in sorted(numbers))


def _same_table_index(folder: Path, tables: Sequence[Table]) -> None:
    seen: dict[tuple[int, int], Table] = {}
    for table in tables:
        if table.table_index is None or table.schema.name is None:
            continue
        key = (table.run_number or 1, table.table_index)
        other = seen.setdefault(key, table)
        if catalog.canonical(other.schema.name) != catalog.canonical(table.schema.name):
            raise MixedExportsError(
                f"the exports cannot come from one recording: {_name(other.path)} and "
                f"{_name(table.path)} both claim table[{table.table_index}] of run {key[0]}, "
                f"as {other.schema.name} and {table.schema.name}", path=folder, hint=_HINT)


def _overlapping_times(folder: Path, by_file: dict[str, list[Table]]) -> None:
    spans = sorted((span, path) for path, mine in by_file.items()
                   for span in [_span(mine)] if span is not None)
    if len(spans) < 2:
        return
    (start, end), first = spans[0]
    for (s, e), path in spans[1:]:
        if s > end:  # a gap: nothing before it overlaps anything after it
            raise MixedExportsError(
                f"the exports cannot come from one recording: their time ranges do not overlap "
                f"({_name(first)} ends at {end / 1e9:.3f} s, {_name(path)} starts at "
                f"{s / 1e9:.3f} s)", path=folder, hint=_HINT)
        if e > end:
            end, first = e, path


def _span(tables: Sequence[Table]) -> tuple[int, int] | None:
    """[first start, last end] in ns over a file's rows, or None when it has no timed row."""
    import pandas as pd

    lows, highs = [], []
    for table in tables:
        times = table.schema.of_type(*_TIME_TYPES)
        if not times or table.frame.empty or times[0].mnemonic not in table.frame:
            continue
        start = pd.to_numeric(table.frame[times[0].mnemonic], errors="coerce")
        durations = table.schema.of_type("duration")
        end = start
        if durations and durations[0].mnemonic in table.frame:
            end = start + pd.to_numeric(table.frame[durations[0].mnemonic],
                                        errors="coerce").fillna(0)
        if start.notna().any():
            lows.append(int(start.min()))
            highs.append(int(end.max()))
    return (min(lows), max(highs)) if lows else None
