"""Streaming writer for the xctrace export shape: id/ref interning, sentinels, fmt strings.

Rules reproduced from real exports (docs/xctrace-export-format.md §0.3):
- the first occurrence of a value carries ``id="N"``; later equal values are ``<tag ref="N"/>``;
- ids start at 1 and grow by 1 in document order, a parent before its children;
- a ref never points forward and never has other attributes or children;
- composite values (process, thread, os-log-metadata, return-location) nest refs to values
  defined earlier, e.g. the process inside a thread.

Rows are rendered to strings cell by cell and written at once, so a huge table streams with
bounded memory (the intern table stops growing at ``intern_limit`` entries).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: str) -> str:
    """Escape text content; characters XML 1.0 (or UTF-8) cannot hold become U+FFFD."""
    text = _INVALID_XML.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    return esc(text).replace('"', "&quot;")


# ---- fmt strings (display text only; locale-free here) ----


def fmt_time(ns: int) -> str:
    """``00:01.573.703`` (minutes:seconds.millis.micros); hours are prefixed when present."""
    us = ns // 1000
    minutes, rest = divmod(us, 60_000_000)
    seconds, rest = divmod(rest, 1_000_000)
    ms, micro = divmod(rest, 1000)
    hours, minutes = divmod(minutes, 60)
    head = f"{hours:02d}:{minutes:02d}" if hours else f"{minutes:02d}"
    return f"{head}:{seconds:02d}.{ms:03d}.{micro:03d}"


def fmt_duration(ns: int) -> str:
    """``21.78 ms``, ``2.43 s``, ``6.08 µs``, ``1.61 min``."""
    if ns < 1_000:
        return f"{ns} ns"
    if ns < 1_000_000:
        return f"{ns / 1e3:.2f} µs"
    if ns < 1_000_000_000:
        return f"{ns / 1e6:.2f} ms"
    if ns < 60_000_000_000:
        return f"{ns / 1e9:.2f} s"
    return f"{ns / 60e9:.2f} min"


def fmt_bytes(n: int) -> str:
    """``2.60 GiB``, ``412.88 MiB``, ``0 B``."""
    if n < 1024:
        return f"{n} B"
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.2f} {unit}"
    raise AssertionError("unreachable")


def fmt_percent(value: float) -> str:
    return f"{value:.1f}%"


def num(value: float) -> str:
    """Text of a float cell: shortest repr of the value rounded to 2 decimals."""
    return repr(round(float(value), 2))


class ExportWriter:
    """Writes one XML document; ``leaf``/``process``/``thread``… return cell strings."""

    def __init__(self, out: TextIO, *, intern_limit: int = 200_000) -> None:
        self.out = out
        self._next = 1
        self._ids: dict[tuple, int] = {}
        self._limit = intern_limit

    # -- ids --
    def _new_id(self) -> int:
        n = self._next
        self._next += 1
        return n

    def _lookup(self, key: tuple) -> int | None:
        return self._ids.get(key)

    def _remember(self, key: tuple, ident: int) -> None:
        if len(self._ids) < self._limit:
            self._ids[key] = ident

    @property
    def ids_used(self) -> int:
        return self._next - 1

    # -- cells --
    @staticmethod
    def sentinel() -> str:
        return "<sentinel/>"

    def leaf(self, tag: str, text: str | int, fmt: str | None = None, *, intern: bool = True) -> str:
        if isinstance(text, int):  # digits need no escaping (the hot path of big tables)
            text = str(text)
            fmt = text if fmt is None else fmt
            body = text
        else:
            text = str(text)
            fmt = text if fmt is None else fmt
            body = esc(text)
        key = (tag, text, fmt)
        if intern:
            ref = self._ids.get(key)
            if ref is not None:
                return f'<{tag} ref="{ref}"/>'
        ident = self._next
        self._next += 1
        if intern and len(self._ids) < self._limit:
            self._ids[key] = ident
        return f'<{tag} id="{ident}" fmt="{attr(fmt)}">{body}</{tag}>'

    def time(self, tag: str, ns: int) -> str:
        """start-time / event-time / sample-time: interned like any value."""
        return self.leaf(tag, ns, fmt_time(ns))

    def duration(self, ns: int, tag: str = "duration") -> str:
        return self.leaf(tag, ns, fmt_duration(ns))

    def size(self, n: int, tag: str = "size-in-bytes") -> str:
        return self.leaf(tag, n, fmt_bytes(n))

    def composite(self, tag: str, key: tuple, fmt: str, children: Iterable) -> str:
        """A value with children; ``children`` is an iterable of zero-arg callables returning
        cell strings, called only when the value is defined (so ids stay in document order)."""
        full = (tag, *key)
        ref = self._lookup(full)
        if ref is not None:
            return f'<{tag} ref="{ref}"/>'
        ident = self._new_id()
        self._remember(full, ident)
        body = "".join(child() for child in children)
        return f'<{tag} id="{ident}" fmt="{attr(fmt)}">{body}</{tag}>'

    def process(self, name: str, pid: int) -> str:
        return self.composite(
            "process",
            (name, pid),
            f"{name} ({pid})",
            (lambda: self.leaf("pid", pid), lambda: self.leaf("device-session", "TODO")),
        )

    def thread(self, label: str, tid: int, proc_name: str, pid: int) -> str:
        """fmt ``Main Thread 0x1a2b (CoreDiffuse, pid: 1234)``; the process is nested (a ref
        when it was defined before)."""
        fmt = f"{label} 0x{tid:x} ({proc_name}, pid: {pid})"
        return self.composite(
            "thread",
            (tid, pid),
            fmt,
            (lambda: self.leaf("tid", tid, f"0x{tid:x}"), lambda: self.process(proc_name, pid)),
        )

    def metadata(self, parts: list[tuple[str, str | int, str]], tag: str = "os-log-metadata") -> str:
        """os-log-metadata / narrative: typed pieces (tag, text, fmt); the full text is ``fmt``."""
        fmt = "".join(p[2] for p in parts)
        children = [lambda p=p: self.leaf(p[0], p[1], p[2]) for p in parts]
        return self.composite(tag, tuple(parts), fmt, children)

    def return_location(self, uuid_hi: int, uuid_lo: int, offset: int) -> str:
        uuid = f"{uuid_hi:016X}{uuid_lo:016X}"
        uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
        uuid_cell = lambda: self.composite(  # noqa: E731
            "uuid",
            (uuid_hi, uuid_lo),
            uuid,
            (
                lambda: self.leaf("eight-byte-array", uuid_hi, f"0x{uuid_hi:x}"),
                lambda: self.leaf("eight-byte-array", uuid_lo, f"0x{uuid_lo:x}"),
            ),
        )
        return self.composite(
            "return-location",
            (uuid_hi, uuid_lo, offset),
            f"{uuid} + 0x{offset:x}",
            (uuid_cell, lambda: self.leaf("mach-o-vm-offset", offset, f"0x{offset:x}")),
        )

    # -- document --
    def row(self, cells: Iterable[str]) -> None:
        self.out.write("<row>" + "".join(cells) + "</row>\n")

    def schema(self, name: str, columns: Iterable[tuple[str, str, str]],
               documentation: str | None = None) -> None:
        doc = f' documentation="{attr(documentation)}"' if documentation else ""
        cols = "".join(
            f"<col><mnemonic>{esc(m)}</mnemonic><name>{esc(n)}</name>"
            f"<engineering-type>{esc(t)}</engineering-type></col>"
            for m, n, t in columns
        )
        self.out.write(f'<schema name="{attr(name)}"{doc}>{cols}</schema>\n')


def prolog(out: TextIO, comment: str | None) -> None:
    out.write('<?xml version="1.0"?>\n')
    if comment:
        out.write(f"<!-- {comment.replace('--', '- -')} -->\n")
