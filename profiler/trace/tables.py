"""``read_tables``: one :class:`Table` per ``<node>`` of an ``xctrace export --xpath`` file.

Two readers give the same tables (docs/data-model.md): the compiled one
(:mod:`profiler.trace.compiled`, C over libxml2's SAX2, several times faster and smaller) when
it was built, and the careful one (:mod:`profiler.trace.careful`, lxml and Python) for
everything the compiled reader hands back: a table with a column or value it does not type,
or the whole file on anything irregular (errors, truncation, odd id numbering...), and always
when no compiler was there at install. If tables of one file share ids across nodes and one of
them goes back, the whole file does. ``Table.reader`` says which reader read each table.
"""

from __future__ import annotations

from pathlib import Path

from profiler.errors import TraceFormatError
from profiler.trace import compiled
from profiler.trace.careful import parse_xpath, read_careful
from profiler.trace.model import Progress, Table
from profiler.trace.source import check_path, kind_of_root, read_head, rewrites_names
from profiler.trace.xml import check_head


def read_tables(path: str | Path, progress: Progress | None = None) -> list[Table]:
    """Parse an ``xctrace export --xpath`` file into one :class:`Table` per ``<node>``.

    ``progress`` is called with (bytes read, total bytes) as the file is consumed.
    """
    p = check_path(path)
    head = read_head(p)
    if kind_of_root(p, check_head(p, head)) != "table":
        raise TraceFormatError(
            "this is a TOC (<trace-toc>), not a table export",
            path=p,
            hint="read it with read_toc; `profiler tables` shows both kinds",
        )
    why = compiled.unavailable()
    if why is None and rewrites_names(head):
        why = "attribute names ending in % (track detail)"
    if why is None:
        parsed = compiled.parse(p, progress)
        if isinstance(parsed, str):
            why = f"handed back the file: {parsed}"
        elif parsed.shared and any(node.handback for node in parsed.nodes):
            why = "handed back the file: its tables share ids and one needs the careful reader"
        else:
            return _tables(p, head, parsed)
    return read_careful(p, head, progress, reader_name=f"{compiled.PYTHON} (compiled reader {why})")


def _tables(p: Path, head: bytes, parsed: compiled.Parsed) -> list[Table]:
    """Tables of a file the compiled reader read, with the ones it handed back read carefully."""
    back = frozenset(i for i, node in enumerate(parsed.nodes) if node.handback)
    careful = iter(read_careful(p, head, only=back, reader_name="") if back else ())
    tables = []
    for i, node in enumerate(parsed.nodes):
        if i in back:
            table = next(careful)
            note = f"{compiled.PYTHON} (compiled reader handed back the table: {node.handback})"
            tables.append(_with_reader(table, note))
            continue
        warnings: list[str] = []
        frame = compiled.build_frame(node, warnings)
        assert node.schema is not None
        run, index = parse_xpath(node.xpath)
        tables.append(
            Table(
                path=str(p),
                xpath=node.xpath,
                run_number=run,
                table_index=index,
                schema=node.schema,
                frame=frame,
                row_count=node.rows,
                warnings=tuple(warnings),
                reader=compiled.COMPILED,
            )
        )
    return tables


def _with_reader(table: Table, reader: str) -> Table:
    from dataclasses import replace

    return replace(table, reader=reader)
