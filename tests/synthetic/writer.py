"""Write the TOC and table exports exactly as ``xctrace export`` would.

Each recording is its own trace (one ``<run>``), or, with ``TraceShape.ONE_TRACE``, the runs
of one trace (:func:`write_trace_toc`, :func:`write_trace_table`). ``out`` is a path or an open
text stream (e.g. ``sys.stdout`` for a fake ``xctrace export`` without ``--output``). Files are
UTF-8 with ``\\n`` line endings.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from typing import TextIO

from tests.synthetic.layouts import DOCS, layout_for
from tests.synthetic.render import row_writer
from tests.synthetic.scenario import KNOWN_TABLES, Scenario
from tests.synthetic.tables import ROWS
from tests.synthetic.toc import exported_name, toc_entries, toc_tables, write_toc_text
from tests.synthetic.xmlwriter import ExportWriter, prolog

__all__ = ["canonical", "exported_name", "table_index", "toc_tables", "write_table",
           "write_toc", "write_trace_table", "write_trace_toc", "write_xpath"]

Out = str | os.PathLike[str] | TextIO
COMMENT = ("SYNTHETIC data written by tests/synthetic (coreml-profiler's test generator), "
           "scenario {name!r} seed {seed}: not a real xctrace export")


@contextlib.contextmanager
def _open(out: Out) -> Iterator[TextIO]:
    if hasattr(out, "write"):
        yield out  # type: ignore[misc]
        return
    with open(out, "w", encoding="utf-8", newline="\n") as fh:  # type: ignore[arg-type]
        yield fh


def canonical(scenario: Scenario, schema: str) -> str:
    """Map an exported name back to the generator's table of interest."""
    for table in KNOWN_TABLES:
        if schema in (table, exported_name(scenario, table)):
            return table
    raise KeyError(f"the generator does not write table {schema!r}")


def table_index(scenario: Scenario, schema: str) -> int:
    """The 1-based K of ``table[K]`` for a table of interest."""
    table = canonical(scenario, schema)
    for k, (listed, _, _) in enumerate(toc_entries(scenario), start=1):
        if listed == table:
            return k
    raise KeyError(f"table {schema!r} is not in this scenario's TOC")


def _comment(scenario: Scenario) -> str | None:
    return COMMENT.format(name=scenario.name, seed=scenario.seed) if scenario.label_comments \
        else None


def write_toc(scenario: Scenario, recording: int, out: Out) -> None:
    """``xctrace export --toc`` of recording ``recording`` (1-based; a trace has one run)."""
    with _open(out) as fh:
        prolog(fh, _comment(scenario))
        write_toc_text(fh, scenario, [recording])


def write_trace_toc(scenario: Scenario, out: Out) -> None:
    """TraceShape.ONE_TRACE: the TOC of one trace whose runs are the scenario's recordings."""
    with _open(out) as fh:
        prolog(fh, _comment(scenario))
        write_toc_text(fh, scenario, list(range(1, len(scenario.recordings) + 1)))


def _node(fh: TextIO, w: ExportWriter, scenario: Scenario, table: str, recording: int,
          run_number: int, with_schema: bool) -> int:
    """One ``<node>``; without a schema and without rows it is the real ``<node …></node>``."""
    k = table_index(scenario, table)
    name, cols = layout_for(table, scenario.layout(table))
    fh.write(f"<node xpath='//trace-toc[1]/run[{run_number}]/data[1]/table[{k}]'>")
    rows = 0
    if with_schema:
        w.schema(name, ((c.mnemonic, c.name, c.type) for c in cols), DOCS.get(table))
    if not scenario.empty(table, recording):
        write_row = row_writer(w, cols)
        for values in ROWS[table](scenario, recording):
            if not rows and not with_schema:
                fh.write("\n")
            write_row(values)
            rows += 1
    fh.write("</node>")
    return rows


def write_table(scenario: Scenario, recording: int, schema: str, out: Out) -> int:
    """``xctrace export --xpath '/trace-toc/run[@number="1"]/data/table[@schema="…"]'``.

    ``schema`` is a table of interest, by its generator name or its exported name. Returns the
    number of rows written (0 for a table exported empty).
    """
    table = canonical(scenario, schema)
    with _open(out) as fh:
        prolog(fh, _comment(scenario))
        fh.write("<trace-query-result>\n")
        w = ExportWriter(fh, intern_limit=scenario.scale.intern_limit)
        rows = _node(fh, w, scenario, table, recording, 1, True)
        fh.write("</trace-query-result>\n")
    return rows


def write_trace_table(scenario: Scenario, schema: str, out: Out) -> list[int]:
    """TraceShape.ONE_TRACE: ``--xpath '/trace-toc/run/data/table[@schema="…"]'``, one node per
    run in one id space (refs in later nodes point into earlier ones); only the first node
    has the <schema> unless ``scenario.schema_in_every_node``. Returns rows per run."""
    table = canonical(scenario, schema)
    counts = []
    with _open(out) as fh:
        prolog(fh, _comment(scenario))
        fh.write("<trace-query-result>\n")
        w = ExportWriter(fh, intern_limit=scenario.scale.intern_limit)
        for number in range(1, len(scenario.recordings) + 1):
            counts.append(_node(fh, w, scenario, table, number, number,
                                number == 1 or scenario.schema_in_every_node))
        fh.write("</trace-query-result>\n")
    return counts


_XPATH = re.compile(r"""table\[@schema=["']([^"']+)["']\]""")


def write_xpath(scenario: Scenario, recording: int, xpath: str, out: Out) -> int:
    """Answer an ``--xpath`` export: the table named by ``table[@schema="…"]``. A schema the
    TOC does not list gives an empty ``<trace-query-result>`` (returns -1)."""
    match = _XPATH.search(xpath)
    try:
        if match is None:
            raise KeyError(xpath)
        table = canonical(scenario, match.group(1))
        table_index(scenario, table)
    except KeyError:
        with _open(out) as fh:
            prolog(fh, None)
            fh.write("<trace-query-result>\n</trace-query-result>\n")
        return -1
    return write_table(scenario, recording, table, out)
