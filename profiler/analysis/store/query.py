"""DuckDB over a store: views ``runs`` and ``samples`` on the Parquet files, and one query.

The views read every data file of the store as it is when it is opened (files of an older
layout read alongside newer ones, their columns lined up by name; a column a file lacks reads
as null), with the partition folders as the string columns ``device`` and ``os_build``. The connection is sandboxed: it reads and writes nothing
outside the store, installs nothing, and its settings are locked. A query is one SELECT (or
EXPLAIN) statement, so a ``--where`` text cannot smuggle in a second statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from profiler.analysis.store import layout
from profiler.analysis.store.columns import PARTITIONS, RUNS, SAMPLES, arrow_schema
from profiler.errors import InputError

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

_COLUMNS = {"runs": RUNS, "samples": SAMPLES}
HINT = ("write one SELECT over the views runs and samples, e.g. "
        "\"SELECT device, median(step_median_s) FROM runs GROUP BY device\"")


@contextmanager
def connect(store: Path, tables: Sequence[str] = layout.TABLES
            ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A sandboxed DuckDB connection with the store's views (see the module docstring)."""
    import duckdb

    store = store.resolve()
    layout.check_store(store, create=False)
    parent_keys = _parent_keys(store)
    con = duckdb.connect()
    try:
        for table in tables:
            _view(con, store, table, parent_keys)
        con.execute(f"SET allowed_directories=[{_quote(str(store) + '/')}]")
        con.execute("SET enable_external_access=false")
        con.execute("SET autoinstall_known_extensions=false")
        con.execute("SET lock_configuration=true")
        yield con
    finally:
        con.close()


def query(store: Path, sql: str) -> pa.Table:
    """The result of one SELECT over the store's views, as an Arrow table."""
    # A view costs a look at its files' footers: make only those the query names.
    named = [t for t in layout.TABLES if re.search(rf"\b{t}\b", sql, re.IGNORECASE)]
    with connect(store, named) as con:
        return run(con, sql)


def run(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> pa.Table:
    """Run one checked statement on an open connection (InputError for bad SQL, exit 4)."""
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise InputError(f"bad SQL: {_first_line(exc)}", hint=HINT) from None
    kinds = {s.type for s in statements}
    if len(statements) != 1 or not kinds <= {duckdb.StatementType.SELECT,
                                             duckdb.StatementType.EXPLAIN}:
        raise InputError("the query must be exactly one SELECT statement", hint=HINT)
    try:
        return con.sql(sql, params=params).to_arrow_table()
    except duckdb.Error as exc:
        raise InputError(f"query failed: {_first_line(exc)}", hint=HINT) from None


def _view(con: Any, store: Path, table: str, parent_keys: tuple[str, ...]) -> None:
    files = layout.files(store, table)
    if not files:  # an empty table still has its columns
        import pyarrow as pa

        schema = arrow_schema(_COLUMNS[table])
        for key in PARTITIONS:
            schema = schema.append(pa.field(key, pa.string()))
        con.register(f"_empty_{table}", schema.empty_table())
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM _empty_{table}")
        return
    types = ", ".join(f"{_quote(k)}: 'VARCHAR'" for k in PARTITIONS)
    # DuckDB reads every key=value folder of a path as a column; the store's own parents'
    # are not the store's.
    exclude = f" EXCLUDE ({', '.join(_ident(k) for k in parent_keys)})" if parent_keys else ""
    # Files of one layout share their columns: read each layout without merging schemas (a
    # merge reads every footer first, several times slower), then line the layouts up by name.
    groups: dict[str, list[Path]] = {}
    for f in files:
        groups.setdefault(layout.schema_of(f), []).append(f)
    parts = [f"SELECT *{exclude} FROM read_parquet([{', '.join(_quote(str(f)) for f in group)}], "
             f"hive_partitioning=true, hive_types={{{types}}})" for _, group in sorted(groups.items())]
    con.execute(f"CREATE VIEW {table} AS " + " UNION ALL BY NAME ".join(parts))


def _parent_keys(store: Path) -> tuple[str, ...]:
    keys = []
    for part in store.parts:
        key, sep, _ = part.partition("=")
        if sep and key:
            if key in PARTITIONS:
                raise InputError(f"the store's path has a folder named {part!r}, which reads "
                                 "as a partition", path=store,
                                 hint="move the store to a path without device=… or os_build=…")
            keys.append(key)
    return tuple(dict.fromkeys(keys))


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
