"""Everything the CLI prints goes through here, and so through the one terminal filter
(:func:`profiler.text.terminal_safe`): paths, device and model names, log lines."""

from __future__ import annotations

from typing import Any

import typer


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """``text`` on stdout (or stderr) without escape sequences or control characters."""
    from profiler.text import terminal_safe

    typer.echo(terminal_safe(text), err=err, nl=nl)


def wrote(path: Any, *, err: bool = False) -> None:
    """The ``Wrote <path>`` line every command prints per file it writes."""
    echo(f"Wrote {path}", err=err)


def document(kind: str, fmt: str, document: Any) -> None:
    """Render ``document`` with the registered reporter to stdout (filtered like the rest)."""
    from profiler.report.base import render_to

    render_to(kind, fmt, document, "-", force=False)
