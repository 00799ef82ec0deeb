"""The verdict table ``profiler compare`` prints to stderr (rich), plus its warning lines."""

from __future__ import annotations

from typing import Any

from profiler.analysis.compare.comparison import Comparison, Verdict
from profiler.report import compare_view as view

_STYLES = {Verdict.REGRESSION: "bold red", Verdict.IMPROVEMENT: "bold green",
           Verdict.NOISE: "yellow", Verdict.UNAVAILABLE: "dim"}


def print_comparison(comparison: Comparison, console: Any) -> None:
    """Headline table with deltas and verdicts, then environment warnings and the tally.

    Figures never wrap inside (a CI log is often 80 columns): on a narrow console each compared
    run gets its own table, and a delta or verdict puts its parenthesis on a second line.
    """
    # Labels and environment values come from run names and summary JSON files: escape rich
    # markup and drop terminal control characters.
    from profiler.report.console import clean as escape

    c = comparison
    narrow = console.width < 100
    groups = [(label,) for label in view.others(c)] if narrow else [view.others(c)]
    for labels in groups:
        console.print(_table(c, labels, narrow, escape))
    for warning in c.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
    tally = view.tally(c)
    if c.missing:
        tally += f", {len(c.missing)} missing ({escape(c.missing_text())})"
    console.print(tally, highlight=False, soft_wrap=True)


def _table(c: Comparison, labels: tuple[str, ...], narrow: bool, escape: Any) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=f"baseline: {escape(c.baseline)} · threshold {c.threshold * 100:g} %",
                  title_justify="left", box=box.SIMPLE_HEAD,
                  caption="↓ lower is better · ↑ higher is better", caption_justify="left")
    table.add_column("Figure", min_width=14)
    table.add_column(escape(c.baseline), justify="right", no_wrap=True)
    for label in labels:
        table.add_column(escape(label), justify="right", no_wrap=True)
        table.add_column("Δ", justify="right", no_wrap=True)
        table.add_column("Verdict", min_width=12, no_wrap=True)
    for fig in c.figures:
        cells = {cell.label: cell for cell in fig.cells}
        row = [f"{view.arrow(fig.better)[0]} {fig.title}",
               view.value(fig.unit, cells[c.baseline].value)]
        for label in labels:
            cell = cells[label]
            style = _STYLES.get(cell.verdict, "")
            text = _stacked(escape(view.verdict(cell)), narrow)
            row += [view.value(fig.unit, cell.value), _stacked(view.delta(fig.unit, cell), narrow),
                    f"[{style}]{text}[/]" if style else text]
        table.add_row(*row)
    return table


def _stacked(text: str, narrow: bool) -> str:
    """``+59 pp (+39.2 %)`` as two lines on a narrow console, so no figure is split."""
    return text.replace(" (", "\n(", 1) if narrow else text
