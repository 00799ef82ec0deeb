"""The console summary ``profiler report`` prints to stderr: headline figures and diagnostics."""

from __future__ import annotations

import re
from typing import Any

from profiler.analysis.result import Analysis
from profiler.report import issue_view, view
from profiler.text import terminal_safe

_BLANKS = re.compile(r"[\t\n]")


def clean(text: object) -> str:
    """A trace string made safe for a terminal and for rich markup, on one line.

    A trace string could carry terminal escape sequences, which rich passes through.
    """
    from rich.markup import escape

    return escape(_BLANKS.sub(" ", terminal_safe("" if text is None else str(text))))


_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_summary(analysis: Analysis, console: Any) -> None:
    """Write a rich table of the headline figures, then the diagnostics, to ``console``."""
    from rich.table import Table

    s = analysis.summary
    title = f"{s.name or 'recording'} — {len(s.recordings)} recording(s)"
    table = Table(title=clean(title), show_header=True, header_style="bold", title_justify="left")
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    table.add_column("Notes", style="dim")
    for card in view.headline_cards(analysis):
        table.add_row(card.label, card.value, clean(card.detail))
    console.print(table)
    published = issue_view.baseline_line(analysis)
    if published:
        console.print(clean(published[0].upper() + published[1:]), highlight=False)
    for group in analysis.diagnostic_groups:
        for d in group.items:
            style = _STYLE.get(str(group.severity), "")
            console.print(f"[{style}]{clean(group.severity)}[/]: {clean(d.message)} "
                          f"[dim]({clean(d.code)}; {clean(view.when(d))})[/]", highlight=False)
