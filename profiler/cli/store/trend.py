"""`profiler store trend`: each figure over time per device and model, with noise bands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from profiler.cli.options import Force, Output, OutputFormat, format_option


def register(app: typer.Typer) -> None:
    @app.command("trend")
    def trend(
        store: Annotated[Path, typer.Argument(help="The store folder.", show_default=False)],
        metric: Annotated[list[str] | None, typer.Option("--metric", help="A headline figure, e.g. step_median_s (repeatable; default: all).")] = None,
        by: Annotated[list[str] | None, typer.Option("--by", help="Series key: device, model, os_build, branch, compute_units, device_model, app_name (repeatable; default: device and model).")] = None,
        window: Annotated[int, typer.Option("--window", help="Runs before each point that form its baseline and noise band.")] = 10,
        threshold: Annotated[str, typer.Option("--threshold", help="Relative change that counts, e.g. 10% or 0.10.")] = "10%",
        where: Annotated[str | None, typer.Option("--where", help="SQL condition on the runs view, e.g. \"branch = 'main'\".")] = None,
        output: Output = None,
        fmt: Annotated[OutputFormat | None, format_option("html", "md", help="Write only this format (default: both), or the format for -o.")] = None,
        force: Force = False,
    ) -> None:
        """Draw each headline figure over time per series, with the store's own noise band.

        A point is marked where profiler compare's gate, run against the window of runs before it, finds a regression or an improvement. Writes reports/trend-<metric>.{html,md} unless -o is given (-o - writes Markdown to stdout). Exit codes: 0 done, 4 not a store or bad option, 5 output exists.
        """
        from profiler.analysis.store.trend import DEFAULT_BY
        from profiler.analysis.store.trend import trend as build
        from profiler.cli.compare import parse_threshold
        from profiler.cli.output import wrote
        from profiler.report import outputs

        stem = Path("reports") / ("trend-" + "-".join(outputs.slug(m) for m in metric or ("all",)))
        chosen = (str(fmt),) if fmt else ("html", "md")
        planned = (outputs.plan(stem, output, fmt and str(fmt)) if output is not None
                   else tuple(o for f in chosen for o in outputs.plan(stem, None, f)))
        outputs.refuse_existing(planned, force=force)
        doc = build(store, metrics=metric or (), by=by or DEFAULT_BY, window=window,
                    threshold=parse_threshold(threshold), where=where)
        for path in outputs.write("trend", planned, doc, force=force):
            wrote(path)
