"""Opening input files that are not exports: the one opener for logs, reports, models and records.

Every file read from a run folder or named on the command line (``console.log``,
``crashes/*.ips``, JetsamEvent reports, ``model.mil``, ``metadata.json``, ``Manifest.json``,
``.mlmodel`` specs, ``run.json``, summaries) goes through :func:`open_input`, so one place decides:

- only regular files are read: a FIFO, device or socket is refused before it can block the
  read (``O_NONBLOCK`` on open, then ``fstat`` on what was really opened);
- each kind of file has a size cap, checked on the open file and enforced while reading (a
  10 GiB sparse file, or one that grows, is never read whole);
- with ``inside`` (the run or model folder the file was found in), a symbolic link that
  leads outside that folder is not followed: a shared folder cannot make a report quote the
  reader's private files. Names the user typed are followed (the user chose them);
- a broken or looping link, an unreadable file and a missing file are one error with a hint.

A base module (standard library and :mod:`profiler.errors` only) so every layer can use it.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path
from typing import IO

from profiler.errors import InputError

MiB = 1 << 20
#: Size caps by kind of file (bytes). Larger files are refused, never read whole.
MAX_LOG_BYTES = 512 * MiB  # a console capture of a long run
MAX_REPORT_BYTES = 64 * MiB  # a crash or JetsamEvent report
MAX_JSON_BYTES = 32 * MiB  # run.json, metadata.json, summaries
MAX_MANIFEST_BYTES = 1 * MiB  # Manifest.json of a .mlpackage
MAX_MIL_BYTES = 4096 * MiB  # model.mil (streamed line by line; big inline literals)
MAX_SPEC_BYTES = 2048 * MiB - 1  # protobuf cannot parse a message of 2 GiB or more

_NOT_REGULAR_HINT = "only regular files are read; replace it with the file itself"


def open_input(path: str | Path, *, what: str, max_bytes: int,
               inside: str | Path | None = None,
               error: type[InputError] = InputError) -> IO[bytes]:
    """``path`` opened for reading in binary, after the checks above.

    ``what`` names the kind of file in messages (``"crash report"``); ``error`` is the
    :class:`InputError` subclass raised (e.g. ``ModelFormatError``).
    """
    p = Path(path)
    real = _resolve(p, inside, what, error)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if inside is not None:
        flags |= getattr(os, "O_NOFOLLOW", 0)  # resolved above: a link swapped in is refused
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise _open_error(p, exc, what, error) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO, device or socket"
            raise error(f"{what} is not a regular file ({kind})", path=p,
                        hint=_NOT_REGULAR_HINT if kind != "a folder"
                        else "pass the files inside it")
        if info.st_size > max_bytes:
            raise error(f"{what} is larger than {_size(max_bytes)} ({_size(info.st_size)}); "
                        "it is not read", path=p,
                        hint=f"a {what} is far smaller; check that this is the right file")
        os.set_blocking(fd, True)
        return io.BufferedReader(_Capped(fd, max_bytes, p, what, error))
    except BaseException:
        os.close(fd)
        raise


def read_input_bytes(path: str | Path, *, what: str, max_bytes: int,
                     inside: str | Path | None = None,
                     error: type[InputError] = InputError) -> bytes:
    """The whole content of ``path`` (at most ``max_bytes``), checked like :func:`open_input`."""
    with open_input(path, what=what, max_bytes=max_bytes, inside=inside, error=error) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise _open_error(Path(path), exc, what, error) from None


def read_input_text(path: str | Path, *, what: str, max_bytes: int,
                    inside: str | Path | None = None, errors: str = "strict",
                    error: type[InputError] = InputError) -> str:
    """:func:`read_input_bytes` decoded as UTF-8; undecodable text is an error unless
    ``errors="replace"``."""
    data = read_input_bytes(path, what=what, max_bytes=max_bytes, inside=inside, error=error)
    try:
        return data.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        raise error(f"{what} is not UTF-8 text (byte {exc.start})", path=path,
                    hint="pass the file as written by the tool that made it") from None


def open_input_text(path: str | Path, *, what: str, max_bytes: int,
                    inside: str | Path | None = None, errors: str = "replace",
                    error: type[InputError] = InputError) -> IO[str]:
    """:func:`open_input` as UTF-8 text for reading line by line (undecodable bytes replaced)."""
    raw = open_input(path, what=what, max_bytes=max_bytes, inside=inside, error=error)
    return io.TextIOWrapper(raw, encoding="utf-8", errors=errors, newline=None)


def is_input(path: str | Path) -> bool:
    """Whether something (a file, link, FIFO, …) is at ``path``: such a name found in a folder
    is handed to :func:`open_input`, which says loudly why it cannot be read."""
    return os.path.lexists(path) and not Path(path).is_dir()


class _Capped(io.RawIOBase):
    """A raw file that raises once more than ``limit`` bytes were read (a file that grows)."""

    def __init__(self, fd: int, limit: int, path: Path, what: str,
                 error: type[InputError]) -> None:
        super().__init__()
        self._fh = os.fdopen(fd, "rb", buffering=0)
        self._left, self._limit, self._path, self._what, self._error = limit, limit, path, what, error

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        view = memoryview(buffer)[: self._left + 1]
        n = self._fh.readinto(view) or 0
        self._left -= n
        if self._left < 0:
            raise self._error(f"{self._what} grew past {_size(self._limit)} while read",
                              path=self._path, hint="read it again once it is complete")
        return n

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._fh.close()
        super().close()


def _resolve(p: Path, inside: str | Path | None, what: str, error: type[InputError]) -> Path:
    """The path to open: ``p`` itself, or, with ``inside``, its target checked to lie inside."""
    if inside is None:
        return p
    try:
        real = p.resolve(strict=True)
        root = Path(inside).resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise _open_error(p, exc if isinstance(exc, OSError)
                          else OSError(errno.ELOOP, "symbolic link loop"), what, error) from None
    if real != root and root not in real.parents:
        raise error(f"{what} is a symbolic link to a file outside {root.name}/; it is not "
                    "followed", path=p,
                    hint="inputs inside a folder are read only from that folder; copy the "
                    "file itself in (cp -L) if it is meant to be shared")
    return real


def _open_error(p: Path, exc: OSError, what: str, error: type[InputError]) -> InputError:
    if exc.errno == errno.ELOOP:
        return error(f"{what} is a symbolic link loop", path=p,
                     hint="the link points (through other links) back to itself; replace it "
                     "with the file itself")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR) and p.is_symlink():
        return error(f"{what} is a broken symbolic link", path=p,
                     hint=f"the link points to {link_target(p)!r}, which does not exist; "
                     "replace it with the file itself")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return error("no such file", path=p, hint="check the path")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return error(f"cannot read the {what}: {exc.strerror}", path=p,
                     hint="check the file's permissions (`ls -l`); it must be readable by you")
    return error(f"cannot read the {what}: {exc.strerror or exc}", path=p,
                 hint="check that the file is on a readable disk and not being written")


def link_target(p: Path) -> str:
    """Where the link ``p`` points (cut to 200 characters), or ``?`` when it cannot be read."""
    try:
        target = os.readlink(p)
    except OSError:
        return "?"
    return target if len(target) <= 200 else target[:200] + "…"


def _size(n: int) -> str:
    return f"{n / MiB:.0f} MiB" if n >= MiB else f"{n} bytes"
