"""read_tables on small hand-written exports (SYNTHETIC): mapping, refs, typing, sentinels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from profiler.errors import TraceFormatError
from profiler.trace import read_tables
from tests.trace.xmlgen import document, el, node, ref, schema, write

XP = "//trace-toc[1]/run[2]/data[1]/table[7]"
THREAD = (
    el("thread", fmt="Main Thread 0x1f (App, pid: 42)", ident=3, children=(
        el("tid", "31", "0x1f", 4)
        + el("process", fmt="App (42)", ident=5, children=el("pid", "42", "42", 6))
    ))
)


def _read(tmp_path: Path, body: str, xpath: str = XP) -> pd.DataFrame:
    (table,) = read_tables(write(tmp_path / "t.xml", document(node(xpath, body))))
    return table.frame


def test_cells_map_by_position_even_with_a_sentinel_in_an_earlier_same_type_column(
    tmp_path: Path,
) -> None:
    cols = [("start", "start-time"), ("duration", "duration"), ("latency", "duration")]
    rows = (
        "<row>" + el("start-time", "10", "x", 1) + "<sentinel/>" + el("duration", "7", "7 ns", 2) + "</row>"
        + "<row>" + ref("start-time", 1) + ref("duration", 2) + "<sentinel/></row>"
    )
    frame = _read(tmp_path, schema("s", cols) + rows)
    assert frame["duration"].tolist() == [pd.NA, 7]
    assert frame["latency"].tolist() == [7, pd.NA]
    assert frame["start"].tolist() == [10, 10]


def test_refs_resolve_at_any_depth_and_thread_derives_tid_and_pid(tmp_path: Path) -> None:
    cols = [("time", "sample-time"), ("thread", "thread"), ("process", "process"), ("tid", "tid")]
    rows = (
        "<row>" + el("sample-time", "100", "t", 1) + el("thread", fmt="T", ident=2, children=(
            el("tid", "9", "0x9", 7) + ref("process", 5))) if False else ""
    )
    rows = (
        "<row>" + el("sample-time", "100", "t", 1) + THREAD + ref("process", 5) + ref("tid", 4) + "</row>"
        # a later row refers to ids nested inside the first row's thread
        + "<row>" + el("sample-time", "200", "t", 7) + ref("thread", 3) + ref("process", 5) + ref("tid", 4) + "</row>"
    )
    frame = _read(tmp_path, schema("s", cols) + rows)
    assert frame["thread"].tolist() == ["Main Thread 0x1f (App, pid: 42)"] * 2
    assert frame["thread_tid"].tolist() == [31, 31]
    assert frame["thread_pid"].tolist() == [42, 42]
    assert frame["process"].tolist() == ["App (42)"] * 2
    assert frame["process_pid"].tolist() == [42, 42]
    assert frame["tid"].tolist() == [31, 31]
    assert str(frame["time"].dtype) == "Int64"
    assert str(frame["thread"].dtype) == "string"


def test_uint64_max_fits_and_time_max_is_na(tmp_path: Path) -> None:
    cols = [("start", "start-time"), ("id", "uint64"), ("n", "uint32"), ("size", "size-in-bytes")]
    big, u32 = str(2**64 - 1), str(2**32 - 1)
    rows = "<row>" + el("start-time", big, "max", 1) + el("uint64", big, "18,4…", 2) + el("uint32", u32, "x", 3) + el("size-in-bytes", "5", "5 B", 4) + "</row>"
    frame = _read(tmp_path, schema("s", cols) + rows)
    assert frame["id"].tolist() == [2**64 - 1]
    assert str(frame["id"].dtype) == "UInt64"
    assert frame["n"].tolist() == [2**32 - 1]
    assert frame["start"].isna().tolist() == [True]
    assert str(frame["start"].dtype) == "Int64"


def test_numbers_never_come_from_fmt(tmp_path: Path) -> None:
    cols = [("count", "uint64"), ("weight", "weight")]
    rows = "<row>" + el("uint64", "1206362555", "1.206.362.555", 1) + el("weight", "1000000", "1,00 ms", 2) + "</row>"
    frame = _read(tmp_path, schema("s", cols) + rows)
    assert frame["count"].tolist() == [1206362555]
    assert frame["weight"].tolist() == [1000000]


def test_booleans_percents_and_any(tmp_path: Path) -> None:
    cols = [("b", "boolean"), ("c", "boolean"), ("cpu", "system-cpu-percent"), ("w", "any")]
    rows = (
        "<row>" + el("boolean", "0", "No", 1) + el("boolean", "3", "Yes", 2) + el("system-cpu-percent", "12.5", "12.5%", 3) + el("pmc-event", "1000", "1 k", 4) + "</row>"
        + "<row>" + ref("boolean", 2) + "<sentinel/>" + "<sentinel/>" + ref("pmc-event", 4) + "</row>"
    )
    frame = _read(tmp_path, schema("s", cols) + rows)
    assert frame["b"].tolist() == [False, True]
    assert str(frame["b"].dtype) == "boolean"
    assert frame["c"].tolist() == [True, pd.NA]
    assert frame["cpu"].tolist() == [12.5, pd.NA]
    assert str(frame["cpu"].dtype) == "Float64"
    assert frame["w"].tolist() == [1000, 1000]


def test_backtrace_shapes_top_frame(tmp_path: Path) -> None:
    cols = [("stack", "tagged-backtrace"), ("old", "backtrace")]
    tagged = el("tagged-backtrace", fmt="f1 ← (1 other frames)", ident=1, children=(
        el("backtrace", ident=2, children=(
            '<frame id="3" name="f1" addr="0x1"><binary id="4" name="lib"/></frame>'
            '<frame id="5" name="f2" addr="0x2"><binary ref="4"/></frame>'))
        + el("uint64", "0", "0", 6)))
    xcode14 = el("backtrace", ident=7, children=ref("frame", 5) + ref("frame", 3))
    rows = "<row>" + tagged + xcode14 + "</row>" + "<row>" + ref("tagged-backtrace", 1) + "<sentinel/></row>"
    frame = _read(tmp_path, schema("s", cols) + rows)
    assert frame["stack"].tolist() == ["f1 ← (1 other frames)"] * 2
    assert frame["stack_top_frame"].tolist() == ["f1", "f1"]
    assert frame["old"].tolist() == ["f2", pd.NA]  # no fmt: labelled by its top frame
    assert frame["old_top_frame"].tolist() == ["f2", pd.NA]


def test_xpath_run_and_table_index(tmp_path: Path) -> None:
    body = schema("s", [("a", "string")]) + "<row>" + el("string", "x", "x", 1) + "</row>"
    (table,) = read_tables(write(tmp_path / "t.xml", document(node(XP, body))))
    assert (table.run_number, table.table_index, table.schema.name) == (2, 7, "s")
    assert table.schema.columns[0].engineering_type == "string"


def test_several_nodes_share_the_id_cache(tmp_path: Path) -> None:
    first = node("//trace-toc[1]/run[1]/data[1]/table[1]", schema("a", [("s", "string")]) + "<row>" + el("string", "hello", "hello", 1) + "</row>")
    second = node("//trace-toc[1]/run[1]/data[1]/table[2]", schema("b", [("s", "string")]) + "<row>" + ref("string", 1) + "</row><row><sentinel/></row>")
    tables = read_tables(write(tmp_path / "t.xml", document(first, second)))
    assert [t.table_index for t in tables] == [1, 2]
    assert tables[1].frame["s"].tolist() == ["hello", pd.NA]
    assert tables[1].row_count == 2


def test_empty_table_has_typed_columns(tmp_path: Path) -> None:
    frame = _read(tmp_path, schema("s", [("start", "start-time"), ("thread", "thread")]))
    assert len(frame) == 0
    assert list(frame.columns) == ["start", "thread", "thread_tid", "thread_pid"]
    assert str(frame["start"].dtype) == "Int64"


def test_row_with_wrong_width_is_an_error(tmp_path: Path) -> None:
    body = schema("s", [("a", "string"), ("b", "string")]) + "<row>" + el("string", "x", "x", 1) + "</row>"
    with pytest.raises(TraceFormatError) as info:
        _read(tmp_path, body)
    assert info.value.message == "row has 1 cells, the schema has 2 columns"


def test_bad_number_falls_back_to_string_with_a_warning(tmp_path: Path) -> None:
    body = schema("s", [("n", "uint32")]) + "<row>" + el("uint32", "12x", "12x", 1) + "</row>"
    (table,) = read_tables(write(tmp_path / "t.xml", document(node(XP, body))))
    assert table.frame["n"].tolist() == ["12x"]
    assert table.warnings == ("column 'n' (uint32): value '12x' is not int; column kept as strings",)


def test_progress_reports_bytes_up_to_the_total(tmp_path: Path) -> None:
    rows = "".join("<row>" + el("string", f"v{i}", "v", i + 1) + "</row>\n" for i in range(20000))
    path = write(tmp_path / "t.xml", document(node(XP, schema("s", [("a", "string")]) + rows)))
    seen: list[tuple[int, int | None]] = []
    (table,) = read_tables(path, progress=lambda done, total: seen.append((done, total)))
    size = path.stat().st_size
    assert table.row_count == 20000
    assert seen and seen[-1] == (size, size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_toc_passed_to_read_tables_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "toc.xml", '<?xml version="1.0"?>\n<trace-toc><run number="1"/></trace-toc>\n')
    with pytest.raises(TraceFormatError) as info:
        read_tables(path)
    assert info.value.message == "this is a TOC (<trace-toc>), not a table export"


def test_missing_closing_tags_after_the_last_table_is_a_warning(tmp_path: Path) -> None:
    body = schema("s", [("a", "string")]) + "<row>" + el("string", "x", "x", 1) + "</row>"
    text = document(node(XP, body)).replace("</trace-query-result>\n", "")
    (table,) = read_tables(write(tmp_path / "t.xml", text))
    assert table.row_count == 1
    assert table.warnings == ("file is truncated at line 4 after its last table",)


def test_query_result_without_a_node_is_zero_tables(tmp_path: Path) -> None:
    # Byte for byte what `xctrace export --xpath` wrote for a table with nothing in it
    # (real: mattmireles__mamba-asr-mps__coreml_os_signpost_rows.xml).
    path = write(tmp_path / "t.xml", '<?xml version="1.0"?>\n<trace-query-result>\n</trace-query-result>\n')
    assert read_tables(path) == []


def test_query_result_cut_before_its_end_is_still_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "t.xml", '<?xml version="1.0"?>\n<trace-query-result>\n')
    with pytest.raises(TraceFormatError):
        read_tables(path)
