"""`profiler store query`: one SQL SELECT over a store's runs and samples (DuckDB)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from profiler.cli.options import Force, Output, OutputFormat, format_option


def register(app: typer.Typer) -> None:
    @app.command("query")
    def query(
        store: Annotated[Path, typer.Argument(help="The store folder.", show_default=False)],
        sql: Annotated[str, typer.Argument(metavar="SQL", help="One SELECT over the views runs and samples.", show_default=False)],
        fmt: Annotated[OutputFormat | None, format_option("text", "csv", "json", "parquet", help="Output format (default: from -o's extension, else text).")] = None,
        output: Output = None,
        force: Force = False,
    ) -> None:
        """Run one SQL SELECT over a store (DuckDB; views runs and samples) and print the result.

        Columns are listed in docs/store.md. Text goes to stdout; csv and json to stdout or -o FILE; parquet to -o FILE only. Exit codes: 0 done, 4 not a store or bad SQL, 5 output exists.
        """
        from profiler.analysis.store.query import query as run_query
        from profiler.cli.output import document, wrote
        from profiler.report.base import render_to
        from profiler.report.store_query import QueryResult, output_format, write_parquet

        chosen = output_format(fmt and str(fmt), output)
        if output not in (None, "-"):
            from profiler.files import check_target

            check_target(output, force=force)  # before the query runs
        result = QueryResult(sql, run_query(store, sql))
        if chosen == "parquet":
            write_parquet(result, output, force=force)  # type: ignore[arg-type]
        elif output in (None, "-"):
            document("query", chosen, result)
            return
        else:
            render_to("query", chosen, result, output, force=force)
        wrote(output)
