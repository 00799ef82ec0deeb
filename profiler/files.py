"""Writing output files: the one existence check and the one atomic writer of the package.

Every report, comparison, inspection and table file goes through :func:`atomic_output`:

- it refuses to overwrite without ``force`` (:class:`OutputExistsError`), to write into a
  folder, below a file, through a symbolic link, or over anything that is not a regular file
  (``-o /dev/null --force`` never replaces a device);
- it writes to an unpredictable temporary file made by :func:`tempfile.mkstemp` in the target's
  folder and renames it over the target, so a failed or interrupted write never leaves a
  truncated file in place of a good one, and a symlink planted at a guessable temp name is
  never followed;
- a full disk, a read-only folder or a permission error is one clean error naming the path.

A base module (standard library and :mod:`profiler.errors` only) so every layer can use it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from profiler.errors import InputError, OutputExistsError


def check_target(target: str | Path, *, force: bool, other: str = "-o") -> None:
    """Raise unless ``target`` may be written (created, or replaced with ``force``).

    ``other`` names what the user changes to pick another target (``-o``, ``DIR``) in hints.
    """
    target = Path(target)
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(f"cannot write below {parent}: it is a file, not a folder",
                                 path=target, hint=f"choose another {other}")
            break
    try:
        info = target.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise unwritable(target, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder; the output must be a file name", path=target,
                         hint="pass a file such as reports/run.html with -o")
    if stat.S_ISLNK(info.st_mode):
        raise InputError("is a symbolic link; outputs are never written through a link",
                         path=target, hint=f"remove the link, or choose another {other}")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("is not a regular file (a device, FIFO or socket); it is never "
                         "replaced", path=target, hint=f"choose another {other}")
    if not force:
        raise OutputExistsError("output exists", path=target,
                                hint=f"pass --force to overwrite, or choose another {other}")


@contextmanager
def atomic_output(target: str | Path, *, force: bool, binary: bool = False,
                  other: str = "-o") -> Iterator[IO[Any]]:
    """A file object whose content replaces ``target`` when the block ends without an error."""
    target = Path(target)
    check_target(target, force=force, other=other)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".tmp")
    except OSError as exc:
        raise unwritable(target, exc) from None
    tmp = Path(tmp_name)
    try:
        try:
            handle: IO[Any] = (os.fdopen(fd, "wb") if binary
                               else os.fdopen(fd, "w", encoding="utf-8", newline="\n"))
            with handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, _default_mode())  # mkstemp makes 0600; outputs are shared like any file
            check_target(target, force=force, other=other)  # nothing planted there meanwhile
            os.replace(tmp, target)
        except OSError as exc:
            raise unwritable(target, exc) from None
    finally:
        tmp.unlink(missing_ok=True)


def unwritable(target: Path, exc: OSError) -> InputError:
    """A write failure (full disk, read-only folder, permissions) as one line naming the path."""
    return InputError(f"cannot write the output: {exc.strerror or exc}", path=target,
                      hint="choose another path, or check the folder's permissions and "
                      "free space")


def _default_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
