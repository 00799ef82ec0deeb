"""The id cache and the careful (slow) path of the reader.

:class:`Resolver` owns the id -> value cache (Python values only, never elements) and resolves
any element: a ``ref``, a ``<sentinel/>``, a simple value or a composite (thread, process,
backtrace, narrative...), registering every nested id on the way. The hot loop in
:mod:`profiler.trace.rows` handles the common cells inline and falls back to
:meth:`Resolver.row` for anything unusual, which either reads the row correctly or raises a
:class:`TraceFormatError` naming the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from profiler.errors import TraceFormatError
from profiler.trace.ids import DAMAGED, id_number, shown
from profiler.trace.values import CONVERTERS, Composite, Frame, to_str

if TYPE_CHECKING:
    from profiler.trace.columns import Buffer

GAP = object()  # an id never defined (only fills gaps when ids are not dense)
LABELS = 200_000  # distinct backtrace labels shared as str (see Resolver.backtrace)
#: Gap slots the dense id list may hold beyond one per id defined. Past that, ids go to a dict,
#: so memory follows the number of ids defined, never their values (id="1000000000").
DENSE_SLACK = 4096
class Resolver:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.cache: list[Any] = [GAP]  # index = id; ids start at 1
        self.labels: dict[str, Composite] = {}  # backtrace label -> shared value
        #: Backtrace cells read without registering their nested ids yet (see settle()).
        self.deferred: list[Any] = []
        self.in_order = True  # ids go up by 1 in document order so far (see place())
        self.refs: dict[str, Any] = {}  # ref text -> value, a bounded shortcut (rows.py)
        self.sparse: dict[int, Any] = {}  # ids far beyond the dense list (see store())
        self.gaps = 0  # GAP slots in the dense list
        from lxml import etree

        #: Elements with an id below a cell (one C-level query instead of a Python loop).
        self.with_id = etree.XPath("descendant::*[@id]")

    def lookup(self, elem: Any, ref: str) -> Any:
        value = self.cached(ref)
        if value is GAP:
            return self.missing(elem, ref)
        return value

    def cached(self, ref: str) -> Any:
        """The value stored for id ``ref`` (dense list or sparse dict), or GAP."""
        cache = self.cache
        n = id_number(ref)
        if 0 < n < len(cache):
            value = cache[n]
            if value is not GAP or not self.sparse:
                return value
        return self.sparse.get(n, GAP) if self.sparse else GAP

    def settle(self) -> None:
        """Register the nested ids of deferred backtrace cells (one XPath query each).

        The hot loop (profiler.trace.rows) reads a new backtrace from its ``fmt`` and first
        child only and defers the rest: ids go up by exactly 1 in document order, parents
        first (docs/xctrace-export-format.md), so when the next id is the next number, the
        deferred cells had no nested ids and are dropped unvisited. Any other id (see
        :meth:`store`), a ref not found, and the end of a batch of rows settle them first.
        """
        deferred = self.deferred  # the same list for the whole read (the hot loop holds it)
        resolve = self.resolve
        with_id = self.with_id
        while deferred:
            cells = deferred[:]
            deferred.clear()  # before resolving: store() calls settle() again
            for cell in cells:
                for new in with_id(cell):
                    resolve(new)

    def place(self, ident: str, value: Any, elem: Any) -> None:
        """Store a row's cell (not a composite) whose id is not the next number.

        Deferred cells are settled first. If the id is still beyond the next number, ids are
        not numbered 1 by 1 in document order (e.g. children before parents): deferring would
        not be safe, so it stops for the rest of the read.
        """
        if self.deferred:
            self.settle()
        if id_number(ident) > len(self.cache):
            self.in_order = False
        self.store(ident, value, elem)

    def missing(self, elem: Any, ref: str) -> Any:
        """The value of a ref not found in the cache: after settling deferred cells, or error."""
        if self.deferred:
            self.settle()
        value = self.cached(ref)
        if value is not GAP:
            return value
        self.dangling(elem, ref)

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
                    n = id_number(ref)
                    value = cache[n] if n > 0 else GAP
                except IndexError:
                    value = GAP
                if value is GAP:
                    value = self.missing(child, ref)
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
        if top is not None and fmt is not None and pid is None and tid is None:
            return self.backtrace(fmt, top)
        return Composite(fmt, pid, tid, top)

    def stack(self, elem: Any) -> Composite:
        """A backtrace (hot in time profiles): its ``fmt`` and top frame.

        New nested elements (those with an ``id``: first-seen frames, binaries) are found by one
        XPath query in C and registered; then only the first child is looked at. (The hot loop
        in profiler.trace.rows inlines this and defers the query, see :meth:`settle`.) Refs to
        the other frames are not followed: the stack itself is not kept, so their values are
        never used (a damaged ref there goes unnoticed; see docs/data-model.md). Anything
        unusual goes to :meth:`scan_stack`; a bad top-frame ref raises IndexError or ValueError,
        which sends the row to the careful path.
        """
        resolve = self.resolve
        for new in self.with_id(elem):
            resolve(new)
        first = elem[0]
        ref = first.get("ref")
        if ref is None:
            value = resolve(first)
        else:
            n = id_number(ref)
            value = self.cache[n] if n > 0 else GAP
            if value is GAP:
                raise IndexError(ref)
        kind = type(value)
        if kind is Frame:
            top = value
        elif kind is Composite and value.top is not None:
            top = value.top  # tagged-backtrace wrapping a backtrace
        else:
            return self.scan_stack(elem)
        fmt = elem.get("fmt")
        return self.backtrace(fmt if fmt is not None else top, top)

    def backtrace(self, fmt: str, top: Frame) -> Composite:
        """One shared Composite per (label, top frame): distinct stacks mostly share labels
        ("f ← (3 other frames)"), and a Composite per stack would dominate memory. Past
        :data:`LABELS` distinct labels, new ones are kept as UTF-8 bytes (half the memory of a
        non-ASCII str; see profiler.trace.columns.pack_labels)."""
        labels = self.labels
        value = labels.get(fmt)
        if value is not None and value.top is top:
            return value
        if len(labels) < LABELS:
            value = labels[fmt] = Composite(fmt, None, None, top)
            return value
        return Composite(fmt.encode(), None, None, top)

    def scan_stack(self, elem: Any) -> Composite:
        """A backtrace whose first child is not a frame: every child is looked at."""
        top = None
        cache = self.cache
        resolve = self.resolve
        for child in elem:
            ref = child.get("ref")
            if ref is None:
                value = resolve(child)  # registers nested ids (new frames, binaries)
            else:
                n = id_number(ref)
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
        return self.backtrace(fmt if fmt is not None else top, top)

    def store(self, ident: str, value: Any, elem: Any) -> None:
        cache = self.cache
        n = id_number(ident)
        if n != len(cache) and self.deferred:
            self.settle()  # their nested ids come first (or fill gaps this id would leave)
        if n == len(cache):
            cache.append(value)
        elif 0 < n < len(cache):
            if cache[n] is not GAP:
                self.refs.clear()  # ids restarting in a later node replace older values
            cache[n] = value
        elif n > len(cache):
            gap = n - len(cache)
            if self.gaps + gap <= len(cache) + DENSE_SLACK:  # at most ~one gap per id defined
                self.gaps += gap
                cache.extend([GAP] * gap)
                cache.append(value)
            else:
                if n in self.sparse:
                    self.refs.clear()
                self.sparse[n] = value
        else:
            raise TraceFormatError(
                f"id {shown(ident)} is not a positive integer",
                path=self.path,
                line=elem.sourceline,
                hint=DAMAGED,
            )

    def row(self, row: Any, data: list[Buffer]) -> None:
        """Read one row carefully (after the fast path gave up on it)."""
        if len(row) != len(data):
            raise TraceFormatError(
                f"row has {len(row)} cells, the schema has {len(data)} columns",
                path=self.path,
                line=row.sourceline,
                hint="each <row> holds one cell per <col> of its <schema>; the export is damaged "
                "or was edited",
            )
        values = [self.resolve(cell) for cell in row]
        for column, value in zip(data, values, strict=True):
            column.add(value)

    def dangling(self, elem: Any, ref: str | None) -> NoReturn:
        raise TraceFormatError(
            f"ref {shown(ref or '')} on <{elem.tag}> points to no earlier element "
            "(forward or dangling ref)",
            path=self.path,
            line=elem.sourceline,
            hint="xctrace only refers back to ids already written; the export is damaged",
        )
