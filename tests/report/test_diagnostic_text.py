"""Where and when a diagnostic happened: one time per event, each on its recording's clock."""

from __future__ import annotations

from profiler.analysis.diagnostics.grouping import Entry, Place
from profiler.analysis.summary import Diagnostic, Evidence, Severity
from profiler.report.diagnostic_text import evidence_when, when


def _entry(*places: Place) -> Entry:
    first = Diagnostic("x", Severity.WARNING, "m", Evidence("ev", "run-1: analysis", 7.0), "s",
                       None, None, recording="run-1")
    return Entry(first, places)


def test_one_event_is_one_time() -> None:
    assert when(_entry(Place("run-1", None, 1, 7.0, 7.0))) == "run-1 at t = 7.0 s"


def test_repeats_in_one_recording_span_its_clock() -> None:
    assert when(_entry(Place("run-1", 2, 3, 1.0, 9.5))) == (
        "run-1 · launch 2: 3× between t = 1.0 s and t = 9.5 s")


def test_two_recordings_are_listed_apart() -> None:
    assert when(_entry(Place("run-1", None, 1, 7.0, 7.0), Place("run-2", None, 1, 124.0, 124.0))) \
        == "2×: run-1 at t = 7.0 s; run-2 at t = 124.0 s"


def test_no_time_and_no_recording() -> None:
    assert when(_entry(Place("run-1", None, 1, None, None))) == "run-1"
    assert when(_entry(Place(None, None, 2, None, None))) == "a log without trace times: 2×"
    assert evidence_when(_entry(Place("run-1", None, 1, 7.0, 7.0))) == "run-1 at t = 7.0 s"
