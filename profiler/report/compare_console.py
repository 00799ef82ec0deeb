"""The verdict table ``profiler compare`` prints to stderr (rich), plus its warning lines."""

from __future__ import annotations

from typing import Any

from profiler.analysis.compare.comparison import Cell, Comparison, Verdict
from profiler.report import compare_view as view

_STYLES = {Verdict.REGRESSION: "bold red", Verdict.IMPROVEMENT: "bold green",
           Verdict.NOISE: "yellow", Verdict.UNAVAILABLE: "dim"}


def print_comparison(comparison: Comparison, console: Any) -> None:
    """Headline table with deltas and verdicts, then environment warnings and the tally.

    Figures never wrap inside (a CI log is often 80 columns): the table takes the first layout
    that fits the console, from one line per figure with every run side by side, to one table
    per compared run with each delta's and verdict's parenthesis on a second line.
    """
    # Labels and environment values come from run names and summary JSON files: escape rich
    # markup and drop terminal control characters.
    from profiler.report.console import clean as escape

    c = comparison
    others: tuple[str, ...] = view.others(c)
    alone: list[tuple[str, ...]] = [(label,) for label in others]
    layouts = [(chars, narrow, groups) for chars in _LABEL_CHARS
               for narrow, groups in ((False, [others]), (True, [others]), (False, alone),
                                      (True, alone))]
    chars, narrow, groups = next((lay for lay in layouts if _fits(c, lay, console.width)),
                                 layouts[-1])
    for labels in groups:
        console.print(_table(c, labels, narrow, chars, escape))
    for warning in c.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
    tally = view.tally(c)
    if c.missing:
        tally += f", {len(c.missing)} missing ({escape(c.missing_text())})"
    console.print(tally, highlight=False, soft_wrap=True)


#: longest run label shown in a column header, tried in turn (the title names the baseline)
_LABEL_CHARS = (20, 12)
#: the figure titles wrap at words, down to this width
_TITLE_MIN = 14


def _header(label: str, chars: int) -> str:
    """``label`` in at most ``chars``, cut in the middle: runs often differ only at the end."""
    if len(label) <= chars:
        return label
    head = (chars - 1) // 2
    return label[:head] + "…" + label[len(label) - (chars - 1 - head):]


def _fits(c: Comparison, layout: tuple[int, bool, list[tuple[str, ...]]], width: int) -> bool:
    """True when every table of ``layout`` fits ``width`` with no figure cut or wrapped."""
    chars, narrow, groups = layout

    def wide(texts: list[str]) -> int:
        return max(len(line) for t in texts for line in _stacked(t, narrow).split("\n"))

    def column(label: str) -> list[tuple[str, Cell]]:
        return [(f.unit, next(x for x in f.cells if x.label == label)) for f in c.figures]

    for labels in groups:
        widths = [_TITLE_MIN, max(len(_header(c.baseline, chars)),
                                  wide([view.value(unit, x.value) for unit, x in column(c.baseline)]))]
        for label in labels:
            pairs = column(label)
            widths += [max(len(_header(label, chars)), wide([view.value(u, x.value) for u, x in pairs])),
                       max(1, wide([view.delta(u, x) for u, x in pairs])),
                       max(7, wide([view.verdict(x) for _, x in pairs]))]
        if sum(widths) + 3 * len(widths) + 1 > width:  # one space each side, a gap between
            return False
    return True


def _table(c: Comparison, labels: tuple[str, ...], narrow: bool, chars: int, escape: Any) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=f"baseline: {escape(c.baseline)} · threshold {c.threshold * 100:g} %",
                  title_justify="left", box=box.SIMPLE_HEAD,
                  caption="↓ lower is better · ↑ higher is better", caption_justify="left")
    table.add_column("Figure", min_width=_TITLE_MIN)
    table.add_column(escape(_header(c.baseline, chars)), justify="right", no_wrap=True)
    for label in labels:
        table.add_column(escape(_header(label, chars)), justify="right", no_wrap=True)
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
