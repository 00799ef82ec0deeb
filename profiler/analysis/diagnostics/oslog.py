"""The Instruments log table (the catalog's ``Role.LOG``): one row per os_log message.

Columns are found through the catalog's column specs (:mod:`profiler.trace.lookup`): by
engineering type first, then by mnemonic alias, because the layout is known only from a schema
spike (xctrace-export-format.md §3b). A bare DataFrame (no schema) is read by mnemonic alias only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from profiler.analysis.diagnostics.signatures import prefilter, recognise, signatures
from profiler.analysis.summary import Diagnostic
from profiler.trace import catalog, lookup
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

    from profiler.trace.model import Table


def _frame_of(table: Table | pd.DataFrame) -> pd.DataFrame:
    frame: pd.DataFrame = getattr(table, "frame", table)
    return frame


def find_columns(table: Table | pd.DataFrame) -> dict[str, str]:
    """role -> frame column name for the roles present."""
    frame = _frame_of(table)
    schema = getattr(table, "schema", None) or lookup.frame_schema(frame)
    present = set(map(str, frame.columns))
    found: dict[str, str] = {}
    for role, spec in catalog.main(Role.LOG).columns.items():
        column = lookup.find(schema, spec)
        if column is not None and column.mnemonic in present:
            found[role] = column.mnemonic
    return found


def scan_os_log(table: Table | pd.DataFrame, source: str) -> list[Diagnostic]:
    """Diagnostics for the messages of a log table (a reader ``Table`` or its frame).

    Times are the ``time`` column (ns from the recording start) in seconds. The message falls
    back to the format string when the composed message is missing.
    """
    frame = _frame_of(table)
    cols = find_columns(table)
    if frame is None or len(frame) == 0 or not ({"message", "format"} & cols.keys()):
        return []
    return recognise(_items(frame[_candidates(frame, cols)], cols, source), source)


def _candidates(frame: pd.DataFrame, cols: dict[str, str]) -> pd.Series:
    """Rows worth a full check: a signature literal in the text, or a contextual field match.

    Vectorised, because log tables can hold hundreds of thousands of rows.
    """
    import pandas as pd

    texts = [frame[cols[r]].astype("string") for r in ("message", "format") if r in cols]
    text = texts[0] if len(texts) == 1 else texts[0].fillna(texts[1])
    quick = prefilter()
    if quick is None:
        return pd.Series(True, index=frame.index)
    mask = text.str.lower().str.contains(quick, regex=True, na=False)
    for sig in signatures():
        if not sig.fields:
            continue
        hit = pd.Series(True, index=frame.index)
        for name, pattern in sig.fields:
            if name not in cols:
                hit &= False
                continue
            values = frame[cols[name]].astype("string")
            hit &= values.str.contains(pattern, regex=True, na=False)
        mask |= hit
    return mask.astype(bool)


def _items(
    frame: pd.DataFrame, cols: dict[str, str], source: str
) -> Iterator[tuple[str, str, float | None, dict[str, str | None]]]:
    roles = list(cols)
    data = [frame[cols[r]].tolist() for r in roles]
    for values in zip(*data, strict=True):
        row = dict(zip(roles, values, strict=True))
        text = _text(row.get("message")) or _text(row.get("format"))
        if not text:
            continue
        context = {k: _text(row.get(k)) for k in ("subsystem", "category", "process")}
        where = source + "".join(
            f" · {v}"
            for v in (_join(context["subsystem"], context["category"]), context["process"])
            if v
        )
        yield text, where, _seconds(row.get("time")), context


def _join(subsystem: str | None, category: str | None) -> str | None:
    if subsystem and category:
        return f"{subsystem}/{category}"
    return subsystem or category


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if not isinstance(value, str):
        try:
            import pandas as pd

            if pd.isna(value):
                return None
        except (TypeError, ValueError):
            pass
        value = str(value)
    return value or None


def _seconds(value: Any) -> float | None:
    try:
        if value is None or value != value:
            return None
        return int(value) / 1e9
    except (TypeError, ValueError):
        return None
