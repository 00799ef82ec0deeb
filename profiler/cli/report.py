"""Write HTML, Markdown and JSON reports for a run folder, recording, table export or .trace."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class ReportFormat(StrEnum):
    HTML = "html"
    MD = "md"
    JSON = "json"


class PlotlyJs(StrEnum):
    INLINE = "inline"
    CDN = "cdn"


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        path: Annotated[Path, typer.Argument(help="Run folder, recording folder, table export (.xml) or .trace bundle.")],
        output: Annotated[str | None, typer.Option("-o", "--output", help="Output file (format from its extension), or - for stdout (md or json).")] = None,
        fmt: Annotated[ReportFormat | None, typer.Option("--format", help="Write only this format.")] = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite existing reports.")] = False,
        plotlyjs: Annotated[PlotlyJs, typer.Option("--plotlyjs", help="Inline plotly.js (self-contained) or load it from the CDN.")] = PlotlyJs.INLINE,
        log: Annotated[list[Path] | None, typer.Option("--log", help="An app or device log to scan for diagnostics (repeatable).")] = None,
        model_path: Annotated[Path | None, typer.Option("--model-path", help="The Core ML model folder, to inspect alongside.")] = None,
    ) -> None:
        """Write HTML, Markdown and JSON reports for a recording (default: reports/<name>.*)."""
        from rich.console import Console

        import profiler
        from profiler.report import cli_support as plan
        from profiler.report.console import print_summary
        from profiler.report.render import write_all, write_one

        plan.require_input(path)
        name = plan.default_name(path)
        targets = plan.plan_outputs(name, output, fmt and str(fmt))
        plan.refuse_existing(targets, force=force)
        loaded = profiler.load(path)
        analysis = profiler.analyze(loaded, logs=tuple(log or ()), model_path=model_path)
        print_summary(analysis, Console(stderr=True))
        if output is None:
            formats = [f for f, _ in targets]
            for written in write_all(analysis, Path("reports") / name, formats=formats,
                                     force=force, plotlyjs=str(plotlyjs)):
                typer.echo(f"Wrote {written}")
            return
        (chosen, target), = targets
        write_one(analysis, target, fmt=chosen, force=force, plotlyjs=str(plotlyjs))
        if target != "-":
            typer.echo(f"Wrote {target}")
