"""`profiler store add`: analyse runs and append them to a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("add")
    def add(
        store: Annotated[Path, typer.Argument(help="The store folder (created when new).", show_default=False)],
        runs: Annotated[list[Path], typer.Argument(metavar="RUN", help="Run folders, recording folders or table exports.", show_default=False)],
        commit: Annotated[str | None, typer.Option("--commit", help="The app's git commit, stored with each run.")] = None,
        branch: Annotated[str | None, typer.Option("--branch", help="The app's git branch.")] = None,
        label: Annotated[list[str] | None, typer.Option("--label", metavar="K=V", help="A label stored with each run (repeatable).")] = None,
        replace: Annotated[bool, typer.Option("--replace", help="Re-analyse runs the store already has and replace their rows.")] = False,
    ) -> None:
        """Analyse runs and append them to a store (one Parquet file per run per table).

        A run already in the store (same exports and run.json, whatever profiler version stored it) is skipped unless --replace. Prints one line per run on stdout. Exit codes: 0 done, 4 a run or the store is unusable (the other runs are still added).
        """
        from profiler.analysis.store.add import BATCH, Batch, parse_labels
        from profiler.cli.output import echo
        from profiler.errors import InputError, ProfilerError
        from profiler.report.store_add import result_line

        labels = parse_labels(label or ())
        failed = 0
        batch = Batch(store)  # written BATCH runs at a time, in one group commit each

        def write() -> None:
            for result in batch.commit():
                echo(result_line(result))

        for n, run in enumerate(runs, 1):
            try:
                batch.add_path(run, commit=commit, branch=branch, labels=labels, replace=replace)
            except ProfilerError as exc:
                if not isinstance(exc, InputError) or len(runs) == 1:
                    write()  # the runs analysed before it are still added
                    raise
                echo(f"error: {exc.describe()}", err=True)
                failed += 1
            if len(batch) >= BATCH or n == len(runs):
                write()
        if failed:
            raise InputError(f"{failed} of {len(runs)} runs could not be added",
                             hint="see the error lines above; the other runs were added")
