"""The console summary ``profiler report`` prints to stderr: headline figures and diagnostics."""

from __future__ import annotations

from typing import Any

from profiler.analysis.summary import Analysis
from profiler.report import view

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_summary(analysis: Analysis, console: Any) -> None:
    """Write a rich table of the headline figures, then the diagnostics, to ``console``."""
    from rich.markup import escape
    from rich.table import Table

    s = analysis.summary
    title = f"{s.name or 'recording'} — {len(s.recordings)} recording(s)"
    table = Table(title=escape(title), show_header=True, header_style="bold", title_justify="left")
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    table.add_column("Notes", style="dim")
    for card in view.headline_cards(s):
        table.add_row(card.label, card.value, escape(card.detail or ""))
    console.print(table)
    for group in view.diagnostic_groups(s):
        for d in group.items:
            style = _STYLE.get(str(group.severity), "")
            console.print(f"[{style}]{escape(str(group.severity))}[/]: {escape(d.message)} "
                          f"[dim]({escape(d.code)}; {escape(view.when(d))})[/]")
