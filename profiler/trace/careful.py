"""The careful reader: lxml ``iterparse`` plus Python, for every export and every value.

It reads what the compiled reader (:mod:`profiler.trace.compiled`) does not type, and
everything when that reader is not built; :func:`profiler.trace.tables.read_tables` decides.

How it reads (see docs/data-model.md for the resulting columns):

- lxml ``iterparse`` reports only the ends of ``<schema>``, ``<row>`` and ``<node>``. Rows are
  read in batches of 128 (:mod:`profiler.trace.rows`): each row's cells are walked in Python,
  **by position**, into compact column buffers (:mod:`profiler.trace.columns`), then the rows
  are cleared and removed from the tree, so memory follows the output, not the file. pandas is
  imported only once parsing is over and the id cache is freed.
- The first occurrence of a value carries ``id="N"``; later ones are ``<x ref="N"/>``. Every
  element with an id, at any depth, is converted once to a Python value (never kept as an
  element) and stored in a list indexed by id (:mod:`profiler.trace.resolve`). The cache is
  shared by all nodes of a document, so refs across nodes resolve, and ids restarting in a new
  node simply replace older values. Values met again share one object (refs, and one value
  per distinct backtrace label and top frame), so the cache costs a slot per id.
- A ref to an id not seen before (forward or dangling) is a :class:`TraceFormatError`.
- A truncated file (premature end) with a complete schema keeps its complete rows and records a
  warning in ``Table.warnings``; truncated before the schema is complete is an error.
- ``only`` (node positions, 0-based) reads just those tables: the compiled reader asks for the
  ones it handed back, having checked that no ref crosses from one node into another.
- A ``<node>`` without a ``<schema>`` uses the schema of the document's previous node (a
  multi-run query writes the schema in the first node only; real-exports-2026-12.md §3): its
  rows are read with it, and with no rows it is an empty table of that schema. Rows with cells
  before any schema at all are an error.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any

from profiler.errors import TraceFormatError
from profiler.trace.columns import Buffer, pack_labels
from profiler.trace.model import Column, Progress, Schema, Table
from profiler.trace.rows import BATCH, RowReader
from profiler.trace.source import ExportSource
from profiler.trace.values import BACKTRACE_TYPES, Kind, kind_of
from profiler.trace.xml import iterparse, syntax_error

# At most 9 digits: a longer index is no real run or table (and int() of thousands of digits
# raises); the number is then unknown (None).
_RUN = re.compile(r"run\[(?:@number=[\"']?)?([0-9]{1,9})(?![0-9])")
_TABLE = re.compile(r"table\[([0-9]{1,9})\]")
_NOT_TRUNCATION = ("mismatch", "extra content", "entity", "not allowed", "invalid")
_INTEGER = (Kind.TIME, Kind.INT, Kind.UINT)  # columns buffered as int64 arrays


class _Node:
    """State of the ``<node>`` being read."""

    def __init__(self, xpath: str | None) -> None:
        self.xpath = xpath
        self.schema: Schema | None = None
        self.data: list[Buffer] = []
        self.track: dict[str, list[Any]] | None = None
        self.rows = 0


def read_careful(
    p: Path,
    head: bytes,
    progress: Progress | None = None,
    *,
    only: frozenset[int] | None = None,
    reader_name: str = "python",
) -> list[Table]:
    """Parse a checked table export (see :func:`profiler.trace.tables.read_tables`)."""
    from lxml import etree

    reader = _Reader(p, only, reader_name)
    with ExportSource(p, head, progress) as source:
        reader.sanitized = source.sanitize
        collecting = gc.isenabled()
        gc.disable()  # parsing makes no reference cycles; collections would rescan the id cache
        try:
            reader.run(iterparse(source, tag=("row", "schema", "node")))
        except etree.XMLSyntaxError as exc:
            reader.fail(exc, source)
        finally:
            if collecting:
                gc.enable()
    if not reader.pending:
        # A complete `<trace-query-result>` with no `<node>` is what `xctrace export --xpath`
        # writes when the xpath matched no table: a valid export holding zero tables.
        return []
    # Nothing can be referenced any more: free the id cache before pandas is imported.
    reader.cache, reader.refs, reader.labels, reader.deferred = [], {}, {}, []
    return reader.build()


class _Reader(RowReader):
    def __init__(self, path: Path, only: frozenset[int] | None, reader_name: str) -> None:
        super().__init__(path)
        self.pending: list[tuple[_Node, str | None]] = []
        self.node: _Node | None = None
        self.sanitized = False
        self.only = only
        self.ended = 0  # </node>s seen: the position of the node being read
        self.reader_name = reader_name
        #: the schema of the last node that had one: a later schema-less node uses it
        self.last_schema: Schema | None = None

    def _wanted(self) -> bool:
        return self.only is None or self.ended in self.only

    def run(self, events: Any) -> None:
        """Dispatch parse events; rows of a schema'd table are read in batches (see rows.py)."""
        from lxml import etree

        batch: list[Any] = []
        read_rows = self.read_rows
        node = None  # the node whose rows are batched (it has a schema)
        try:
            for _event, elem in events:
                if elem.tag == "row":
                    if self.only is not None and not self._wanted():
                        _drop(elem)  # a table read by the compiled reader
                        continue
                    if node is None and len(elem) and self.last_schema is not None:
                        node = self.node = self._inherited(_xpath_of(elem))
                    if node is not None:
                        batch.append(elem)
                        if len(batch) >= BATCH:
                            read_rows(node, batch)
                            batch = []
                    else:
                        self._track_row(elem)
                        _drop(elem)
                    continue
                if batch:
                    read_rows(node, batch)
                    batch = []
                self._structure(elem)
                node = self.node if self.node is not None and self.node.schema is not None else None
        except etree.XMLSyntaxError:
            if batch:  # keep the complete rows read before the parser stopped
                read_rows(node, batch)
            raise

    def _structure(self, elem: Any) -> None:
        """A ``<schema>`` or ``<node>`` end event."""
        if elem.tag == "schema":
            if self.node is None or self.node.schema is not None or self.node.rows:
                self.node = _Node(_xpath_of(elem))
            self.node.schema = self.last_schema = _schema(elem)
            self._buffers(self.node)
        else:  # </node>
            node = self.node or self._inherited(elem.get("xpath"))
            if node.xpath is None:
                node.xpath = elem.get("xpath")
            if self._wanted():
                self._finish(node)
            self.ended += 1
            self.node = None
            elem.clear(keep_tail=False)

    def _inherited(self, xpath: str | None) -> _Node:
        """A node without its own ``<schema>``: the previous node's, when there is one."""
        node = _Node(xpath)
        if self.last_schema is not None:
            node.schema = self.last_schema
            self._buffers(node)
        return node

    @staticmethod
    def _buffers(node: _Node) -> None:
        assert node.schema is not None
        node.data = [Buffer(kind_of(c.engineering_type) in _INTEGER) for c in node.schema.columns]

    def _track_row(self, row: Any) -> None:
        from profiler.trace.track_detail import add_row

        node = self.node
        if node is None:
            node = self.node = _Node(_xpath_of(row))
        if len(row):
            raise TraceFormatError(
                "<row> with cells before any <schema>",
                path=self.path,
                line=row.sourceline,
                hint="xctrace writes a node's <schema> before its rows (only track-detail rows, "
                "attributes without cells, have none); the export is damaged or was edited",
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

        for node, _ in self.pending:  # before pandas is imported: free the per-row label objects
            if node.schema is not None:
                for column, buffer in zip(node.schema.columns, node.data, strict=True):
                    if column.engineering_type in BACKTRACE_TYPES:
                        pack_labels(buffer)
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
            run, table = parse_xpath(node.xpath)
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
                    reader=self.reader_name,
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


def _drop(row: Any) -> None:
    """Clear a read row and remove it (and any earlier siblings) from the tree."""
    row.clear(keep_tail=False)
    parent = row.getparent()
    while row.getprevious() is not None:
        del parent[0]


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


def parse_xpath(xpath: str | None) -> tuple[int | None, int | None]:
    if not xpath:
        return None, None
    run = _RUN.search(xpath)
    table = _TABLE.search(xpath)
    return (int(run.group(1)) if run else None, int(table.group(1)) if table else None)
