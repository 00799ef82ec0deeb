"""Group commit: the new files of many runs made durable, then visible, with two flushes.

:func:`publish` writes every file to a hidden temporary file beside its target (``.….tmp``,
skipped by every reader), then:

1. flushes all of them to disk at once (:func:`flush_files`);
2. renames each over its target, in the order given (a run's samples before its runs row);
3. flushes the renames (:func:`flush_folders`), so a run reported stored survives a crash.

A reader sees a file whole or not at all, as with one atomic write per file. The flushes are
where the time goes: on Linux one ``syncfs(2)`` per filesystem commits the journal once for the
whole batch (one ``fsync`` per file commits it once per file, ~10x the cost of writing a small
Parquet file); elsewhere every file is ``fsync``-ed, and then every folder that gained an entry.
``syncfs`` also flushes whatever else is waiting to be written on that filesystem, so a batch can
wait for other programs' writes; that is the price of one journal commit instead of hundreds.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from profiler.files import check_target, unwritable


def publish(files: Sequence[tuple[Path, bytes]], root: Path) -> None:
    """Write each ``(target, content)`` below ``root``: all durable before any is renamed in."""
    pending: list[tuple[Path, Path]] = []
    mode = _default_mode()
    target = root
    try:
        for target, data in files:
            check_target(target, force=True, other="STORE")
            fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            pending.append((Path(name), target))
            try:
                _write_all(fd, data)
                os.fchmod(fd, mode)  # mkstemp makes 0600; the store is shared like any file
            finally:
                os.close(fd)
        flush_files([tmp for tmp, _ in pending], root)
        for tmp, target in pending:
            check_target(target, force=True, other="STORE")  # nothing planted there meanwhile
            os.replace(tmp, target)
        flush_folders(sorted({p for _, t in pending for p in _folders(t, root)}), root)
    except OSError as exc:
        raise unwritable(target, exc) from None
    finally:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)


def flush_files(paths: Sequence[Path], root: Path) -> None:
    """Make the content of ``paths`` durable (one syncfs per filesystem where there is one)."""
    if _syncfs_all(paths or [root]):
        return
    for path in paths:
        _fsync(path, os.O_RDONLY)


def flush_folders(folders: Sequence[Path], root: Path) -> None:
    """Make the entries renamed into ``folders`` durable."""
    if _syncfs_all(folders or [root]):
        return
    for folder in folders:
        _fsync(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _folders(target: Path, root: Path) -> list[Path]:
    """The target's folder and every folder above it up to the store (made by this add or not)."""
    out = [target.parent]
    while out[-1] != root and root in out[-1].parents:
        out.append(out[-1].parent)
    return out


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync(path: Path, flags: int) -> None:
    fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _syncfs_all(paths: Sequence[Path]) -> bool:
    """syncfs(2) once per filesystem holding ``paths``; False where the call does not exist."""
    syncfs = _syncfs()
    if syncfs is None:
        return False
    seen: set[int] = set()
    for path in paths:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            device = os.fstat(fd).st_dev
            if device not in seen:
                seen.add(device)
                syncfs(fd)
        finally:
            os.close(fd)
    return True


_SYNCFS: list[Callable[[int], None] | None] = []


def _syncfs() -> Callable[[int], None] | None:
    """libc's syncfs (Linux) as a function raising OSError, or None (macOS, Windows…)."""
    if not _SYNCFS:
        _SYNCFS.append(_load_syncfs())
    return _SYNCFS[0]


def _load_syncfs() -> Callable[[int], None] | None:
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        call = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    call.argtypes, call.restype = [ctypes.c_int], ctypes.c_int

    def syncfs(fd: int) -> None:
        if call(fd) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, os.strerror(errno))

    return syncfs


def _default_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
