"""Argument checks for `profiler report` that are not worth a line in the thin command."""

from __future__ import annotations

from pathlib import Path

from profiler.errors import InputError, OutputExistsError
from profiler.report.base import FORMATS, check_writable, format_for_path


def require_input(path: Path) -> None:
    """A one-line error for a path that does not exist (before any heavy loading)."""
    if not path.exists():
        raise InputError("no such file or folder", path=path,
                         hint="pass a run folder, a recording folder, a table export or a .trace")


def default_name(path: Path) -> str:
    """The report name for an input, as `profiler.load` names the run.

    A folder gives its name, ``run-1/toc.xml`` its folder's, a table export or ``.trace`` its stem.
    """
    p = path.resolve()
    if p.is_dir():
        return p.stem if p.suffix == ".trace" else p.name
    if p.name in ("toc.xml", "TOC.xml"):
        return p.parent.name
    return p.stem


def plan_outputs(name: str, output: str | None, fmt: str | None) -> list[tuple[str, str]]:
    """(format, target) pairs: every format under reports/ by default, else the one ``-o`` names.

    ``-o -`` means stdout and defaults to Markdown; HTML never goes to stdout.
    """
    if output is None:
        return [(f, f"reports/{name}.{f}") for f in ((fmt,) if fmt else FORMATS)]
    if output == "-":
        chosen = fmt or "md"
        if chosen == "html":
            raise InputError("HTML cannot be written to stdout",
                             hint="use -o FILE.html, or --format md or json with -o -")
        return [(chosen, "-")]
    implied = format_for_path(output) if fmt is None else fmt
    if fmt is not None and Path(output).suffix.lower() in (".html", ".htm", ".md", ".json", ".markdown"):
        if format_for_path(output) != fmt:
            raise InputError(f"--format {fmt} does not match the output's extension",
                             path=output, hint=f"use an output name ending in .{fmt}")
    return [(implied, output)]


def refuse_existing(targets: list[tuple[str, str]], *, force: bool) -> None:
    """Fail before any (possibly minutes-long) analysis when an output exists and no --force."""
    for _fmt, target in targets:
        if target != "-":
            check_writable(target)
    if force:
        return
    for _fmt, target in targets:
        if target != "-" and Path(target).exists():
            raise OutputExistsError("output exists", path=target,
                                    hint="pass --force to overwrite, or choose another -o")
