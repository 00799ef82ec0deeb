"""The hot loop's deferred backtrace ids (profiler.trace.rows, Resolver.settle) on SYNTHETIC exports.

A new backtrace is read from its fmt and first child; its nested ids are registered only when
the next id is not the next number, when a ref is not found, or when the batch ends. Each test
makes a later cell depend on one of those nested ids, so a missed registration fails the read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from profiler.errors import TraceFormatError
from profiler.trace import read_tables
from profiler.trace.rows import BATCH
from tests.trace.xmlgen import document, el, node, ref, schema, write

XP = "//trace-toc[1]/run[1]/data[1]/table[3]"
COLS = [("time", "sample-time"), ("stack", "backtrace")]


def _frame(ident: int, name: str, binary: str) -> str:
    return f'<frame id="{ident}" name="{name}" addr="0x1">{binary}</frame>'


def _stack(ident: int, fmt: str, inner: str) -> str:
    return f'<backtrace id="{ident}" fmt="{fmt}">{inner}</backtrace>'


def _read(tmp_path: Path, cols: list[tuple[str, str]], rows: str) -> tuple:
    (table,) = read_tables(write(tmp_path / "t.xml", document(node(XP, schema("s", cols) + rows))))
    return table.frame, table.warnings


# Row 1 defines frame 3 (binary 4) as the first child (read at once). Row 2's backtrace starts
# with a ref to it, so it is deferred: its nested frame 7 is registered later.
FIRST = (
    "<row>" + el("sample-time", "10", "t", 1)
    + _stack(2, "a", _frame(3, "a", '<binary id="4" name="lib"/>')) + "{extra1}</row>"
    + "<row>" + el("sample-time", "20", "t", 5)
    + _stack(6, "a ← b", ref("frame", 3) + _frame(7, "b", '<binary ref="4"/>')) + "{extra2}</row>"
)


def test_nested_ids_are_registered_when_the_next_id_skips_them(tmp_path: Path) -> None:
    rows = FIRST.format(extra1="", extra2="") + "<row>" + el("sample-time", "30", "t", 8) + _stack(
        9, "b ← a", ref("frame", 7) + ref("frame", 3)) + "</row>"
    frame, warnings = _read(tmp_path, COLS, rows)
    assert frame["stack"].tolist() == ["a", "a ← b", "b ← a"]
    assert frame["stack_top_frame"].tolist() == ["a", "a", "b"]
    assert warnings == ()


def test_a_ref_to_a_deferred_id_in_the_same_row_settles_it(tmp_path: Path) -> None:
    cols = [*COLS, ("top", "frame")]
    rows = FIRST.format(extra1=ref("frame", 3), extra2=ref("frame", 7))
    frame, _ = _read(tmp_path, cols, rows)
    assert frame["top"].tolist() == ["a", "b"]


def test_a_composite_referring_to_a_deferred_id_settles_it(tmp_path: Path) -> None:
    cols = [*COLS, ("note", "narrative")]
    note = el("narrative", fmt="calls b", ident=8, children=ref("frame", 7))
    rows = FIRST.format(extra1="<sentinel/>", extra2=note)
    frame, _ = _read(tmp_path, cols, rows)
    assert frame["note"].tolist()[1] == "calls b"


def test_a_new_thread_after_a_deferred_backtrace_keeps_ids_in_place(tmp_path: Path) -> None:
    # The thread's children (ids 9..11) are stored before the thread (8): store() must settle
    # the deferred backtrace (id 7) first, or 7 would be left as a gap and later refs fail.
    cols = [*COLS, ("thread", "thread")]
    thread = el("thread", fmt="T", ident=8, children=(
        el("tid", "9", "0x9", 9) + el("process", fmt="P", ident=10, children=el("pid", "4", "4", 11))
    ))
    rows = FIRST.format(extra1="<sentinel/>", extra2=thread) + (
        "<row>" + el("sample-time", "30", "t", 12) + _stack(13, "b", ref("frame", 7))
        + ref("thread", 8) + "</row>"
    )
    frame, _ = _read(tmp_path, cols, rows)
    assert frame["stack_top_frame"].tolist() == ["a", "a", "b"]
    assert frame["thread_tid"].tolist()[1:] == [9, 9]
    assert frame["thread_pid"].tolist()[1:] == [4, 4]


def test_nested_ids_stay_referable_across_batches(tmp_path: Path) -> None:
    rows = [FIRST.format(extra1="", extra2="")]
    ident = 8
    while len(rows) + 1 < BATCH * 2 - 1:  # FIRST is 2 rows; the deferred row ends batch 2
        rows.append("<row>" + el("sample-time", "1", "t", ident) + ref("backtrace", 2) + "</row>")
        ident += 1
    rows.append("<row>" + el("sample-time", "2", "t", ident)
                + _stack(ident + 1, "z", ref("frame", 7) + _frame(ident + 2, "z", ref("binary", 4)))
                + "</row>")
    z = ident + 2
    for i in range(3):  # the next batch refers to the nested frame
        rows.append("<row>" + el("sample-time", "3", "t", z + 1 + 2 * i)
                    + _stack(z + 2 + 2 * i, "y", ref("frame", z)) + "</row>")
    frame, _ = _read(tmp_path, COLS, "".join(rows))
    assert len(frame) == len(rows) + 1
    assert frame["stack_top_frame"].tolist()[-4:] == ["b", "z", "z", "z"]


def test_ids_numbered_children_first_still_read(tmp_path: Path) -> None:
    # Not how xctrace numbers (parents first), but valid: deferring stops at the first sign.
    rows = (
        "<row>" + el("sample-time", "10", "t", 1)
        + _stack(4, "a", _frame(3, "a", '<binary id="2" name="lib"/>')) + "</row>"
        + "<row>" + el("sample-time", "20", "t", 5)
        + _stack(7, "a ← b", ref("frame", 3) + _frame(6, "b", ref("binary", 2))) + "</row>"
        + "<row>" + el("sample-time", "30", "t", 8) + _stack(9, "b", ref("frame", 6)) + "</row>"
    )
    frame, _ = _read(tmp_path, COLS, rows)
    assert frame["stack_top_frame"].tolist() == ["a", "a", "b"]


@pytest.mark.parametrize("target", [99, 10])
def test_a_top_frame_ref_to_an_unknown_or_later_id_is_an_error(tmp_path: Path, target: int) -> None:
    rows = FIRST.format(extra1="", extra2="") + (
        "<row>" + el("sample-time", "20", "t", 8) + _stack(9, "x", ref("frame", target))
        + "</row><row>" + el("sample-time", "30", "t", 10) + ref("backtrace", 9) + "</row>"
    )
    with pytest.raises(TraceFormatError, match=f"ref '{target}' on <frame>"):
        _read(tmp_path, COLS, rows)


def test_mostly_unique_labels_past_the_shared_limit_read_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past LABELS distinct labels, new ones are kept as bytes; past ARROW_LABELS distinct
    # labels, mostly unique, a backtrace column is packed into Arrow storage.
    body = "<row>" + el("sample-time", "0", "t", 1) + _stack(
        2, "f", _frame(3, "f", '<binary id="4" name="lib"/>')) + "</row>"
    body += "".join(
        "<row>" + el("sample-time", str(i), "t", 5 + 2 * i)
        + (_stack(6 + 2 * i, f"f{i} ← x", ref("frame", 3)) if i % 5 else "<sentinel/>")
        + "</row>"
        for i in range(40)
    )
    shared, _ = _read(tmp_path, COLS, body)
    monkeypatch.setattr("profiler.trace.resolve.LABELS", 0)
    as_bytes, _ = _read(tmp_path, COLS, body)
    assert as_bytes["stack"].array.dtype.storage == "python"  # the storage rule is the data's
    monkeypatch.setattr("profiler.trace.columns.ARROW_LABELS", 20)
    packed, _ = _read(tmp_path, COLS, body)
    assert packed["stack"].array.dtype.storage == "pyarrow"  # the packed path was taken
    assert packed["stack"].tolist() == shared["stack"].tolist()
    assert packed["stack_top_frame"].tolist() == shared["stack_top_frame"].tolist()
    assert str(packed["stack"].dtype) == str(shared["stack"].dtype) == "string"
    assert packed["stack"].isna().sum() == 8
    assert as_bytes["stack"].tolist() == shared["stack"].tolist()


def test_integer_buffers_keep_na_and_fall_back_as_documented(tmp_path: Path) -> None:
    cols = [("size", "size-in-bytes"), ("count", "event-count"), ("t", "start-time")]
    rows = (
        "<row>" + el("size-in-bytes", "5", "5 B", 1) + "<sentinel/>" + el("start-time", "7", "t", 2)
        + "</row><row>" + el("size-in-bytes", "-3", "-3 B", 3) + el("event-count", "4", "4", 4)
        + "<sentinel/></row>"
    )
    frame, warnings = _read(tmp_path, cols, rows)
    assert str(frame["size"].dtype) == "Int64"  # an unsigned type with a negative value
    assert frame["size"].tolist() == [5, -3]
    assert warnings == ("column 'size' (size-in-bytes): negative values, stored as Int64",)
    assert frame["count"].tolist()[1] == 4 and frame["count"].isna().tolist() == [True, False]
    assert frame["t"].isna().tolist() == [False, True]
