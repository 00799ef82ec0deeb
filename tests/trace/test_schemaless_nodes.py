"""A ``<node>`` without a ``<schema>`` (real multi-run queries, real-exports-2026-12.md §3) uses
the document's previous schema, on both readers (SYNTHETIC exports, written by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiler.errors import TraceFormatError
from profiler.trace import compiled, read_tables
from tests.trace.test_equivalence import assert_same
from tests.trace.xmlgen import document, el, node, ref, schema, write

COLS = [("start", "start-time"), ("label", "string")]
RUN = "//trace-toc[1]/run[{}]/data[1]/table[4]"
FIRST = node(RUN.format(1), schema("coreml-os-signpost", COLS)
             + "<row>" + el("start-time", "10", "10 ns", 1) + el("string", "Load", "Load", 2)
             + "</row>")
# rows but no schema; its refs point into the first node (one id space per document)
SECOND = node(RUN.format(2), "<row>" + el("start-time", "20", "20 ns", 3) + ref("string", 2)
              + "</row><row>" + ref("start-time", 1) + el("string", "Prediction", "P", 4)
              + "</row>")
EMPTY = f"<node xpath='{RUN.format(3)}'></node>"


@pytest.fixture(params=["python", "shipped"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "python":
        monkeypatch.setenv("PROFILER_READER", "python")
    else:
        monkeypatch.delenv("PROFILER_READER", raising=False)
    return str(request.param)


def test_rows_of_a_schemaless_node_use_the_previous_schema(tmp_path: Path, reader: str) -> None:
    first, second = read_tables(write(tmp_path / "t.xml", document(FIRST, SECOND)))
    assert second.schema == first.schema and second.run_number == 2
    assert second.frame["start"].tolist() == [20, 10]
    assert second.frame["label"].tolist() == ["Load", "Prediction"]
    assert not second.track_detail


def test_a_schemaless_node_without_rows_is_an_empty_table_of_that_schema(
        tmp_path: Path, reader: str) -> None:
    tables = read_tables(write(tmp_path / "t.xml", document(FIRST, SECOND, EMPTY)))
    assert [t.row_count for t in tables] == [1, 2, 0]
    assert tables[2].schema.name == "coreml-os-signpost" and tables[2].run_number == 3
    assert list(tables[2].frame.columns) == ["start", "label"]


def test_a_lone_schemaless_empty_node_is_still_an_empty_table(tmp_path: Path, reader: str) -> None:
    (table,) = read_tables(write(tmp_path / "t.xml", document(EMPTY)))
    assert table.row_count == 0 and table.schema.name is None


def test_rows_with_cells_in_a_first_node_without_schema_stay_an_error(
        tmp_path: Path, reader: str) -> None:
    with pytest.raises(TraceFormatError, match="before any <schema>"):
        read_tables(write(tmp_path / "t.xml", document(SECOND, FIRST)))


@pytest.mark.skipif(compiled.unavailable() is not None, reason="compiled reader not built")
@pytest.mark.parametrize("nodes", [(FIRST, SECOND), (FIRST, EMPTY), (FIRST, SECOND, EMPTY),
                                   (EMPTY,), (SECOND, FIRST)])
def test_both_readers_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nodes) -> None:  # noqa: ANN001
    assert_same(write(tmp_path / "t.xml", document(*nodes)), monkeypatch)
