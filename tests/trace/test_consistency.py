"""A folder without toc.xml is refused when its exports cannot come from one recording
(profiler.trace.consistency), on hand-built tables."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from profiler.errors import ExitCode, MixedExportsError
from profiler.trace.consistency import check_one_recording
from tests.analysis.tables_for_tests import table

_TIMED = [("start", "start-time"), ("duration", "duration")]


def _export(path: str, schema: str, starts_s: list[float], *, run: int = 1, index: int = 1,
            duration_s: float = 0.5):
    t = table(schema, _TIMED, {"start": [int(s * 1e9) for s in starts_s],
                               "duration": [int(duration_s * 1e9)] * len(starts_s)})
    return replace(t, path=path, run_number=run, table_index=index)


def test_exports_of_one_recording_pass_even_when_two_only_meet_through_a_third() -> None:
    loads = _export("coreml.xml", "coreml-os-signpost", [0.0, 1.0, 5.0, 9.0], index=3)
    ane = _export("ane.xml", "ane-hw-intervals", [4.0, 8.0], index=4)  # after the loads
    thermal = _export("thermal.xml", "device-thermal-state-intervals", [0.0], index=5,
                      duration_s=10)
    check_one_recording(Path("f"), [loads, ane, thermal])
    check_one_recording(Path("f"), [_export("a.xml", "hitches", [1.0]),
                                    _export("b.xml", "hitches", [50.0])][:1])  # one file


def test_different_run_numbers_are_refused_with_exit_code_10() -> None:
    with pytest.raises(MixedExportsError) as raised:
        check_one_recording(Path("f"), [_export("a.xml", "hitches", [1.0], run=1),
                                        _export("b.xml", "os-log", [1.0], run=2, index=2)])
    assert raised.value.exit_code == ExitCode.MIXED_EXPORTS == 10
    assert raised.value.message == ("the exports cannot come from one recording: a.xml holds "
                                    "run 1, b.xml run 2")


def test_one_table_index_with_two_schemas_is_refused() -> None:
    with pytest.raises(MixedExportsError) as raised:
        check_one_recording(Path("f"), [_export("a.xml", "hitches", [1.0], index=17),
                                        _export("b.xml", "os-log", [1.0], index=17)])
    assert raised.value.message == ("the exports cannot come from one recording: a.xml and "
                                    "b.xml both claim table[17] of run 1, as hitches and os-log")


def test_the_same_table_under_two_spellings_is_not_a_conflict() -> None:
    check_one_recording(Path("f"), [
        _export("a.xml", "os-signpost-interval", [1.0], index=9),
        _export("b.xml", "OSSignpostIntervals", [1.0], index=9)])


def test_time_ranges_that_do_not_overlap_are_refused() -> None:
    with pytest.raises(MixedExportsError) as raised:
        check_one_recording(Path("f"), [_export("late.xml", "hitches", [24.0, 30.0], index=1),
                                        _export("early.xml", "os-log", [4.0, 4.2], index=2)])
    assert raised.value.message == (
        "the exports cannot come from one recording: their time ranges do not overlap "
        "(early.xml ends at 4.700 s, late.xml starts at 24.000 s)")
    assert "toc.xml" in (raised.value.hint or "")


def test_files_without_timed_rows_take_no_part_in_the_time_check() -> None:
    empty = replace(_export("empty.xml", "coreml-os-signpost", [], index=43), row_count=0)
    check_one_recording(Path("f"), [empty, _export("a.xml", "hitches", [99.0], index=17)])
