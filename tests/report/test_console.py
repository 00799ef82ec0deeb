"""The stderr console summary: headline table and diagnostics, terminal-safe."""

from __future__ import annotations

import io

from rich.console import Console

from profiler.analysis.summary import Diagnostic, Severity
from profiler.report import fmt
from profiler.report.console import print_summary
from tests.report.conftest import make_analysis


def _print(analysis) -> str:
    out = io.StringIO()
    print_summary(analysis, Console(file=out, width=120, force_terminal=False))
    return out.getvalue()


def test_headline_and_diagnostics() -> None:
    diag = Diagnostic("near-jetsam-limit", Severity.WARNING, "close to the limit", None, "analysis",
                      None, None, 1, 7.0, 7.0, recording="run-2")
    a = make_analysis(diagnostics=(diag,))
    text = _print(a)
    h = a.summary.headline
    for label, value in (("Uncached load", fmt.seconds(h.uncached_load_s)),
                         ("CPU peak", fmt.percent(h.cpu_peak_percent))):
        line = next(x for x in text.splitlines() if label in x)
        assert value in line
    assert "warning: close to the limit (near-jetsam-limit; run-2 at t = 7.0 s)" in text


def test_terminal_escapes_and_markup_are_inert() -> None:
    evil = "\x1b[2J[bold red]boom[/]\x07"
    diag = Diagnostic("x", Severity.ERROR, evil, None, "log", None, None)
    text = _print(make_analysis(diagnostics=(diag,), name=evil))
    assert "\x1b" not in text and "\x07" not in text
    assert "[bold red]boom[/]" in text  # shown literally, not interpreted
