"""Write HTML, Markdown and JSON reports (and a Perfetto trace) for a run folder, recording, table export or .trace."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from profiler.cli.options import Force, Output, OutputFormat, ReaderOption, format_option
from profiler.readers import Reader


class PlotlyJs(StrEnum):
    INLINE = "inline"
    CDN = "cdn"


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        ctx: typer.Context,
        path: Annotated[Path, typer.Argument(help="Run folder, recording folder, table export (.xml), or .trace bundle (folder or .trace.zip).")],
        output: Output = None,
        fmt: Annotated[OutputFormat | None, format_option("html", "md", "json", "perfetto", help="Write only this format (default: html, md and json), or the format for -o; perfetto is a .pftrace timeline.")] = None,
        perfetto: Annotated[bool, typer.Option("--perfetto", help="Also write a Perfetto trace (.pftrace) beside the reports; the HTML report links it.")] = False,
        force: Force = False,
        plotlyjs: Annotated[PlotlyJs, typer.Option("--plotlyjs", help="Inline plotly.js (self-contained) or load it from the CDN.")] = PlotlyJs.INLINE,
        log: Annotated[list[Path] | None, typer.Option("--log", help="An app or device log to scan for diagnostics (repeatable).")] = None,
        model_path: Annotated[Path | None, typer.Option("--model-path", help="The Core ML model folder, to inspect alongside.")] = None,
        reader: ReaderOption = Reader.AUTO,
        redact: Annotated[bool, typer.Option("--redact", help="For a public issue: replace device and host names, UDIDs, home-directory paths and prompts by placeholders (device-1, udid-1, /Users/user-1, prompt-1) in every output.")] = False,
        allow_empty: Annotated[bool, typer.Option("--allow-empty", help="Exit 0 even when the input gives no figure (otherwise exit 9, nothing measured).")] = False,
    ) -> None:
        """Write HTML, Markdown and JSON reports for a recording (default: reports/<name>.*)."""
        from rich.console import Console

        import profiler
        from profiler.cli.command_line import command_line
        from profiler.cli.output import echo, wrote
        from profiler.errors import ExitCode
        from profiler.report import outputs
        from profiler.report.cli_support import (
            default_name,
            missing_lines,
            nothing_measured,
            require_input,
        )
        from profiler.report.console import print_summary

        require_input(path)
        name = default_name(path)
        planned = outputs.plan(Path("reports") / name, output, fmt and str(fmt))
        link = None
        if perfetto:
            from profiler.report.perfetto_beside import beside

            planned, link = beside(planned, Path("reports") / name, output)
        outputs.refuse_existing(planned, force=force)  # before a possibly minutes-long analysis
        loaded = profiler.load(path, reader=reader)
        analysis = profiler.analyze(loaded, logs=tuple(log or ()), model_path=model_path,
                                    command=command_line(ctx), redact=redact)
        print_summary(analysis, Console(stderr=True))
        for written in outputs.write("analysis", planned, analysis, force=force,
                                     plotlyjs=str(plotlyjs), perfetto_link=link):
            wrote(written)
        for line in missing_lines(analysis):
            echo(f"warning: {line}", err=True)
        warning = nothing_measured(analysis, path)
        if warning and not allow_empty:
            echo(f"warning: {warning}", err=True)
            raise typer.Exit(int(ExitCode.NOTHING_MEASURED))
