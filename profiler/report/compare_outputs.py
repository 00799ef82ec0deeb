"""Where ``profiler compare`` writes: the default trio, one ``-o`` file, or stdout.

Every target is checked before anything is written, so a refused overwrite never leaves a
half-updated set of reports.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from profiler.analysis.compare.comparison import Comparison
from profiler.errors import InputError, OutputExistsError
from profiler.report.base import FORMATS, format_for_path, get_reporter, open_output


def default_stem(comparison: Comparison) -> str:
    """``compare-<label>-vs-<label>…`` with each label made file-name safe."""
    return "compare-" + "-vs-".join(_slug(r.label) for r in comparison.runs)


def _slug(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", label).strip("-.")[:60] or "run"


def plan_outputs(
    stem: Path, output: str | None, fmt: str | None, *, force: bool
) -> list[tuple[str, str]]:
    """(path or ``-``, format) pairs. No ``-o``: ``<stem>.<ext>`` for ``fmt`` or all formats."""
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")
    if output == "-":
        return [("-", fmt or "md")]
    if output is not None:
        return [(output, fmt or format_for_path(output))]
    plan = [(f"{stem}.{name}", name) for name in ([fmt] if fmt else list(FORMATS))]
    if not force:
        for path, _ in plan:
            if Path(path).exists():
                raise OutputExistsError("output exists", path=path,
                                        hint="pass --force to overwrite, or choose another -o")
    return plan


def write_document(kind: str, fmt: str, document: Any, path: str, *, force: bool) -> None:
    """Render ``document`` with the registered reporter into ``path`` (``-`` is stdout)."""
    reporter = get_reporter(kind, fmt)
    with open_output(path, force=force) as out:
        reporter.render(document, out)
