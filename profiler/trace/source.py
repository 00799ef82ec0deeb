"""Opening an export: path checks, the file head, and a streaming byte source for the parser.

:class:`ExportSource` wraps the open file for lxml's ``iterparse``. It reports progress, records
whether end of file was reached (to tell a truncated file from a syntax error), and, only for
files whose head shows attribute names ending in ``%`` (VM Tracker's ``resident-%``, which is not
legal XML), rewrites those names on the fly in bounded memory so the parse can go on.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import IO

from profiler.errors import InputError, TraceFormatError
from profiler.inputs import link_target
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


def rewrites_names(head: bytes) -> bool:
    """Whether :class:`ExportSource` rewrites ``name%=`` attribute names in this file."""
    return bool(_PERCENT_ATTR.search(head))


def restore_name(name: str) -> str:
    """Undo the ``%`` rewrite in an attribute name."""
    return name.replace(PERCENT_MARK, "%")


def check_path(path: str | Path) -> Path:
    """The path as a :class:`Path`, or :class:`InputError` if it cannot be read as an export.

    A symbolic link named on the command line is followed (the user chose it); a broken or
    looping one, a directory, a FIFO, a device or a socket is refused with a hint.
    """
    p = Path(path)
    try:
        info = p.stat()
    except OSError as exc:
        raise _stat_error(p, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(
            "is a directory, expected an xctrace export XML file",
            path=p,
            hint="pass one XML file written by `xcrun xctrace export`",
        )
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file", path=p, hint=_NOT_REGULAR_HINT)
    return p


_NOT_REGULAR_HINT = (
    "pass a regular file written by `xcrun xctrace export` (not a FIFO, device or socket)"
)


def _stat_error(p: Path, exc: OSError) -> InputError:
    if exc.errno == errno.ELOOP:
        return InputError(
            "symbolic link loop",
            path=p,
            hint="the link points (through other links) back to itself; pass the export file itself",
        )
    if exc.errno == errno.ENOENT and p.is_symlink():
        return InputError(
            "broken symbolic link",
            path=p,
            hint=f"the link points to {link_target(p)!r}, which does not exist",
        )
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return InputError("no such file", path=p, hint="check the path; pass an xctrace export")
    return _read_error(p, exc)


def _read_error(p: Path, exc: OSError) -> InputError:
    if exc.errno in (errno.EACCES, errno.EPERM):
        hint = "check the file's permissions (`ls -l`); the export must be readable by you"
    else:
        hint = "check that the file is on a readable disk and not being written"
    return InputError(f"cannot read: {exc.strerror or exc}", path=p, hint=hint)


def open_regular(path: Path) -> IO[bytes]:
    """Open ``path`` for reading, refusing anything but a regular file *as opened*.

    ``O_NONBLOCK`` keeps the open itself from hanging on a FIFO swapped in after
    :func:`check_path`; ``fstat`` then checks what was really opened (no check-then-use race).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _stat_error(path, exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file", path=path, hint=_NOT_REGULAR_HINT)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_head(path: Path) -> bytes:
    """The first :data:`HEAD_BYTES` bytes of ``path``."""
    with open_regular(path) as fh:
        try:
            return fh.read(HEAD_BYTES)
        except OSError as exc:
            raise _read_error(path, exc) from None


def read_capped(path: Path, cap: int, what: str) -> bytes:
    """The whole of a small file (a TOC), refusing one larger than ``cap`` bytes."""
    with open_regular(path) as fh:
        try:
            data = fh.read(cap + 1)
        except OSError as exc:
            raise _read_error(path, exc) from None
    if len(data) > cap:
        raise InputError(
            f"too large for {what} (over {cap // (1024 * 1024)} MiB)",
            path=path,
            hint=f"{what} is small (kilobytes); pass the file written by `xcrun xctrace export --toc`",
        )
    return data


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
        self._fh: IO[bytes] = open_regular(path)
        self.total = os.fstat(self._fh.fileno()).st_size
        self.bytes_read = 0
        self._lines: int | None = None
        self.eof = False
        self.sanitize = rewrites_names(head)
        self.progress = progress
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
        try:
            data = self._fh.read(size)
        except OSError as exc:
            raise _read_error(self.path, exc) from None
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
            with open_regular(self.path) as fh:
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
