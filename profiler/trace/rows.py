"""The reader's hot loop: rows of a schema'd table, read in batches.

Rows are handed over in batches of up to :data:`BATCH`; they stay in the lxml tree until their
batch is read, then are cleared and removed, so memory stays bounded.

Common cells (refs, sentinels, simple values) are handled inline. A new backtrace, the hot case
of time profiles, is read from its ``fmt`` and first child only; its nested ids (new frames and
binaries) are registered later, and only if there are any (:meth:`Resolver.settle`): this
replaces a Python visit of every frame of every new stack. Anything unusual re-reads the row on
the careful path (:meth:`Resolver.row`), which reads it exactly or raises a
:class:`TraceFormatError` naming the file and line.
"""

from __future__ import annotations

from typing import Any

from profiler.trace.ids import id_number
from profiler.trace.resolve import GAP, Resolver
from profiler.trace.values import BACKTRACE_TYPES, FAST_CONVERTERS, Frame

BATCH = 128
REFS = 1 << 16  # ref strings remembered with their values (most refs repeat a few values)


class RowReader(Resolver):
    """A :class:`Resolver` that reads batches of rows into a node's column buffers."""

    def read_rows(self, node: Any, batch: list[Any]) -> None:
        """Read a batch of rows of ``node`` into its buffers, then clear them from the tree."""
        cache = self.cache
        gap, frame_type, size, number = GAP, Frame, len, id_number  # locals: fastest lookups
        cache_append = cache.append
        deferred = self.deferred
        refs = self.refs
        known = refs.get
        fast = FAST_CONVERTERS
        composite = self.composite
        stack = self.stack
        backtrace = self.backtrace
        label = self.labels.get
        stacks = BACKTRACE_TYPES
        data = node.data
        cells = [(b.append, b.null) for b in data]  # per column: bound once per batch
        width = size(cells)
        rows = node.rows
        for elem in batch:
            try:
                if size(elem) != width:
                    raise IndexError
                for (append, null), cell in zip(cells, elem, strict=False):  # width checked
                    ref = cell.get("ref")
                    if ref is not None:
                        value = known(ref, gap)
                        if value is gap:
                            n = number(ref)
                            value = cache[n] if n > 0 else gap
                            if value is gap:
                                raise IndexError
                            if size(refs) < REFS:
                                refs[ref] = value
                        append(value)  # None in an int64 buffer: TypeError, careful path
                        continue
                    tag = cell.tag
                    if not size(cell):
                        text = cell.text
                        if text is None:  # a sentinel; anything else: careful path
                            if tag != "sentinel":
                                raise TypeError
                            null()
                            continue
                        value = fast[tag](text)  # frames, bad text: raise, careful path
                    elif tag not in stacks:
                        if tag == "frame":
                            raise TypeError  # careful path
                        value = composite(cell)
                    else:  # Resolver.stack, inlined: the top frame is the first child
                        ref = cell[0].get("ref")
                        top = known(ref, gap) if ref is not None else None
                        if top is gap:
                            n = number(ref)
                            top = cache[n] if n > 0 else gap
                            if top is gap:
                                raise IndexError
                            if size(refs) < REFS:
                                refs[ref] = top
                        if type(top) is not frame_type or not self.in_order:
                            value = stack(cell)
                        else:
                            fmt = cell.get("fmt")
                            value = label(fmt if fmt is not None else top)
                            if value is None or value.top is not top:
                                value = backtrace(fmt if fmt is not None else top, top)
                            ident = cell.get("id")
                            if ident is not None:
                                if number(ident) == size(cache):
                                    if deferred:  # the next number: they had no nested ids
                                        deferred.clear()
                                    cache_append(value)
                                else:
                                    self.place(ident, value, cell)
                            deferred.append(cell)  # its nested ids: see Resolver.settle
                            if not self.in_order:
                                self.settle()
                            append(value)
                            continue
                    ident = cell.get("id")
                    if ident is not None:
                        if number(ident) == size(cache):
                            if deferred:  # the next number: they had no nested ids
                                deferred.clear()
                            cache_append(value)
                        elif size(cell):
                            self.store(ident, value, cell)  # nested ids went first
                        else:
                            self.place(ident, value, cell)
                    append(value)
            except (IndexError, ValueError, TypeError, OverflowError):
                for buffer in data:  # undo this row's cells, then read it carefully
                    buffer.truncate(rows)
                self.settle()
                self.row(elem, data)
                cells = [(b.append, b.null) for b in data]  # a buffer may have changed
            rows += 1
        node.rows = rows
        if self.deferred:
            self.settle()  # before their rows are cleared
        for elem in batch:
            elem.clear(keep_tail=False)
        last = batch[-1]
        parent = last.getparent()
        del parent[: parent.index(last)]  # one slice: cheaper than a del per row
