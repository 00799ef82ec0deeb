"""The verdict table ``profiler compare`` prints to stderr (rich), plus its warning lines."""

from __future__ import annotations

from typing import Any

from profiler.analysis.compare.comparison import Comparison, Verdict
from profiler.report import compare_view as view

_STYLES = {Verdict.REGRESSION: "bold red", Verdict.IMPROVEMENT: "bold green",
           Verdict.NOISE: "yellow", Verdict.UNAVAILABLE: "dim"}


def print_comparison(comparison: Comparison, console: Any) -> None:
    """Headline table with deltas and verdicts, then environment warnings and the tally."""
    from rich import box
    from rich.table import Table

    # Labels and environment values come from run names and summary JSON files: escape rich
    # markup and drop terminal control characters.
    from profiler.report.console import clean as escape

    c = comparison
    table = Table(title=f"baseline: {escape(c.baseline)} · threshold {c.threshold * 100:g} %",
                  title_justify="left", box=box.SIMPLE_HEAD,
                  caption="↓ lower is better · ↑ higher is better", caption_justify="left")
    table.add_column("Figure", min_width=14)
    table.add_column(escape(c.baseline), justify="right")
    for label in view.others(c):
        table.add_column(escape(label), justify="right")
        table.add_column("Δ", justify="right")
        table.add_column("Verdict", min_width=12)
    for fig in c.figures:
        cells = {cell.label: cell for cell in fig.cells}
        row = [f"{view.arrow(fig.better)[0]} {fig.title}",
               view.value(fig.unit, cells[c.baseline].value)]
        for label in view.others(c):
            cell = cells[label]
            style = _STYLES.get(cell.verdict, "")
            text = escape(view.verdict(cell))
            row += [view.value(fig.unit, cell.value), view.delta(fig.unit, cell),
                    f"[{style}]{text}[/]" if style else text]
        table.add_row(*row)
    console.print(table)
    for warning in c.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
    reg, imp = len(c.regressions), len(c.improvements)
    tally = f"{reg} regression{'s' * (reg != 1)}, {imp} improvement{'s' * (imp != 1)}"
    if c.missing:
        tally += f", {len(c.missing)} missing ({escape(c.missing_text())})"
    console.print(tally, highlight=False, soft_wrap=True)
