"""Show what an xctrace export holds, or convert its tables to Parquet/CSV.

For a TOC (`xctrace export --toc`): runs, target, device and tables. For a table export
(`--xpath`): schema, columns (mnemonic, engineering type, dtype) and row count.
Column dtypes are documented in docs/data-model.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from profiler.cli.options import Force, OutputFormat, ReaderOption, format_option
from profiler.readers import Reader

_PROGRESS_BYTES = 20 * 1024 * 1024  # show a progress bar on stderr for exports at least this big


def register(app: typer.Typer) -> None:
    @app.command("tables")
    def tables(
        files: Annotated[list[Path], typer.Argument(metavar="FILE", help="xctrace export XML files (TOC or table), or .trace bundles (folder or .trace.zip).", show_default=False)],
        fmt: Annotated[OutputFormat, format_option("text", "json", help="Output format.")] = OutputFormat.TEXT,
        to: Annotated[tuple[str, Path] | None, typer.Option("--to", metavar="parquet|csv DIR", help="Write each table to DIR.")] = None,
        force: Force = False,
        verbose: Annotated[bool, typer.Option("--verbose", help="Say on stderr which reader read each table (compiled, python and why, or bundle).")] = False,
        reader: ReaderOption = Reader.AUTO,
    ) -> None:
        """Show what an export or a .trace bundle holds, or write its tables to Parquet/CSV.

        For a TOC (`xctrace export --toc`): runs, target, device and tables. For a table export (`--xpath`): schema, columns (mnemonic, engineering type, dtype) and row count. For a .trace bundle: both, for every store, and the stores not read with the command that exports them. With `--to parquet|csv DIR`, each table is written to DIR (never overwritten without --force).
        """
        import profiler
        from profiler.cli.output import document, echo, wrote
        from profiler.report import table_files
        from profiler.report import tables as d
        from profiler.trace import read_toc, sniff
        from profiler.trace.export_commands import is_bundle

        target = to if to and to[0] is not None else None
        if target and target[0] not in table_files.FORMATS:
            raise typer.BadParameter("use parquet DIR or csv DIR", param_hint="--to")
        docs: list[dict[str, Any]] = []
        for path in files:
            if is_bundle(path):
                loaded = profiler.load(path, reader=reader, every_store=True)
                toc_doc, doc = d.describe_bundle(loaded)
                docs.append(toc_doc)
                if fmt is OutputFormat.TEXT:
                    document("tables", "text", d.TablesDocument((toc_doc,)))
                parsed = [t for r in loaded.recordings for ts in r.tables.values() for t in ts]
            elif sniff(path) == "toc":
                doc = d.describe_toc(read_toc(path))
                for warning in d.warning_lines(doc):
                    echo(warning, err=True)
                if target:
                    echo(f"note: {path} is a TOC; it has no rows to write", err=True)
            else:
                parsed = _read(path)
                doc = d.describe_tables(str(path), parsed)
            if doc["kind"] == "table":
                for warning in d.warning_lines(doc):
                    echo(warning, err=True)
                for n, table in enumerate(parsed if verbose else (), 1):
                    echo(f"table {n} ({table.schema.name or 'track detail'}) reader: {table.reader}", err=True)
                if target:
                    outs = table_files.output_paths(path, parsed, target[1], target[0])
                    table_files.check_free(outs, force)
                    for table, out in zip(parsed, outs, strict=True):
                        table_files.write_table(table, out, target[0], force=force)
                        wrote(out, err=fmt is OutputFormat.JSON)
            docs.append(doc)
            if fmt is OutputFormat.TEXT:  # each file's description as soon as it is read
                document("tables", "text", d.TablesDocument((doc,)))
        if fmt is OutputFormat.JSON:
            document("tables", "json", d.TablesDocument(tuple(docs)))


def _read(path: Path) -> Any:
    """read_tables with a rich progress bar on stderr for big files on a terminal."""
    import sys

    from profiler.trace import read_tables

    if path.stat().st_size < _PROGRESS_BYTES or not sys.stderr.isatty():
        return read_tables(path)
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(),
        TransferSpeedColumn(), console=Console(stderr=True), transient=True,
    ) as bar:
        task = bar.add_task(f"reading {path.name}", total=path.stat().st_size)
        return read_tables(path, progress=lambda done, total: bar.update(task, completed=done))
