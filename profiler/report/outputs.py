"""Where a document is written: the one output planner of ``profiler report`` and ``compare``.

No ``-o``: one file per format under ``reports/`` (``<stem>.<fmt>``), or only ``--format``'s.
``-o FILE``: that file, its format from ``--format`` or else from the extension (the two must
agree). ``-o -``: stdout, Markdown unless ``--format`` says json; HTML never goes to stdout.
Every target is checked (:func:`profiler.files.check_target`) before anything is computed or
written, so a refusal never leaves a half-updated set of reports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from profiler.errors import InputError
from profiler.report.base import EXTRA_FORMATS, FORMATS, format_for_path, render_to

STDOUT = "-"


@dataclass(frozen=True)
class Output:
    fmt: str
    target: str  # a file path, or "-" for stdout

    @property
    def to_stdout(self) -> bool:
        return self.target == STDOUT


def plan(stem: str | Path, output: str | None, fmt: str | None) -> tuple[Output, ...]:
    """The outputs for ``-o output`` and ``--format fmt`` (see the module docstring)."""
    if fmt is not None and fmt not in FORMATS + EXTRA_FORMATS:
        raise InputError(f"unknown format {fmt!r}",
                         hint=f"use one of: {', '.join(FORMATS + EXTRA_FORMATS)}")
    if output is None:
        return tuple(Output(f, f"{stem}{_suffix(f)}") for f in ((fmt,) if fmt else FORMATS))
    if output == STDOUT:
        chosen = fmt or "md"
        if chosen == "html":
            raise InputError("HTML cannot be written to stdout",
                             hint="use -o FILE.html, or --format md or json with -o -")
        if chosen in EXTRA_FORMATS:
            raise InputError(f"a {chosen} file cannot be written to stdout",
                             hint="use -o FILE.pftrace")
        return (Output(chosen, STDOUT),)
    if fmt is None:
        return (Output(format_for_path(output), output),)
    if Path(output).suffix.lower() in (".html", ".htm", ".md", ".json", ".markdown", ".pftrace") \
            and format_for_path(output) != fmt:
        raise InputError(f"--format {fmt} does not match the output's extension",
                         path=output, hint=f"use an output name ending in {_suffix(fmt)}")
    return (Output(fmt, output),)


def _suffix(fmt: str) -> str:
    """The default file suffix of a format (``.pftrace`` for perfetto)."""
    return ".pftrace" if fmt == "perfetto" else f".{fmt}"


def refuse_existing(outputs: Sequence[Output], *, force: bool) -> None:
    """Fail before any (possibly minutes-long) work when a target cannot or may not be written."""
    from profiler.files import check_target

    for out in outputs:
        if not out.to_stdout:
            check_target(out.target, force=force)


def write(kind: str, outputs: Sequence[Output], document: Any, *, force: bool,
          **options: Any) -> list[str]:
    """Render ``document`` to every output (checked first); returns the files written."""
    refuse_existing(outputs, force=force)
    written = []
    for out in outputs:
        render_to(kind, out.fmt, document, out.target, force=force, **options)
        if not out.to_stdout:
            written.append(out.target)
    return written


def slug(label: str) -> str:
    """``label`` made file-name safe (for default output names)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", label).strip("-.")[:60] or "run"
