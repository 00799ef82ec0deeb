"""Write an analysis to several report files at once (used by `profiler report` and `profiler run`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from profiler.analysis.result import Analysis
from profiler.errors import OutputExistsError
from profiler.report.base import FORMATS, get_reporter, open_output


def output_paths(stem: Path, formats: Sequence[str]) -> list[Path]:
    """``reports/x`` + (html, md) -> ``reports/x.html``, ``reports/x.md`` (stem may contain dots)."""
    return [stem.with_name(f"{stem.name}.{fmt}") for fmt in formats]


def write_all(analysis: Analysis, stem: Path, *, formats: Sequence[str] = FORMATS,
              force: bool = False, plotlyjs: str = "inline") -> list[Path]:
    """Write one report per format next to ``stem``; returns the paths written.

    Every target is checked before anything is written, so a refusal never leaves a mix of old
    and new reports.
    """
    stem = Path(stem)
    paths = output_paths(stem, formats)
    if not force:
        for path in paths:
            if path.exists():
                raise OutputExistsError("output exists", path=path,
                                        hint="pass --force to overwrite, or choose another -o")
    for fmt, path in zip(formats, paths, strict=True):
        write_one(analysis, path, fmt=fmt, force=force, plotlyjs=plotlyjs)
    return paths


def write_one(analysis: Analysis, path: str | Path, *, fmt: str, force: bool = False,
              plotlyjs: str = "inline") -> None:
    """Render ``analysis`` as ``fmt`` into ``path`` (``-`` is stdout)."""
    reporter = get_reporter("analysis", fmt)
    if fmt == "html":
        reporter.plotlyjs = plotlyjs  # type: ignore[attr-defined]
    with open_output(path, force=force) as out:
        reporter.render(analysis, out)
