"""Issue 12's reader items: hostile values and file kinds give one ProfilerError with a hint, or
read with a warning; memory follows the ids defined, never their values (SYNTHETIC inputs)."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from profiler.errors import InputError
from profiler.trace import read_tables, read_toc, sniff
from tests.trace.xmlgen import document, el, node, ref, schema, write

HOSTILE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"
SAMPLE_TOC = Path(__file__).resolve().parents[2] / "traces/sample-sd15-iphone13promax/run-1/toc.xml"
COLS = [("start", "start-time"), ("duration", "duration")]


def _peak_mb(func: object) -> float:
    """Peak Python-traced allocation of one call, in MB (pandas is imported beforehand)."""
    import pandas  # noqa: F401  (its import is not what is measured)

    tracemalloc.start()
    try:
        func()  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("reader", ["shipped", "python"])
def test_huge_ids_resolve_and_memory_follows_the_ids_defined(
    reader: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if reader == "python":
        monkeypatch.setenv("PROFILER_READER", "python")
    path = HOSTILE / "huge-id.xml"
    peak = _peak_mb(lambda: read_tables(path))
    (table,) = read_tables(path)
    assert table.frame["duration"].tolist() == [300_000_000, 300_000_000]  # ref to id 10^9
    assert table.frame["thread_tid"].tolist() == [1, 1]  # ref to id 2*10^9, nested ids below it
    assert peak < 50, f"{peak:.0f} MB for a 1 KB file"  # a dense id list would need 16 GB


def test_many_far_apart_ids_stay_small(tmp_path: Path) -> None:
    # Each id 10^6 beyond the last: a list indexed by id would hold 10^9 slots.
    rows = "".join(
        "<row>" + el("start-time", str(i), "t", (i + 1) * 1_000_000) + "<sentinel/></row>"
        for i in range(1000)
    )
    rows += "<row>" + ref("start-time", 500_000_000) + "<sentinel/></row>"
    path = write(tmp_path / "sparse.xml", document(node("x", schema("s", COLS) + rows)))
    peak = _peak_mb(lambda: read_tables(path))
    (table,) = read_tables(path)
    assert table.frame["start"].tolist()[-2:] == [999, 499]
    assert peak < 50


def test_out_of_range_times_are_na_so_start_plus_duration_cannot_overflow() -> None:
    (table,) = read_tables(HOSTILE / "time-int64-max.xml")
    frame = table.frame
    assert frame["start"].isna().tolist() == [True, False]
    assert frame["duration"].isna().tolist() == [True, False]
    end = frame["start"] + frame["duration"]  # the analysis' first use of a time column
    assert end.tolist()[1] == 2_000_000_005 and end.isna().tolist()[0]


def test_absurd_xpath_indices_are_unknown_not_a_crash() -> None:
    (table,) = read_tables(HOSTILE / "long-xpath-index.xml")
    assert (table.run_number, table.table_index) == (None, None)
    assert table.frame["start"].tolist() == [1_000_000_000]


def test_toc_out_of_range_numbers_read_as_unknown() -> None:
    for name in ("toc-duration-nan.xml", "toc-duration-1e300.xml"):
        run = read_toc(HOSTILE / name).runs[0]
        assert run.summary.duration_s is None, name
        assert run.target is not None and run.target.pid == 1234
    run = read_toc(HOSTILE / "toc-pid-over-64-bits.xml").runs[0]
    assert run.target is not None and run.target.pid is None
    assert read_toc(SAMPLE_TOC).warnings == ()  # a plain TOC has nothing to say


@pytest.mark.timeout(10)
@pytest.mark.parametrize("reader", [read_tables, read_toc, sniff])
def test_a_fifo_is_refused_at_once(tmp_path: Path, reader: object) -> None:
    fifo = tmp_path / "export.xml"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as info:
        reader(fifo)  # type: ignore[operator]
    assert info.value.message == "not a regular file"
    assert "FIFO" in (info.value.hint or "")


@pytest.mark.timeout(10)
def test_a_fifo_swapped_in_after_the_check_does_not_hang(tmp_path: Path) -> None:
    from profiler.trace.source import open_regular

    fifo = tmp_path / "export.xml"
    os.mkfifo(fifo)  # open_regular never blocks on it, even with no writer
    with pytest.raises(InputError, match="not a regular file"):
        open_regular(fifo)


def test_broken_and_looping_symlinks_say_so(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.symlink_to(tmp_path / "gone.xml")
    loop = tmp_path / "loop.xml"
    loop.symlink_to(loop)
    for path, message, hint in ((broken, "broken symbolic link", "gone.xml"), (loop, "symbolic link loop", "itself")):
        for reader in (read_tables, read_toc, sniff):
            with pytest.raises(InputError) as info:
                reader(path)
            assert info.value.message == message
            assert hint in (info.value.hint or "")
            assert int(info.value.exit_code) == 4


def test_an_unreadable_file_gives_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "t.xml", document(node("x", schema("s", COLS))))

    def denied(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, which chmod cannot lock out: refuse the open itself.
    monkeypatch.setattr("profiler.trace.source.os.open", denied)
    for reader in (read_tables, read_toc, sniff):
        with pytest.raises(InputError) as info:
            reader(path)
        assert info.value.message == "cannot read: Permission denied"
        assert "permissions" in (info.value.hint or "")


def test_a_toc_is_read_only_up_to_its_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("profiler.trace.toc.TOC_CAP", 1024)
    with pytest.raises(InputError) as info:
        read_toc(SAMPLE_TOC)  # 2.3 KB
    assert info.value.message.startswith("too large for a TOC")
    assert info.value.hint


def test_a_missing_file_has_a_hint(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_tables(tmp_path / "nope.xml")
    assert info.value.message == "no such file" and info.value.hint


def test_the_encoding_check_follows_the_bytes_not_the_label(tmp_path: Path) -> None:
    body = node("x", schema("s", COLS) + "<row>" + el("start-time", "1", "t", 1) + "<sentinel/></row>")
    text = document(body)
    for label in ("UTF-8", "utf8"):  # accepted: what the bytes are
        path = write(tmp_path / "ok.xml", text.replace('version="1.0"', f'version="1.0" encoding="{label}"'))
        assert read_tables(path)[0].row_count == 1
    for label in ("UTF-16", "ISO-8859-1", "EBCDIC-US"):  # UTF-8 bytes labelled otherwise
        path = write(tmp_path / "bad.xml", text.replace('version="1.0"', f'version="1.0" encoding="{label}"'))
        with pytest.raises(InputError, match="encoding .* refused"):
            read_tables(path)
