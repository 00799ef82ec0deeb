"""Grouping: de-duplication by code and normalised evidence, counts, first/last times, order."""

from __future__ import annotations

import dataclasses

from profiler.analysis.diagnostics import group, normalise, scan_lines
from profiler.analysis.diagnostics.finding import launch_at, placed
from profiler.analysis.diagnostics.grouping import Place, by_severity
from profiler.analysis.summary import Diagnostic, Evidence, Launch, Recording, Severity


def diag(code: str, text: str, t: float | None, severity=Severity.ERROR, source="s") -> Diagnostic:  # type: ignore[no-untyped-def]
    return Diagnostic(
        code=code,
        severity=severity,
        message="m",
        evidence=Evidence(text, source, t),
        source=source,
        link=None,
        advice=None,
        first_s=t,
        last_s=t,
    )


def test_normalise_blanks_prefixes_numbers_and_addresses() -> None:
    a = "2023-09-12 10:11:12.345678+0100 SDDemo[1234:56789] Program load failure (0x20004) at 12"
    b = "2023-09-12 10:15:00.000001+0100 SDDemo[1234:777] Program load failure (0x20005) at 99"
    assert normalise(a) == normalise(b) == "program load failure (0x#) at #"


def test_group_counts_and_spans_times() -> None:
    lines = ["[coreml] Error computing NN outputs -1"] * 3 + ["std::bad_alloc"]
    found = scan_lines(lines, "console.log", times=[30.0, 10.0, 20.0, 5.0])
    grouped = group(found)
    assert [(d.code, d.count, d.first_s, d.last_s) for d in grouped] == [
        ("bad-alloc", 1, 5.0, 5.0),
        ("nn-output-error", 3, 10.0, 30.0),
    ]
    # the earliest occurrence stands as the evidence
    assert grouped[1].evidence.source == "console.log:2"  # type: ignore[union-attr]


def test_different_evidence_stays_apart_and_sources_are_listed() -> None:
    grouped = group(
        [
            diag("ane-compile-failed", "E5RT encountered an STL exception", 2.0, source="os-log"),
            diag("ane-compile-failed", "ANECCompile() FAILED (11)", 1.0, source="os-log"),
            diag("ane-compile-failed", "E5RT encountered an STL exception", None, source="console"),
        ]
    )
    assert [(d.evidence.text, d.count, d.source) for d in grouped] == [  # type: ignore[union-attr]
        ("ANECCompile() FAILED (11)", 1, "os-log"),
        ("E5RT encountered an STL exception", 2, "os-log, console"),
    ]
    assert (grouped[1].first_s, grouped[1].last_s) == (2.0, 2.0)


def test_order_is_severity_then_first_time_with_unknown_times_last() -> None:
    grouped = group(
        [
            diag("b", "x", None, Severity.INFO),
            diag("c", "y", 9.0, Severity.WARNING),
            diag("d", "z", None, Severity.ERROR),
            diag("e", "w", 3.0, Severity.ERROR),
            diag("f", "v", 1.0, Severity.WARNING),
        ]
    )
    assert [d.code for d in grouped] == ["e", "d", "f", "c", "b"]


def test_group_of_nothing() -> None:
    assert group([]) == ()


def test_the_same_line_in_two_recordings_stays_two_entries() -> None:
    """Times count from each recording's start: run-1's t = 3 s and run-2's t = 3 s are not one."""
    one = dataclasses.replace(diag("bad-alloc", "std::bad_alloc", 3.0), recording="run-1")
    two = dataclasses.replace(diag("bad-alloc", "std::bad_alloc", 8.0), recording="run-2")
    grouped = group([one, two, dataclasses.replace(one, first_s=5.0, last_s=5.0)])
    assert [(d.recording, d.count, d.first_s, d.last_s) for d in grouped] == [
        ("run-1", 2, 3.0, 5.0), ("run-2", 1, 8.0, 8.0)]


def test_report_entry_has_one_place_per_recording_and_launch() -> None:
    d = diag("bad-alloc", "std::bad_alloc", 3.0)
    entries = by_severity(group([
        dataclasses.replace(d, recording="run-10", first_s=1.0, last_s=1.0),
        dataclasses.replace(d, recording="run-2", launch=2, first_s=9.0, last_s=9.0),
        dataclasses.replace(d, recording="run-2", launch=2, first_s=12.0, last_s=12.0,
                            evidence=Evidence("std::bad_alloc again", "s", 12.0)),
    ]))[0].items
    (entry,) = entries
    assert entry.count == 3
    assert entry.places == (Place("run-2", 2, 2, 9.0, 12.0), Place("run-10", None, 1, 1.0, 1.0))


def test_launch_at_names_the_launch_only_when_a_recording_holds_several() -> None:
    two = Recording(name="run-1", launches=(Launch(1, 100, 0.0, 50.0), Launch(2, 101, 60.0, None)))
    assert [launch_at(two, t) for t in (10.0, 55.0, 70.0, None)] == [1, None, 2, None]
    one = Recording(name="run-1", launches=(Launch(1, 100, 0.0, 50.0),))
    assert launch_at(one, 10.0) is None
    (d,) = placed([diag("bad-alloc", "x", 70.0)], two, "run-1")
    assert (d.recording, d.launch) == ("run-1", 2)
