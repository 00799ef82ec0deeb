"""The stderr console summary: headline table and diagnostics, terminal-safe."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from profiler.analysis.summary import Diagnostic, Severity
from profiler.report import fmt, view
from profiler.report.console import print_summary
from profiler.report.wrap import FIGURE
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
                         ("App CPU peak", fmt.percent(h.app_cpu_peak_percent)),
                         ("System CPU peak", fmt.percent(h.system_cpu_peak_percent))):
        line = next(x for x in text.splitlines() if label in x)
        assert value in line
    assert "warning: close to the limit (near-jetsam-limit; run-2 at t = 7.0 s)" in text


def test_terminal_escapes_and_markup_are_inert() -> None:
    evil = "\x1b[2J[bold red]boom[/]\x07"
    diag = Diagnostic("x", Severity.ERROR, evil, None, "log", None, None)
    text = _print(make_analysis(diagnostics=(diag,), name=evil))
    assert "\x1b" not in text and "\x07" not in text
    assert "[bold red]boom[/]" in text  # shown literally, not interpreted


@pytest.mark.parametrize("pad", range(0, 40, 3))
def test_an_80_column_ci_log_never_splits_a_figure(monkeypatch: pytest.MonkeyPatch, pad: int) -> None:
    """Not a terminal, COLUMNS=80 (a CI log): lines fit, and no figure is broken across lines."""
    monkeypatch.setenv("COLUMNS", "80")
    # the padding moves each figure across the line end, so every break position is tried
    message = "x" * pad + " footprint 2.60 GiB is 93 % of the 2.80 GiB budget at t = 124.0 s, 1.31 it/s"
    diags = tuple(Diagnostic(f"code-{i}", Severity.WARNING, f"{'w ' * i}{message}", None, "analysis",
                             None, None, 1, 7.0 + i, 7.0 + i, recording="run-2") for i in range(6))
    a = make_analysis(diagnostics=diags)
    out = io.StringIO()
    console = Console(file=out)
    assert not console.is_terminal and console.width == 80
    print_summary(a, console)
    lines = out.getvalue().splitlines()
    assert all(len(line.rstrip()) <= 80 for line in lines)
    text = "\n".join(lines)
    for figure in ("2.60 GiB", "93 %", "2.80 GiB", "t = 124.0 s", "1.31 it/s"):
        assert text.count(figure) >= len(diags), figure  # once per diagnostic, each whole
    details = [c.detail for c in view.headline_cards(a) if c.detail]
    for figure in {m.group(0) for d in details for m in FIGURE.finditer(d) if " " in m.group(0)}:
        assert figure in text, figure
    # a break right before a unit, or right after "t =", is what a split figure looks like
    for a_line, b_line in zip(lines, lines[1:], strict=False):
        assert not (re.search(r"\d$", a_line.rstrip(" │")) and
                    re.match(r"[│ ]*(%|s|ms|GiB|MiB|it/s)\b", b_line)), (a_line, b_line)
        assert not a_line.rstrip(" │").endswith("t ="), a_line
