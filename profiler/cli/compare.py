"""`profiler compare`: runs side by side against a baseline, with a CI gate."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from profiler.cli.options import Force, Output, OutputFormat, format_option


class Indicative(StrEnum):
    """What --fail-on-regression does with an indicative regression (too few recordings) or a
    figure missing from a compared run."""

    FAIL = "fail"
    WARN = "warn"


def parse_threshold(text: str) -> float:
    """``10%`` or ``0.10`` → 0.10."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*(%?)\s*", text)
    if not match:
        _usage(f"--threshold: {text!r} is not a threshold; write e.g. 10% or 0.10")
    value = float(match.group(1))
    if match.group(2):
        value /= 100
    elif value > 1:
        _usage(f"--threshold: {text!r} is ambiguous; write {text}% or {value / 100:g}")
    return value


def _usage(message: str, hint: str | None = None) -> NoReturn:
    # A ProfilerError with the usage exit code: the root's error boundary prints it as one line.
    from profiler.errors import ExitCode, ProfilerError

    raise ProfilerError(message, hint=hint, exit_code=ExitCode.USAGE)


def register(app: typer.Typer) -> None:
    @app.command("compare")
    def compare(
        inputs: Annotated[list[Path], typer.Argument(help="Two or more runs: summary JSON, run folder, recording or export (one or more with --baseline-store).", show_default=False)],
        baseline: Annotated[str | None, typer.Option("--baseline", help="Label or path of the baseline (default: the first input).")] = None,
        baseline_store: Annotated[Path | None, typer.Option("--baseline-store", help="A run store: its runs chosen by --where and --last are the baseline, in place of a first input.")] = None,
        where: Annotated[str | None, typer.Option("--where", help="With --baseline-store: SQL condition on the store's runs view, e.g. \"branch = 'main' AND device = 'iPhone14,3'\".")] = None,
        last: Annotated[int, typer.Option("--last", help="With --baseline-store: the most recently recorded matching runs to take (0: all).")] = 10,
        label: Annotated[list[str] | None, typer.Option("--label", help="Label for each input, in order (default: the run name).")] = None,
        threshold: Annotated[str, typer.Option("--threshold", help="Relative change that counts, e.g. 10% or 0.10.")] = "10%",
        fail_on_regression: Annotated[bool, typer.Option("--fail-on-regression", help="Exit 3 when a regression is found (after writing outputs).")] = False,
        indicative: Annotated[Indicative, typer.Option("--indicative", help="fail: indicative regressions (too few recordings to test) fail the gate; warn: report them only.")] = Indicative.FAIL,
        missing: Annotated[Indicative, typer.Option("--missing", help="fail: a figure the baseline has and another run lacks fails the gate; warn: report it only.")] = Indicative.FAIL,
        output: Output = None,
        fmt: Annotated[OutputFormat | None, format_option("html", "md", "json", help="Write only this format (default: all three), or the format for -o.")] = None,
        force: Force = False,
    ) -> None:
        """Compare runs against a baseline and gate regressions in CI.

        Inputs are summary JSON files (profiler report --format json), run folders, recordings or exports. Every headline figure is shown side by side with its delta against the baseline. With 3+ recordings per side a change is tested for significance; with fewer it is indicative. With --baseline-store STORE, the baseline is the store's history (labelled store): the runs --where chooses, the newest --last of them. Writes reports/compare-<baseline>-vs-<other>.{html,md,json} unless -o is given (-o - writes to stdout).

        A figure the baseline has and another run lacks fails the gate too (--missing warn to relax).

        Exit codes: 0 done, 3 regression or missing figure found (--fail-on-regression), 4 bad input, 5 output exists.
        """
        from rich.console import Console

        from profiler.analysis.compare import check_gate, compare_paths
        from profiler.cli.output import wrote
        from profiler.report import outputs
        from profiler.report.compare_console import print_comparison
        from profiler.report.compare_view import default_stem

        if baseline_store is not None and baseline is not None:
            _usage("--baseline and --baseline-store exclude each other")
        if baseline_store is None and (where is not None or last != 10):
            _usage("--where and --last choose runs of --baseline-store; pass it too")
        if len(inputs) < (1 if baseline_store is not None else 2):
            _usage("give at least two inputs to compare (or one with --baseline-store)",
                   hint="e.g. profiler compare traces/before traces/after (run folders, "
                   "summary JSON files or .trace bundles)")
        if output is not None:  # a bad -o fails before the inputs are analysed
            outputs.refuse_existing(outputs.plan("reports/compare", output, fmt and str(fmt)),
                                    force=force)
        if baseline_store is not None:
            from profiler.analysis.store.history import compare_with_history

            doc = compare_with_history(baseline_store, inputs, where=where, last=last,
                                       labels=label or (), threshold=parse_threshold(threshold))
        else:
            doc = compare_paths(inputs, labels=label or (), baseline=baseline,
                                threshold=parse_threshold(threshold))
        planned = outputs.plan(Path("reports") / default_stem(doc.comparison), output,
                               fmt and str(fmt))
        for path in outputs.write("compare", planned, doc, force=force):
            wrote(path)
        print_comparison(doc.comparison, Console(stderr=True, soft_wrap=False))
        if fail_on_regression:
            check_gate(doc.comparison, indicative_fails=indicative is Indicative.FAIL,
                       missing_fails=missing is Indicative.FAIL)
