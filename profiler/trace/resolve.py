"""The id cache and the careful (slow) path of the reader.

:class:`Resolver` owns the id -> value cache (Python values only, never elements) and resolves
any element: a ``ref``, a ``<sentinel/>``, a simple value or a composite (thread, process,
backtrace, narrative...), registering every nested id on the way. The hot loop in
:mod:`profiler.trace.tables` handles the common cells inline and falls back to
:meth:`Resolver.row` for anything unusual, which either reads the row correctly or raises a
:class:`TraceFormatError` naming the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from profiler.errors import TraceFormatError
from profiler.trace.values import CONVERTERS, Composite, Frame, to_str

GAP = object()  # an id never defined (only fills gaps when ids are not dense)


class Resolver:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.cache: list[Any] = [GAP]  # index = id; ids start at 1

    def lookup(self, elem: Any, ref: str) -> Any:
        cache = self.cache
        n = int(ref) if ref.isdigit() else 0
        value = cache[n] if 0 < n < len(cache) else GAP
        if value is GAP:
            self.dangling(elem, ref)
        return value

    def resolve(self, elem: Any) -> Any:
        """Value of any element (ref, sentinel, simple or composite); registers nested ids."""
        ref = elem.get("ref")
        if ref is not None:
            return self.lookup(elem, ref)
        tag = elem.tag
        if tag == "sentinel":
            return None
        if tag == "frame" or tag == "binary":
            for child in elem:
                self.resolve(child)
            name = elem.get("name") or elem.get("addr")
            value: Any = Frame(name) if tag == "frame" and name is not None else name
        elif len(elem):
            value = self.composite(elem)
        else:
            text = elem.text
            f = CONVERTERS[tag]
            value = f(text) if text is not None or f is not to_str else to_str(elem.get("fmt"))
        ident = elem.get("id")
        if ident is not None:
            self.store(ident, value, elem)
        return value

    def composite(self, elem: Any) -> Composite:
        """A cell with children: ``fmt`` label plus pid/tid/top frame found among the children.

        Every child is visited (nested ids must be registered), even after the top frame.
        """
        pid = tid = top = None
        cache = self.cache
        resolve = self.resolve
        for child in elem:
            ref = child.get("ref")
            if ref is None:
                value = resolve(child)
            else:
                # inline lookup: backtraces are mostly <frame ref="N"/>
                try:
                    n = int(ref)
                    value = cache[n] if n > 0 else GAP
                except (ValueError, IndexError):
                    value = GAP
                if value is GAP:
                    self.dangling(child, ref)
            kind = type(value)
            if kind is Frame:
                if top is None:
                    top = value
            elif kind is Composite:
                if value.top is not None:
                    top = top or value.top  # tagged-backtrace wrapping a backtrace
                elif pid is None:
                    pid = value.pid  # the process inside a thread
            elif kind is int:
                tag = child.tag
                if tag == "pid":
                    pid = value
                elif tag == "tid":
                    tid = value
        fmt = elem.get("fmt")
        if fmt is None and top is not None:
            fmt = top  # Xcode 14 backtraces have no fmt: label them by their top frame
        if top is not None and fmt is not None:
            # Backtrace labels are mostly unique and non-ASCII ("←"): as UTF-8 bytes they take
            # half the memory of a str until the column is built (see profiler.trace.frames).
            return Composite(fmt.encode(), pid, tid, top)
        return Composite(fmt, pid, tid, top)

    def stack(self, elem: Any) -> Composite:
        """Fast path for a backtrace (hot in time profiles): only the top frame is looked at.

        Later ``<frame ref>`` children are still looked up, so a bad ref raises IndexError or
        ValueError, which sends the row to the careful path (:meth:`composite` explains it).
        """
        top = None
        cache = self.cache
        resolve = self.resolve
        for child in elem:
            ref = child.get("ref")
            if ref is None:
                value = resolve(child)  # registers nested ids (new frames, binaries)
            else:
                n = int(ref)
                value = cache[n] if n > 0 else GAP
                if value is GAP:
                    raise IndexError(ref)
            if top is None:
                kind = type(value)
                if kind is Frame:
                    top = value
                elif kind is Composite:
                    top = value.top  # tagged-backtrace wrapping a backtrace
        fmt = elem.get("fmt")
        if top is None:
            return Composite(fmt)
        return Composite(fmt.encode() if fmt is not None else top.encode(), None, None, top)

    def store(self, ident: str, value: Any, elem: Any) -> None:
        cache = self.cache
        n = int(ident) if ident.isdigit() else 0
        if n == len(cache):
            cache.append(value)
        elif 0 < n < len(cache):
            cache[n] = value  # ids restarting in a later node replace older values
        elif n > len(cache):
            cache.extend([GAP] * (n - len(cache)))
            cache.append(value)
        else:
            raise TraceFormatError(
                f"id {ident!r} is not a positive integer", path=self.path, line=elem.sourceline
            )

    def row(self, row: Any, data: list[list[Any]]) -> None:
        """Read one row carefully (after the fast path gave up on it)."""
        if len(row) != len(data):
            raise TraceFormatError(
                f"row has {len(row)} cells, the schema has {len(data)} columns",
                path=self.path,
                line=row.sourceline,
            )
        values = [self.resolve(cell) for cell in row]
        for column, value in zip(data, values, strict=True):
            column.append(value)

    def dangling(self, elem: Any, ref: str | None) -> None:
        raise TraceFormatError(
            f"ref {ref!r} on <{elem.tag}> points to no earlier element (forward or dangling ref)",
            path=self.path,
            line=elem.sourceline,
            hint="xctrace only refers back to ids already written; the export is damaged",
        )
