"""Placeholder: `profiler compare` is being built (see the issue tracker)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("compare", hidden=True)
    def _placeholder() -> None:
        """Not built yet."""
        raise typer.Exit(1)
