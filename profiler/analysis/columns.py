"""Pandas value helpers shared by the metric modules.

Which table and which columns a metric reads is the catalog's business
(:mod:`profiler.trace.catalog`, looked up by :mod:`profiler.trace.lookup`); these helpers turn
the columns found into typed Series.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from profiler.trace.model import Table


def source(schema: str, columns: Mapping[str, str]) -> str:
    """``schema[col1, col2]``: what a metric was computed from."""
    return f"{schema}[{', '.join(dict.fromkeys(columns.values()))}]"


def stacked(tables: Sequence[Table]) -> pd.DataFrame:
    """All rows of the given tables (several nodes of one schema) in one frame."""
    import pandas as pd

    frames = [t.frame for t in tables if t.row_count > 0]
    if not frames:
        return tables[0].frame.iloc[0:0] if tables else pd.DataFrame()
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


# ---- value helpers shared by the metric modules ------------------------------------------------

_PID = re.compile(r"\((\d+)\)\s*$")


def ns(frame: pd.DataFrame, column: str) -> pd.Series:
    """A time or duration column as nullable int64 ns."""
    import pandas as pd

    return pd.to_numeric(frame[column], errors="coerce").astype("Int64")


def numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    import pandas as pd

    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def texts(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column as strings, "" where missing.

    Python storage, named: pandas 3 reads a bare ``"string"`` as Arrow storage when pyarrow is
    installed, which copies every column into Arrow and turned a few hundred shared process
    names into half a million new strings (the 30-minute report peaked 24 MiB higher).
    """
    import pandas as pd

    return frame[column].astype(pd.StringDtype("python")).fillna("")


def pids(frame: pd.DataFrame, column: str) -> pd.Series:
    """The pid of a process (or pid) column: the reader's ``<col>_pid``, else ``Name (pid)``."""
    import pandas as pd

    if f"{column}_pid" in frame.columns:
        return pd.to_numeric(frame[f"{column}_pid"], errors="coerce").astype("Int64")
    values = frame[column]
    numeric = pd.to_numeric(values, errors="coerce")
    if numeric.notna().any():
        return numeric.astype("Int64")
    extracted = texts(frame, column).str.extract(_PID, expand=False)
    return pd.to_numeric(extracted, errors="coerce").astype("Int64")


def process_names(frame: pd.DataFrame, column: str) -> pd.Series:
    """``WindowServer (394)`` → ``WindowServer``."""
    import pandas as pd

    # Once per distinct name, then taken: Activity Monitor repeats ~300 names over 500k rows
    # (a regex per row took ~1 s and a new str per row ~100 MB on a 30-minute recording).
    values = texts(frame, column)
    codes, distinct = pd.factorize(values)
    names = pd.Series(distinct, dtype=values.dtype).str.replace(r"\s*\(\d+\)\s*$", "", regex=True)
    return pd.Series(names.str.strip().array.take(codes), index=values.index, name=values.name)
