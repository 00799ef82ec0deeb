"""The options several commands share (``--format``, ``-o``, ``--force``), declared once.

``--debug`` is the root's (:mod:`profiler.cli`). Every ``--format`` takes an
:class:`OutputFormat`; each command names the formats its reporters have, and any other is a
usage error (exit 2).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

import typer

from profiler.readers import Reader


class OutputFormat(StrEnum):
    """Every output format of the tool (each command accepts a subset)."""

    HTML = "html"
    MD = "md"
    JSON = "json"
    TEXT = "text"
    CSV = "csv"
    PARQUET = "parquet"
    PERFETTO = "perfetto"


def _only(choices: tuple[str, ...]) -> Callable[[Any], Any]:
    def check(value: OutputFormat | None) -> OutputFormat | None:
        if value is not None and str(value) not in choices:
            raise typer.BadParameter(f"{str(value)!r} is not one of {', '.join(choices)}")
        return value

    return check


def format_option(*choices: str, help: str) -> Any:
    """``--format`` / ``-f`` limited to ``choices`` (shown in the help as ``a|b|c``)."""
    return typer.Option("--format", "-f", metavar="|".join(choices), show_choices=False,
                        case_sensitive=False, callback=_only(choices), help=help)


Output = Annotated[str | None, typer.Option(
    "-o", "--output",
    help="Output file (format from its extension), or - for stdout (md or json).")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")]
ReaderOption = Annotated[Reader, typer.Option(
    "--reader", case_sensitive=False,
    help="How a .trace bundle is read: auto (the bundle reader, xctrace for what it cannot "
    "read when xcrun is here), bundle (the bundle reader only) or xctrace (export it).")]
