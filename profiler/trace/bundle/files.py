"""The files of a ``.trace`` bundle, from a folder or a ``.trace.zip``, read with bounded memory.

A bundle is never extracted: members are read on demand, each at most
:attr:`Limits.file_bytes` after decompression. Files that start with a zlib header (``78 9C``,
most of ``corespace/run<N>/core/``) are inflated incrementally and refused past that size, so a
zlib bomb costs at most the cap. Hostile shapes refused with a :class:`TraceFormatError`:

- a folder: any path that resolves outside the bundle (symlinks out of it, ``..``);
- a zip: members with absolute paths or ``..``, symlink members, members whose data overlap
  (the "overlapping files" zip bomb), a declared total beyond :attr:`Limits.zip_total_bytes`
  or a total/archive size ratio beyond :attr:`Limits.zip_ratio`. Declared sizes bound every
  read: :mod:`zipfile` stops at a member's declared size and checks its CRC.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from profiler.errors import InputError, TraceFormatError

_ZLIB_HEADERS = (b"\x78\x9c", b"\x78\x01", b"\x78\xda", b"\x78\x5e")
HINT = "the .trace bundle is damaged or not an Instruments bundle; record or copy it again"


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile bundle from exhausting memory (defaults fit real recordings)."""

    file_bytes: int = 2 << 30  # one file after decompression
    zip_total_bytes: int = 32 << 30  # sum of declared member sizes
    zip_ratio: float = 200.0  # declared total / archive size (real bundles: 3-9)
    rows: int = 200_000_000  # rows of one store


class BundleFiles:
    """Read-only access to the files of one bundle by their path inside it (``a/b/c``)."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits

    def exists(self, rel: str) -> bool:
        raise NotImplementedError

    def listdir(self, rel: str) -> list[str]:
        """Names of the entries directly under folder ``rel`` (sorted)."""
        raise NotImplementedError

    def _raw(self, rel: str) -> bytes:
        raise NotImplementedError

    def read(self, rel: str, *, inflate: bool = True) -> bytes:
        """The bytes of ``rel``, zlib-inflated when it starts with a zlib header."""
        data = self._raw(rel)
        if inflate and data[:2] in _ZLIB_HEADERS:
            data = _inflate(data, self.limits.file_bytes, self.where(rel))
        return data

    def where(self, rel: str) -> str:
        """``rel`` as shown in messages: the bundle path joined with it."""
        return f"{self.path}/{rel}" if rel else str(self.path)

    def close(self) -> None:
        """Release the archive handle, if any."""

    def __enter__(self) -> BundleFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_bundle(path: str | Path, limits: Limits | None = None) -> BundleFiles:
    """A :class:`BundleFiles` for a bundle folder or a ``.zip`` holding one ``*.trace`` folder."""
    p = Path(path)
    limits = limits or Limits()
    if p.is_dir():
        return _Folder(p, limits)
    if not p.exists():
        raise InputError("no such file or folder", path=p)
    if not zipfile.is_zipfile(p):
        raise TraceFormatError(
            "not a .trace bundle (a folder) nor a zip archive of one",
            path=p,
            hint="pass the .trace folder Instruments wrote, or a .trace.zip of it",
        )
    return _Zip(p, limits)


def _inflate(data: bytes, cap: int, where: str) -> bytes:
    engine = zlib.decompressobj()
    try:
        # One call whose output is bounded by the cap (one byte more tells "beyond it"): zlib
        # grows its buffer as it goes, so a bomb still costs at most the cap, and there is no
        # list of parts to join (a chunked loop took ~20 % longer).
        out = engine.decompress(data, cap + 1)
        if len(out) > cap:
            raise TraceFormatError(f"inflates beyond {cap >> 20} MiB (zlib bomb?)", path=where, hint=HINT)
        tail = engine.flush()
    except zlib.error as exc:
        raise TraceFormatError(f"damaged zlib data ({exc})", path=where, hint=HINT) from None
    if not engine.eof:
        raise TraceFormatError("zlib data is truncated", path=where, hint=HINT)
    if len(out) + len(tail) > cap:
        raise TraceFormatError(f"inflates beyond {cap >> 20} MiB (zlib bomb?)", path=where, hint=HINT)
    return out + tail if tail else out


class _Folder(BundleFiles):
    def __init__(self, path: Path, limits: Limits) -> None:
        super().__init__(path, limits)
        self.root = path.resolve()

    def _resolve(self, rel: str) -> Path:
        target = (self.root / rel).resolve()
        if target != self.root and not target.is_relative_to(self.root):
            raise TraceFormatError(
                "points outside the bundle (symlink or '..')",
                path=self.where(rel),
                hint="a bundle never refers outside itself; this one was tampered with",
            )
        return target

    def exists(self, rel: str) -> bool:
        return self._resolve(rel).exists()

    def listdir(self, rel: str) -> list[str]:
        folder = self._resolve(rel)
        return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []

    def _raw(self, rel: str) -> bytes:
        target = self._resolve(rel)
        try:
            size = target.stat().st_size
            if size > self.limits.file_bytes:
                raise TraceFormatError(
                    f"file is larger than {self.limits.file_bytes >> 20} MiB",
                    path=self.where(rel),
                    hint=HINT,
                )
            return target.read_bytes()
        except FileNotFoundError:
            raise TraceFormatError("missing from the bundle", path=self.where(rel), hint=HINT) from None
        except IsADirectoryError:
            raise TraceFormatError("is a folder, expected a file", path=self.where(rel), hint=HINT) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=self.where(rel)) from None


class _Zip(BundleFiles):
    def __init__(self, path: Path, limits: Limits) -> None:
        super().__init__(path, limits)
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise TraceFormatError(f"unreadable zip archive ({exc})", path=path, hint=HINT) from None
        self.members: dict[str, zipfile.ZipInfo] = {}
        self.prefix = self._check(infos, path.stat().st_size)

    def _check(self, infos: list[zipfile.ZipInfo], archive_size: int) -> str:
        total = 0
        spans: list[tuple[int, int, str]] = []
        tops: set[str] = set()
        for info in infos:
            name = info.filename
            parts = PurePosixPath(name).parts
            if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                raise TraceFormatError(
                    f"member {name!r} escapes the bundle", path=self.path, hint=HINT
                )
            if stat.S_ISLNK(info.external_attr >> 16):
                raise TraceFormatError(
                    f"member {name!r} is a symlink (refused: it could point outside the bundle)",
                    path=self.path,
                    hint=HINT,
                )
            if parts and parts[0] != "__MACOSX":
                tops.add(parts[0])
            total += info.file_size
            spans.append((info.header_offset, info.header_offset + info.compress_size + 30, name))
            self.members[name.rstrip("/")] = info
        if total > self.limits.zip_total_bytes or total > self.limits.zip_ratio * max(archive_size, 1):
            raise TraceFormatError(
                f"zip members declare {total >> 20} MiB for a {archive_size >> 20} MiB archive "
                "(zip bomb?)",
                path=self.path,
                hint="real .trace.zip archives inflate about 3-10 times; unzip it yourself if you trust it",
            )
        spans.sort()
        for (_, end, name), (start, _, other) in zip(spans, spans[1:], strict=False):
            if start < end:
                raise TraceFormatError(
                    f"members {name!r} and {other!r} overlap (zip bomb?)", path=self.path, hint=HINT
                )
        traces = sorted(t for t in tops if t.endswith(".trace"))
        if len(traces) == 1:
            return traces[0] + "/"
        if not traces and any(t == "corespace" for t in tops):
            return ""
        raise TraceFormatError(
            f"expected one *.trace folder in the archive, found {len(traces)}",
            path=self.path,
            hint="zip a single .trace bundle (`zip -r x.trace.zip x.trace`)",
        )

    def _info(self, rel: str) -> zipfile.ZipInfo | None:
        return self.members.get((self.prefix + rel).rstrip("/"))

    def exists(self, rel: str) -> bool:
        if self._info(rel) is not None:
            return True
        folder = self.prefix + rel.rstrip("/") + "/"
        return any(name.startswith(folder) for name in self.members)

    def listdir(self, rel: str) -> list[str]:
        folder = self.prefix + (rel.rstrip("/") + "/" if rel else "")
        names = {n[len(folder) :].split("/", 1)[0] for n in self.members if n.startswith(folder)}
        names.discard("")
        return sorted(names)

    def _raw(self, rel: str) -> bytes:
        info = self._info(rel)
        if info is None or info.is_dir():
            raise TraceFormatError("missing from the bundle", path=self.where(rel), hint=HINT)
        if info.file_size > self.limits.file_bytes:
            raise TraceFormatError(
                f"member is larger than {self.limits.file_bytes >> 20} MiB",
                path=self.where(rel),
                hint=HINT,
            )
        try:
            with self.zip.open(info) as fh:
                data = fh.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise TraceFormatError(f"damaged zip member ({exc})", path=self.where(rel), hint=HINT) from None
        except zlib.error as exc:
            raise TraceFormatError(f"damaged zip member ({exc})", path=self.where(rel), hint=HINT) from None
        return data

    def where(self, rel: str) -> str:
        return f"{self.path}!/{self.prefix}{rel}"

    def close(self) -> None:
        self.zip.close()
