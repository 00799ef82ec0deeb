"""Reporter protocol, registry and safe output writing.

A reporter turns one document kind (``"analysis"`` for :class:`profiler.analysis.summary.Analysis`,
``"compare"`` for a comparison) into one format (``html``, ``md``, ``json``). Reporters write to
the stream they are given; :func:`write_output` owns files, ``-`` and ``--force``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TextIO

from profiler.errors import InputError, OutputExistsError

FORMATS = ("html", "md", "json")
_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}


class Reporter(Protocol):
    name: str  # the --format value
    extension: str  # with the dot, e.g. ".html"

    def render(self, document: Any, out: TextIO) -> None: ...


_REGISTRY: dict[tuple[str, str], Callable[[], Reporter]] = {}


def register(kind: str, fmt: str) -> Callable[[Callable[[], Reporter]], Callable[[], Reporter]]:
    """Class decorator: ``@register("analysis", "html")``."""

    def deco(factory: Callable[[], Reporter]) -> Callable[[], Reporter]:
        _REGISTRY[(kind, fmt)] = factory
        return factory

    return deco


def get_reporter(kind: str, fmt: str) -> Reporter:
    """The reporter for a document kind and format (imports the reporter modules lazily)."""
    _load_builtin()
    try:
        return _REGISTRY[(kind, fmt)]()
    except KeyError:
        known = sorted(f for k, f in _REGISTRY if k == kind)
        raise InputError(
            f"no {fmt!r} reporter for {kind} documents", hint=f"use one of: {', '.join(known)}"
        ) from None


def format_for_path(path: str | Path) -> str:
    """The format implied by an output file's extension."""
    fmt = _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(
            f"cannot tell the output format from the extension {Path(path).suffix or '(none)'!r}",
            path=path,
            hint="use .html, .md or .json, or pass --format",
        )
    return fmt


@contextmanager
def open_output(path: str | Path, *, force: bool) -> Iterator[TextIO]:
    """Open ``path`` for writing (``-`` is stdout); refuse to overwrite without ``force``.

    The file is written to a temporary name and renamed, so a failed render never leaves a
    half-written report in place of a good one.
    """
    if str(path) == "-":
        yield sys.stdout
        return
    target = Path(path)
    check_writable(target)
    if target.exists() and not force:
        raise OutputExistsError(
            "output exists", path=target, hint="pass --force to overwrite, or choose another -o"
        )
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fh = tmp.open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise _unwritable(target, exc) from None
    try:
        with fh:
            yield fh
        try:
            tmp.replace(target)
        except OSError as exc:
            raise _unwritable(target, exc) from None
    finally:
        tmp.unlink(missing_ok=True)


def check_writable(target: str | Path) -> None:
    """Fail early, in one line, when ``target`` is a folder or sits below a file."""
    target = Path(target)
    if target.is_dir():
        raise InputError("is a folder; the output must be a file name", path=target,
                         hint="pass a file such as reports/run.html with -o")
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"cannot write below {parent}: it is a file, not a folder",
                                 path=target, hint="choose another -o")
            return


def _unwritable(target: Path, exc: OSError) -> InputError:
    return InputError(f"cannot write the output: {exc.strerror or exc}", path=target,
                      hint="choose another -o, or check the folder's permissions and free space")


def _load_builtin() -> None:
    # Import for the side effect of @register; kept lazy so the CLI starts fast.
    import importlib

    for module in ("profiler.report.json_report", "profiler.report.markdown", "profiler.report.html",
                   "profiler.report.compare_json", "profiler.report.compare_markdown",
                   "profiler.report.compare_html"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
