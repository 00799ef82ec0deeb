"""Write an analysis to several report files at once (used by `profiler report` and `profiler run`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from profiler.analysis.result import Analysis
from profiler.report import outputs
from profiler.report.base import FORMATS


def output_paths(stem: Path, formats: Sequence[str]) -> list[Path]:
    """``reports/x`` + (html, md) -> ``reports/x.html``, ``reports/x.md`` (stem may contain dots)."""
    return [stem.with_name(f"{stem.name}.{fmt}") for fmt in formats]


def write_all(analysis: Analysis, stem: Path, *, formats: Sequence[str] = FORMATS,
              force: bool = False, plotlyjs: str = "inline") -> list[Path]:
    """Write one report per format next to ``stem``; returns the paths written.

    Every target is checked before anything is written, so a refusal never leaves a mix of old
    and new reports.
    """
    planned = [outputs.Output(fmt, str(path))
               for fmt, path in zip(formats, output_paths(Path(stem), formats), strict=True)]
    return [Path(p) for p in outputs.write("analysis", planned, analysis, force=force,
                                           plotlyjs=plotlyjs)]
