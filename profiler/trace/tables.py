"""``read_tables``: stream a ``<trace-query-result>`` export into one :class:`Table` per node.

How it reads (see docs/data-model.md for the resulting columns):

- lxml ``iterparse`` reports only the ends of ``<schema>``, ``<row>`` and ``<node>``; each row's
  cells are walked in Python, **by position**, then the row is cleared and removed from the
  tree, so memory follows the output, not the file.
- The first occurrence of a value carries ``id="N"``; later ones are ``<x ref="N"/>``. Every
  element with an id, at any depth, is converted once to a Python value (never kept as an
  element) and stored in a list indexed by id (:mod:`profiler.trace.resolve`). The cache is
  shared by all nodes of a document, so refs across nodes resolve, and ids restarting in a new
  node simply replace older values.
- A ref to an id not seen before (forward or dangling) is a :class:`TraceFormatError`.
- A truncated file (premature end) with a complete schema keeps its complete rows and records a
  warning in ``Table.warnings``; truncated before the schema is complete is an error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from profiler.errors import TraceFormatError
from profiler.trace.model import Column, Progress, Schema, Table
from profiler.trace.resolve import GAP, Resolver
from profiler.trace.source import ExportSource, check_path, kind_of_root, read_head
from profiler.trace.values import BACKTRACE_TYPES, FAST_CONVERTERS
from profiler.trace.xml import check_head, iterparse, syntax_error

_RUN = re.compile(r"run\[(?:@number=[\"']?)?(\d+)")
_TABLE = re.compile(r"table\[(\d+)\]")
_NOT_TRUNCATION = ("mismatch", "extra content", "entity", "not allowed", "invalid")


class _Node:
    """State of the ``<node>`` being read."""

    def __init__(self, xpath: str | None) -> None:
        self.xpath = xpath
        self.schema: Schema | None = None
        self.data: list[list[Any]] = []
        self.track: dict[str, list[Any]] | None = None
        self.rows = 0


def read_tables(path: str | Path, progress: Progress | None = None) -> list[Table]:
    """Parse an ``xctrace export --xpath`` file into one :class:`Table` per ``<node>``.

    ``progress`` is called with (bytes read, total bytes) as the file is consumed.
    """
    from lxml import etree

    p = check_path(path)
    head = read_head(p)
    if kind_of_root(p, check_head(p, head)) != "table":
        raise TraceFormatError(
            "this is a TOC (<trace-toc>), not a table export",
            path=p,
            hint="read it with read_toc; `profiler tables` shows both kinds",
        )
    reader = _Reader(p)
    with ExportSource(p, head, progress) as source:
        reader.sanitized = source.sanitize
        try:
            reader.run(iterparse(source, tag=("row", "schema", "node")))
        except etree.XMLSyntaxError as exc:
            reader.fail(exc, source)
    if not reader.pending:
        raise TraceFormatError("no <node> in this export", path=p, hint="the xpath matched nothing")
    reader.cache = []  # nothing can be referenced any more: free it before building frames
    return reader.build()


class _Reader(Resolver):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.pending: list[tuple[_Node, str | None]] = []
        self.node: _Node | None = None
        self.sanitized = False

    def run(self, events: Any) -> None:
        """The hot loop. Common cells (refs, sentinels, simple values) are handled inline;
        anything unusual re-reads the row on the careful path (:meth:`Resolver.row`)."""
        cache = self.cache
        cache_append = cache.append
        fast = FAST_CONVERTERS
        composite = self.composite
        stack = self.stack
        stacks = BACKTRACE_TYPES
        appenders: list[Any] = []
        width = -1
        for _event, elem in events:
            if elem.tag != "row":
                self._structure(elem)
                node = self.node
                if node is not None and node.schema is not None:
                    appenders = [column.append for column in node.data]
                    width = len(appenders)
                continue
            node = self.node
            if node is None or node.schema is None:
                self._track_row(elem)
            else:
                try:
                    if len(elem) != width:
                        raise IndexError
                    for append, cell in zip(appenders, elem, strict=False):  # width checked above
                        ref = cell.get("ref")
                        if ref is not None:
                            n = int(ref)
                            value = cache[n] if n > 0 else GAP
                            if value is GAP:
                                raise IndexError
                            append(value)
                            continue
                        tag = cell.tag
                        if len(cell):
                            if tag == "frame":
                                raise TypeError  # careful path
                            value = stack(cell) if tag in stacks else composite(cell)
                        elif tag == "sentinel":
                            append(None)
                            continue
                        elif tag == "frame":
                            raise TypeError
                        else:
                            value = fast[tag](cell.text)
                        ident = cell.get("id")
                        if ident is not None:
                            if int(ident) == len(cache):
                                cache_append(value)
                            else:
                                self.store(ident, value, cell)
                        append(value)
                except (IndexError, ValueError, TypeError):
                    for column in node.data:  # undo this row's cells, then read it carefully
                        del column[node.rows :]
                    self.row(elem, node.data)
                node.rows += 1
            elem.clear(keep_tail=False)
            parent = elem.getparent()
            while elem.getprevious() is not None:
                del parent[0]

    def _structure(self, elem: Any) -> None:
        """A ``<schema>`` or ``<node>`` end event."""
        if elem.tag == "schema":
            if self.node is None or self.node.schema is not None or self.node.rows:
                self.node = _Node(_xpath_of(elem))
            self.node.schema = _schema(elem)
            self.node.data = [[] for _ in self.node.schema.columns]
        else:  # </node>
            node = self.node or _Node(elem.get("xpath"))
            if node.xpath is None:
                node.xpath = elem.get("xpath")
            self._finish(node)
            self.node = None
            elem.clear(keep_tail=False)

    def _track_row(self, row: Any) -> None:
        from profiler.trace.track_detail import add_row

        node = self.node
        if node is None:
            node = self.node = _Node(_xpath_of(row))
        if len(row):
            raise TraceFormatError(
                "<row> with cells before any <schema>", path=self.path, line=row.sourceline
            )
        if node.track is None:
            node.track = {}
        add_row(node.track, node.rows, row.attrib)
        node.rows += 1

    def _finish(self, node: _Node, truncated: str | None = None) -> None:
        """Keep a finished node; frames are built after parsing, once the id cache is freed."""
        self.pending.append((node, truncated))

    def build(self) -> list[Table]:
        from profiler.trace.frames import build_frame
        from profiler.trace.track_detail import track_frame

        tables = []
        while self.pending:
            node, truncated = self.pending.pop(0)
            warnings: list[str] = [truncated] if truncated else []
            if node.schema is not None:
                frame = build_frame(node.schema.columns, node.data, warnings)
                schema, track = node.schema, False
            else:
                frame = track_frame(node.track or {}, node.rows, warnings, sanitized=self.sanitized)
                schema, track = Schema(name=None, columns=()), True
            node.data, node.track = [], None
            run, table = _parse_xpath(node.xpath)
            tables.append(
                Table(
                    path=str(self.path),
                    xpath=node.xpath,
                    run_number=run,
                    table_index=table,
                    schema=schema,
                    frame=frame,
                    row_count=node.rows,
                    track_detail=track,
                    warnings=tuple(warnings),
                )
            )
        return tables

    def fail(self, exc: Any, source: ExportSource) -> None:
        """Turn a parser error into a truncation warning (complete schema) or an error."""
        msg, line = syntax_error(exc)
        # At end of input, any error but a tag mismatch or trailing junk means a cut-off file.
        at_end = source.eof and (line is None or line >= source.lines - 1)
        truncated = at_end and not any(h in msg.lower() for h in _NOT_TRUNCATION)
        node = self.node
        if truncated and node is not None and (node.schema is not None or node.track):
            self._finish(
                node,
                f"file is truncated at line {line}: read {node.rows} complete rows, "
                "the rest is missing (recording or export cut short?)",
            )
            self.node = None
            return
        if truncated and node is None and self.pending:
            last, note = self.pending[-1]
            if note is None:  # every node was complete; only the closing tags are missing
                self.pending[-1] = (last, f"file is truncated at line {line} after its last table")
            return
        if truncated:
            raise TraceFormatError(
                "file is truncated before a table schema was complete",
                path=self.path,
                line=line,
                hint="re-run `xcrun xctrace export`; the export was cut short",
            )
        raise TraceFormatError(
            f"malformed XML: {msg}",
            path=self.path,
            line=line,
            hint="the export is damaged; re-run `xcrun xctrace export`",
        )


def _schema(elem: Any) -> Schema:
    columns = tuple(
        Column(
            mnemonic=(col.findtext("mnemonic") or "").strip(),
            name=col.findtext("name"),
            engineering_type=(col.findtext("engineering-type") or "").strip(),
        )
        for col in elem.iterchildren("col")
    )
    return Schema(name=elem.get("name"), columns=columns, documentation=elem.get("documentation"))


def _xpath_of(elem: Any) -> str | None:
    parent = elem.getparent()
    return parent.get("xpath") if parent is not None and parent.tag == "node" else None


def _parse_xpath(xpath: str | None) -> tuple[int | None, int | None]:
    if not xpath:
        return None, None
    run = _RUN.search(xpath)
    table = _TABLE.search(xpath)
    return (int(run.group(1)) if run else None, int(table.group(1)) if table else None)
