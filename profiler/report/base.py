"""Reporter protocol, registry and the stream a reporter writes to.

A reporter turns one document kind into one format:

======================  ==========================================  ====================
kind                    document                                    formats
======================  ==========================================  ====================
``analysis``            :class:`profiler.analysis.result.Analysis`  html, md, json, perfetto
``compare``             a comparison (``CompareDocument``)           html, md, json
``inspection``          :class:`profiler.model.types.Inspection`    text, md, json
``triage``              ``report.triage.TriageDocument``            text, md, json
``tables``              ``report.tables.TablesDocument``            text, json
``devices``             ``report.devices.DevicesDocument``          text, json
``query``               ``report.store_query.QueryResult``          text, csv, json
``trend``               :class:`profiler.analysis.store.trend.TrendDocument`  html, md
======================  ==========================================  ====================

Reporters write to the stream they are given; :func:`open_output` owns files (atomic, through
:mod:`profiler.files`), ``-`` (stdout, through the one terminal filter) and ``--force``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TextIO

from profiler.errors import InputError

#: The report files `profiler report` and `profiler compare` write by default, in order.
FORMATS = ("html", "md", "json")
#: report files written only on request (``--format``, ``-o`` or their own option)
EXTRA_FORMATS = ("perfetto",)
_EXTENSIONS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json",
               ".pftrace": "perfetto"}
_MODULES = ("json_report", "markdown", "html", "compare_json", "compare_markdown", "compare_html",
            "inspection", "triage", "tables", "devices", "store_query", "trend_html",
            "trend_markdown", "perfetto")


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


def register_text(kind: str, fmt: str, extension: str,
                  text: Callable[[Any], str]) -> None:
    """Register a reporter that writes ``text(document)`` (for outputs built as one string)."""

    class _TextReporter:
        name = fmt

        def render(self, document: Any, out: TextIO) -> None:
            out.write(text(document))

    _TextReporter.extension = extension  # type: ignore[attr-defined]
    _REGISTRY[(kind, fmt)] = _TextReporter  # type: ignore[assignment]


def formats(kind: str) -> tuple[str, ...]:
    """The formats registered for a document kind, in registration order."""
    _load_builtin()
    return tuple(f for k, f in _REGISTRY if k == kind)


def get_reporter(kind: str, fmt: str) -> Reporter:
    """The reporter for a document kind and format (imports the reporter modules lazily)."""
    _load_builtin()
    try:
        return _REGISTRY[(kind, fmt)]()
    except KeyError:
        raise InputError(f"no {fmt!r} reporter for {kind} documents",
                         hint=f"use one of: {', '.join(formats(kind))}") from None


def format_for_path(path: str | Path) -> str:
    """The format implied by an output file's extension."""
    fmt = _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(
            f"cannot tell the output format from the extension {Path(path).suffix or '(none)'!r}",
            path=path,
            hint="use .html, .md, .json or .pftrace, or pass --format",
        )
    return fmt


@contextmanager
def open_output(path: str | Path, *, force: bool, other: str = "-o") -> Iterator[TextIO]:
    """A text stream for ``path``: ``-`` is stdout (through :func:`profiler.text.terminal_safe`,
    like everything the CLI prints), anything else a file written atomically."""
    if str(path) == "-":
        buffer = io.StringIO()
        yield buffer
        from profiler.text import terminal_safe

        sys.stdout.write(terminal_safe(buffer.getvalue()))
        sys.stdout.flush()
        return
    from profiler.files import atomic_output

    with atomic_output(path, force=force, other=other) as handle:
        yield handle  # type: ignore[misc]  # a text-mode file


def render_to(kind: str, fmt: str, document: Any, path: str | Path, *, force: bool,
              **options: Any) -> None:
    """Render ``document`` with the registered reporter into ``path`` (``-`` is stdout).

    ``options`` set reporter attributes (``plotlyjs`` for HTML reports).
    """
    reporter = get_reporter(kind, fmt)
    for key, value in options.items():
        if hasattr(reporter, key):
            setattr(reporter, key, value)
    if getattr(reporter, "binary", False):  # e.g. a Perfetto trace: bytes, never stdout
        if str(path) == "-":
            raise InputError(f"a {fmt} file cannot be written to stdout",
                             hint=f"use -o FILE{reporter.extension}")
        from profiler.files import atomic_output

        with atomic_output(path, force=force, binary=True) as handle:
            reporter.render(document, handle)  # type: ignore[arg-type]
        return
    with open_output(path, force=force) as out:
        reporter.render(document, out)


def _load_builtin() -> None:
    # Import for the side effect of @register; kept lazy so the CLI starts fast.
    import importlib

    for name in _MODULES:
        module = f"profiler.report.{name}"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
