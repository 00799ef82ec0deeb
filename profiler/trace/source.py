"""Opening an export: path checks, the file head, and a streaming byte source for the parser.

:class:`ExportSource` wraps the open file for lxml's ``iterparse``. It reports progress, records
whether end of file was reached (to tell a truncated file from a syntax error), and, only for
files whose head shows attribute names ending in ``%`` (VM Tracker's ``resident-%``, which is not
legal XML), rewrites those names on the fly in bounded memory so the parse can go on.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import IO

from profiler.errors import InputError, TraceFormatError
from profiler.trace.model import Progress
from profiler.trace.xml import HEAD_BYTES, check_head

#: Replacement for ``%`` in attribute names; U+00B7 is a legal XML name character. Undone by
#: :func:`restore_name` when attribute names become column names.
PERCENT_MARK = "\u00b7pct\u00b7"
_PERCENT_MARK_BYTES = PERCENT_MARK.encode("utf-8")
_PERCENT_ATTR = re.compile(rb"(\s[A-Za-z_][\w.-]*)%(?=\s*=)")
#: Root element -> kind returned by :func:`sniff`.
ROOTS = {"trace-toc": "toc", "trace-query-result": "table"}
_CHUNK = 1 << 20


def restore_name(name: str) -> str:
    """Undo the ``%`` rewrite in an attribute name."""
    return name.replace(PERCENT_MARK, "%")


def check_path(path: str | Path) -> Path:
    """The path as a :class:`Path`, or :class:`InputError` if it is missing or not a file."""
    p = Path(path)
    if p.is_dir():
        raise InputError(
            "is a directory, expected an xctrace export XML file",
            path=p,
            hint="pass one XML file written by `xcrun xctrace export`",
        )
    if not p.exists():
        raise InputError("no such file", path=p)
    if not p.is_file():
        raise InputError("not a regular file", path=p)
    return p


def read_head(path: Path) -> bytes:
    """The first :data:`HEAD_BYTES` bytes of ``path``."""
    try:
        with path.open("rb") as fh:
            return fh.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None


def sniff(path: str | Path) -> str:
    """``"toc"`` or ``"table"``, by the root element, reading only the start of the file.

    Raises :class:`InputError` for a missing path or a directory and :class:`TraceFormatError`
    for an empty, binary or non-XML file, a DOCTYPE/entity declaration, or a wrong root.
    """
    p = check_path(path)
    root = check_head(p, read_head(p))
    return kind_of_root(p, root)


def kind_of_root(path: Path, root: str | None) -> str:
    if root is None:
        raise TraceFormatError(
            f"no root element in the first {HEAD_BYTES // 1024} KiB",
            path=path,
            hint="pass the XML written by `xcrun xctrace export --toc` or `--xpath`",
        )
    if root not in ROOTS:
        raise TraceFormatError(
            f"unexpected root element <{root}>, expected <trace-toc> or <trace-query-result>",
            path=path,
            hint="pass the XML written by `xcrun xctrace export --toc` or `--xpath`",
        )
    return ROOTS[root]


class ExportSource:
    """A read-only byte stream over an export with progress and EOF bookkeeping."""

    def __init__(self, path: Path, head: bytes, progress: Progress | None = None) -> None:
        self.path = path
        self.total = os.path.getsize(path)
        self.bytes_read = 0
        self._lines: int | None = None
        self.eof = False
        self.sanitize = bool(_PERCENT_ATTR.search(head))
        self.progress = progress
        self._fh: IO[bytes] = path.open("rb")
        self._carry = b""

    def read(self, size: int = -1) -> bytes:
        """File-like ``read`` used by lxml; returns b"" only at end of file."""
        size = _CHUNK if size is None or size < 0 else max(size, 1)
        data = self._next(size)
        if not self.sanitize:
            return data
        buf = self._carry + data
        while data:
            # Cut after the last '>': an attribute name never spans a tag end.
            cut = buf.rfind(b">") + 1
            if cut > 0:
                self._carry = buf[cut:]
                return _PERCENT_ATTR.sub(rb"\1" + _PERCENT_MARK_BYTES, buf[:cut])
            data = self._next(size)
            buf += data
        self._carry = b""
        return _PERCENT_ATTR.sub(rb"\1" + _PERCENT_MARK_BYTES, buf)

    def _next(self, size: int) -> bytes:
        data = self._fh.read(size)
        if not data:
            self.eof = True
            return data
        self.bytes_read += len(data)
        if self.progress is not None:
            self.progress(self.bytes_read, self.total)
        return data

    @property
    def lines(self) -> int:
        """Number of lines of the file, counted on first use (only a parse error needs it)."""
        if self._lines is None:
            lines = 1
            with self.path.open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    lines += chunk.count(b"\n")
            self._lines = lines
        return self._lines

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> ExportSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
