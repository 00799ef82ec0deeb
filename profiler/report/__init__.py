"""Reporters: HTML, Markdown and JSON for an analysis (and, elsewhere, for a comparison).

Importing this package stays light; :func:`write_all` imports the reporters when called.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from profiler.analysis.result import Analysis

__all__ = ["write_all"]


def write_all(analysis: Analysis, stem: Path, *, formats: Any = ("html", "md", "json"),
              force: bool = False, plotlyjs: str = "inline") -> list[Path]:
    """Write ``<stem>.html``, ``<stem>.md`` and ``<stem>.json``; see :mod:`profiler.report.render`."""
    from profiler.report.render import write_all as _write_all

    return _write_all(analysis, stem, formats=tuple(formats), force=force, plotlyjs=plotlyjs)
