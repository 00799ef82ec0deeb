"""``profiler store``: a store of many runs (Hive-partitioned Parquet), its queries and trends.

One module per subcommand; like every CLI module they import only typer and the standard
library at the top, so ``profiler --help`` never loads DuckDB or pyarrow.
"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from profiler.cli.store import add, query, trend

    store = typer.Typer(
        name="store", no_args_is_help=True, add_completion=False,
        help="Keep many runs in one store (Parquet that DuckDB, Spark and Trino read), query "
        "it with SQL, and draw trends across builds and devices. See docs/store.md.",
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    for module in (add, query, trend):
        module.register(store)
    app.add_typer(store, name="store")
