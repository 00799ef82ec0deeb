"""Grouping: de-duplication by code and normalised evidence, counts, first/last times, order."""

from __future__ import annotations

from profiler.analysis.diagnostics import group, normalise, scan_lines
from profiler.analysis.summary import Diagnostic, Evidence, Severity


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
