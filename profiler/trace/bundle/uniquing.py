"""The uniquing tables of a run (``corespace/run<N>/core/uniquing/``): what row cells point to.

- ``strings``: a plist array; string-typed cells hold an index into it.
- ``arrayUniquer`` and ``typedArrayUniquer``: each an ``integeruniquer.index`` plus
  ``integeruniquer.data`` pair. The index has a 32-byte header (block size at offset 28), an
  unused 8-byte slot, then one ``(offset in block, block)`` u32 pair per entry: entry ``k`` is
  at byte ``40 + 8k``. At ``block * block_size + offset`` the data holds a u32 count and that
  many u64 values. A process is ``[pid, device-session string]``, a thread ``[tid, process]``,
  a backtrace a list of ``(process << 32) | frame-array`` chunks, a frame array the frame
  addresses; typed arrays hold ``(engineering type, value)`` pairs (formatted labels).

Every lookup is bounds-checked: a damaged reference raises :class:`TraceFormatError` naming the
file, never an ``IndexError`` or a huge allocation.
"""

from __future__ import annotations

import struct
from typing import Any

from profiler.errors import TraceFormatError
from profiler.trace.bundle.archive import read_plist
from profiler.trace.bundle.files import HINT, BundleFiles

_HEADER = 40
_U32 = struct.Struct("<I")


class Uniquer:
    """One ``integeruniquer`` pair: :meth:`get` gives entry ``k`` as a tuple of ints."""

    def __init__(self, index: bytes, data: bytes, where: str) -> None:
        self.where = where
        if len(index) < _HEADER:
            index = b""
        self.block = _U32.unpack_from(index, 28)[0] if index else 0
        if index and self.block == 0:
            raise TraceFormatError("uniquer index with a zero block size", path=where, hint=HINT)
        self.index = memoryview(index)[_HEADER:] if index else memoryview(b"")
        self.data = data
        self.count = len(self.index) // 8
        self._cache: dict[int, tuple[int, ...]] = {}

    def get(self, k: int) -> tuple[int, ...]:
        hit = self._cache.get(k)
        if hit is not None:
            return hit
        if not 0 <= k < self.count:
            raise TraceFormatError(f"reference {k} beyond the {self.count} uniqued values",
                                   path=self.where, hint=HINT)
        offset, block = struct.unpack_from("<II", self.index, 8 * k)
        start = block * self.block + offset
        if start + 4 > len(self.data):
            raise TraceFormatError(f"uniqued value {k} lies beyond the data file", path=self.where,
                                   hint=HINT)
        n = _U32.unpack_from(self.data, start)[0]
        if start + 4 + 8 * n > len(self.data):
            raise TraceFormatError(f"uniqued value {k} claims {n} items beyond the data file",
                                   path=self.where, hint=HINT)
        value = struct.unpack_from(f"<{n}Q", self.data, start + 4)
        self._cache[k] = value
        return value


class Uniquing:
    """The strings and both uniquers of one run, loaded on first use."""

    def __init__(self, files: BundleFiles, folder: str) -> None:
        self.files = files
        self.folder = folder
        self._strings: list[str] | None = None
        self._uniquers: dict[str, Uniquer] = {}

    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            rel = f"{self.folder}/strings"
            value: Any = read_plist(self.files.read(rel), self.files.where(rel)) \
                if self.files.exists(rel) else []
            if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
                raise TraceFormatError("uniqued strings are not a list of strings",
                                       path=self.files.where(rel), hint=HINT)
            self._strings = value
        return self._strings

    def string(self, k: int) -> str:
        strings = self.strings
        if not 0 <= k < len(strings):
            raise TraceFormatError(f"string reference {k} beyond the {len(strings)} strings",
                                   path=self.files.where(f"{self.folder}/strings"), hint=HINT)
        return strings[k]

    def _uniquer(self, name: str) -> Uniquer:
        found = self._uniquers.get(name)
        if found is None:
            base = f"{self.folder}/{name}/integeruniquer"
            present = self.files.exists(base + ".index")
            index = self.files.read(base + ".index") if present else b""
            data = self.files.read(base + ".data") if present else b""
            found = self._uniquers[name] = Uniquer(index, data, self.files.where(base + ".index"))
        return found

    @property
    def arrays(self) -> Uniquer:
        return self._uniquer("arrayUniquer")

    @property
    def typed(self) -> Uniquer:
        return self._uniquer("typedArrayUniquer")
