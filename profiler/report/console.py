"""The console summary ``profiler report`` prints to stderr: headline figures and diagnostics."""

from __future__ import annotations

import re
from typing import Any

from profiler.analysis.result import Analysis
from profiler.report import diagnostic_text, issue_view, view
from profiler.report.wrap import break_points, wrap
from profiler.text import shown, terminal_safe

_BLANKS = re.compile(r"[\t\n]")


def clean(text: object) -> str:
    """A trace string made safe for a terminal and for rich markup, on one line.

    A trace string could carry terminal escape sequences, which rich passes through.
    """
    from rich.markup import escape

    return escape(_BLANKS.sub(" ", shown(terminal_safe("" if text is None else str(text)))))


_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_summary(analysis: Analysis, console: Any) -> None:
    """Write a rich table of the headline figures, then the diagnostics, to ``console``.

    Lines are broken here, never inside a figure (:mod:`profiler.report.wrap`), and printed
    without rich's own wrapping, so an 80-column CI log stays readable.
    """
    from rich.table import Table

    s = analysis.summary
    cards = view.headline_cards(analysis)
    title = f"{s.name or 'recording'} — {len(s.recordings)} recording(s)"
    table = Table(title=clean(title), show_header=True, header_style="bold", title_justify="left")
    label_w = max([len("Figure"), *(len(c.label) for c in cards)])
    value_w = max([len("Value"), *(len(c.value) for c in cards)])
    notes_w = max(console.width - label_w - value_w - _TABLE_FRAME, _MIN_NOTES)
    # figures and values never wrap; notes arrive broken into lines that fit
    table.add_column("Figure", no_wrap=True, min_width=label_w)
    table.add_column("Value", justify="right", no_wrap=True, min_width=value_w)
    table.add_column("Notes", style="dim")
    for card in cards:
        table.add_row(card.label, card.value, _cell(card.detail, notes_w))
    console.print(table)
    published = issue_view.baseline_line(analysis)
    if published:
        console.print(clean(published[0].upper() + published[1:]), highlight=False)
    for group in analysis.diagnostic_groups:
        for d in group.items:
            style = _STYLE.get(str(group.severity), "")
            _print_wrapped(console, f"[{style}]{clean(group.severity)}[/]: {clean(d.message)} "
                           f"[dim]({clean(d.code)}; {clean(diagnostic_text.when(d))})[/]")


#: Borders and padding of a three-column rich table: 4 rules and 2 blanks per column.
_TABLE_FRAME = 10
_MIN_NOTES = 12


def _cell(detail: str | None, width: int) -> str:
    """A notes cell as lines: one per ``; ``-separated part, each wrapped to ``width``."""
    if not detail:
        return ""
    parts = clean(detail).split("; ")
    return "\n".join(line for part in parts for line in wrap(part, width))


def _print_wrapped(console: Any, markup: str) -> None:
    from rich.text import Text

    text = Text.from_markup(markup)
    for line in text.divide(break_points(text.plain, console.width)):
        line.rstrip()
        console.print(line, soft_wrap=True, highlight=False)
