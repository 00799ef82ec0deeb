"""Find the tables and columns an analysis needs, whatever Xcode version wrote the export.

Column layouts of the Core ML, Neural Engine and Activity Monitor tables are not confirmed in any
real export (docs/analysis.md), so nothing here uses column positions. A column is looked up in the
table's ``<schema>``: by engineering type first, then by mnemonic (or display name) aliases. A
schema is matched by its canonical kebab-case name or its Xcode 27 CamelCase spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from profiler.analysis.summary import Unavailable

if TYPE_CHECKING:
    import pandas as pd

    from profiler.trace.model import Column, Table

#: Schemas the analysis reads, by role. Earlier names are preferred.
CORE_ML = ("coreml-os-signpost",)
APP_SIGNPOSTS = ("os-signpost-interval",)
ANE = ("ane-hw-intervals", "ane-hw-intervals-internal")
PROCESS = ("activity-monitor-process-live", "sysmon-process")
SYSTEM = ("activity-monitor-system", "sysmon-system")
GPU = ("metal-gpu-intervals", "mps-hw-intervals")
THERMAL = ("device-thermal-state-intervals",)
LOG = ("os-log",)

#: Every schema of interest, in the order `profiler.load` exports them from a .trace bundle.
SCHEMAS_OF_INTEREST: tuple[str, ...] = (
    *CORE_ML, *APP_SIGNPOSTS, *ANE, *PROCESS, *SYSTEM, *GPU, *THERMAL, *LOG,
)

#: Known spellings of a schema besides its kebab-case name (Xcode 27 renamed some tables).
SCHEMA_ALIASES: dict[str, tuple[str, ...]] = {
    "os-signpost-interval": ("OSSignpostIntervals", "OSSignpostInterval"),
    "os-signpost": ("OSSignpostEvents",),
    "os-log": ("OSLog", "OSLogEvents"),
    "coreml-os-signpost": ("CoreMLOSSignpost", "CoreMLSignposts"),
    "device-thermal-state-intervals": ("DeviceThermalStateIntervals",),
}


def _key(name: str) -> str:
    """Spelling-insensitive key: ``OSSignpostIntervals`` and ``os-signpost-interval`` agree."""
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    return key[:-1] if key.endswith("s") else key


def canonical_schema(name: str | None) -> str | None:
    """The kebab-case schema name for any known spelling; unknown names come back unchanged."""
    if name is None:
        return None
    key = _key(name)
    for canonical in (*SCHEMAS_OF_INTEREST, *SCHEMA_ALIASES):
        if _key(canonical) == key:
            return canonical
        if any(_key(alias) == key for alias in SCHEMA_ALIASES.get(canonical, ())):
            return canonical
    return name


def pick_tables(
    tables: Mapping[str, Sequence[Table]], schemas: Iterable[str]
) -> tuple[str, tuple[Table, ...]] | None:
    """The first schema of ``schemas`` that has at least one row, with its tables.

    Falls back to the first schema present but empty so the caller can say it was empty.
    ``tables`` is keyed by the schema name as exported (any spelling).
    """
    by_canonical: dict[str, list[Table]] = {}
    for exported, exports in tables.items():
        by_canonical.setdefault(canonical_schema(exported) or exported, []).extend(exports)
    empty: tuple[str, tuple[Table, ...]] | None = None
    for schema in schemas:
        found = by_canonical.get(schema)
        if not found:
            continue
        if any(t.row_count > 0 for t in found):
            return schema, tuple(t for t in found if t.row_count > 0)
        if empty is None:
            empty = (schema, tuple(found))
    return empty


@dataclass(frozen=True)
class Want:
    """What a metric needs from a table: engineering types, then mnemonic aliases."""

    role: str
    types: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    #: a single column of a matching type is enough (False when the type is shared, e.g. bytes)
    unique_type_ok: bool = True


def _norm(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def find(table: Table, want: Want) -> Column | None:
    """The column of ``table`` that fits ``want``, or None."""
    columns = table.schema.columns
    aliases = [_norm(a) for a in want.aliases]
    typed = [c for c in columns if c.engineering_type in want.types]
    for alias in aliases:  # among columns of the right type, an alias decides
        for column in typed:
            if _norm(column.mnemonic) == alias or _norm(column.name) == alias:
                return column
    if typed and (len(typed) == 1 or not aliases) and want.unique_type_ok:
        return typed[0]
    for alias in aliases:  # a renamed engineering type: trust the mnemonic
        for column in columns:
            if _norm(column.mnemonic) == alias:
                return column
    return None


def describe_columns(table: Table) -> str:
    return ", ".join(f"{c.mnemonic}:{c.engineering_type}" for c in table.schema.columns) or "none"


def missing_column(metric: str, table: Table, want: Want) -> Unavailable:
    """The standard reason for a column that is not there."""
    kinds = " or ".join(want.types) if want.types else want.role
    return Unavailable(
        metric,
        f"not available: table {table.schema.name or table.path} has no column of type {kinds} "
        f"for {want.role} (columns: {describe_columns(table)})",
    )


def resolve(
    metric: str, table: Table, wants: Mapping[str, Want], optional: Iterable[str] = ()
) -> dict[str, str] | Unavailable:
    """Map each role to a frame column name, or the first missing required role's reason.

    Optional roles that are not found are simply left out of the result.
    """
    out: dict[str, str] = {}
    optional = set(optional)
    for role, want in wants.items():
        column = find(table, want)
        if column is None:
            if role in optional:
                continue
            return missing_column(metric, table, want)
        out[role] = column.mnemonic
    return out


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
    return frame[column].astype("string").fillna("")


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
    return texts(frame, column).str.replace(r"\s*\(\d+\)\s*$", "", regex=True).str.strip()
