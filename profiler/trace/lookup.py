"""Find the catalog's tables and columns in what was loaded, whatever Xcode version wrote it.

A column is looked up in the table's ``<schema>``: by engineering type first, then by mnemonic
(or display name) alias; see :class:`profiler.trace.catalog.ColumnSpec`. A table is matched by any
spelling the catalog knows. A bare DataFrame (no schema) is looked up by its column names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from profiler.trace import catalog
from profiler.trace.model import Column, Schema, Table

if TYPE_CHECKING:
    import pandas as pd

    from profiler.trace.catalog import ColumnSpec, TableEntry


def _norm(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def find(schema: Schema, spec: ColumnSpec) -> Column | None:
    """The column of ``schema`` that fits ``spec``, or None."""
    columns = schema.columns
    aliases = [_norm(a) for a in spec.aliases]
    typed = [c for c in columns if c.engineering_type in spec.types]
    for alias in aliases:  # among columns of the right type, an alias decides
        for column in typed:
            if _norm(column.mnemonic) == alias or _norm(column.name) == alias:
                return column
    if typed and (len(typed) == 1 or not aliases) and spec.unique_type_ok:
        return typed[0]
    for alias in aliases:  # a renamed engineering type: trust the mnemonic
        for column in columns:
            if _norm(column.mnemonic) == alias:
                return column
    return None


def describe_columns(schema: Schema) -> str:
    return ", ".join(f"{c.mnemonic}:{c.engineering_type}" for c in schema.columns) or "none"


@dataclass(frozen=True)
class MissingColumn:
    """A required column that is not in a table, with the standard reason."""

    role: str
    spec: ColumnSpec
    reason: str


def missing(table: Table, spec: ColumnSpec, role: str = "") -> MissingColumn:
    kinds = " or ".join(spec.types) if spec.types else spec.what
    return MissingColumn(role, spec, (
        f"not available: table {table.schema.name or table.path} has no column of type {kinds} "
        f"for {spec.what} (columns: {describe_columns(table.schema)})"))


def resolve(table: Table, specs: Mapping[str, ColumnSpec]) -> dict[str, str] | MissingColumn:
    """Map each column role to a frame column name, or the first missing required column.

    Optional columns that are not found are simply left out of the result.
    """
    out: dict[str, str] = {}
    for role, spec in specs.items():
        column = find(table.schema, spec)
        if column is None:
            if not spec.required:
                continue
            return missing(table, spec, role)
        out[role] = column.mnemonic
    return out


def frame_schema(frame: pd.DataFrame, name: str | None = None) -> Schema:
    """A schema for a bare DataFrame: its column names as mnemonics, no engineering types."""
    return Schema(name, tuple(Column(str(c), None, "") for c in frame.columns))


@dataclass(frozen=True, eq=False)
class Picked:
    """The entry chosen for a role and its exported tables (several nodes of one schema)."""

    entry: TableEntry
    tables: tuple[Table, ...]

    @property
    def has_rows(self) -> bool:
        return any(t.row_count > 0 for t in self.tables)


def by_entry(tables: Mapping[str, Sequence[Table]]) -> dict[str, list[Table]]:
    """Loaded tables regrouped by canonical name (exports are keyed by any spelling)."""
    grouped: dict[str, list[Table]] = {}
    for exported, exports in tables.items():
        grouped.setdefault(catalog.canonical(exported) or exported, []).extend(exports)
    return grouped


def pick(tables: Mapping[str, Sequence[Table]], entries: Iterable[TableEntry]) -> Picked | None:
    """The first of ``entries`` that has at least one row, with its tables.

    Falls back to the first entry present but empty so the caller can say it was empty.
    """
    grouped = by_entry(tables)
    empty: Picked | None = None
    for candidate in entries:
        found = grouped.get(candidate.name)
        if not found:
            continue
        if any(t.row_count > 0 for t in found):
            return Picked(candidate, tuple(t for t in found if t.row_count > 0))
        if empty is None:
            empty = Picked(candidate, tuple(found))
    return empty


def of_role(tables: Mapping[str, Sequence[Table]], role: catalog.Role) -> list[Table]:
    """Every loaded table of any entry of ``role`` (e.g. all log tables, for a scan)."""
    grouped = by_entry(tables)
    return [t for e in catalog.of_role(role) for t in grouped.get(e.name, ())]
