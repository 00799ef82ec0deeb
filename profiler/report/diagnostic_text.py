"""Where and when a diagnostic happened, in words: each time on its own recording's clock."""

from __future__ import annotations

from profiler.analysis.diagnostics.grouping import Entry, Place
from profiler.report import fmt


def when(entry: Entry) -> str:
    """Where and when a diagnostic happened, each time on its own recording's clock.

    ``run-1 at t = 7.0 s``, ``run-2 · launch 2: 3× between t = 1.0 s and t = 9.5 s``; several
    places are joined with ``; `` after the total (``2×: run-1 at …; run-2 at …``). One event is
    one time, however long it lasted (the evidence says how long).
    """
    parts = [_place(p) for p in entry.places]
    text = "; ".join(parts)
    return f"{entry.count}×: {text}" if len(parts) > 1 else text


def evidence_when(entry: Entry) -> str | None:
    """``run-2 at t = 7.0 s``: the recording and time of the evidence shown, when it has one."""
    ev = entry.evidence
    if ev is None or ev.time_s is None:
        return None
    where = entry.first.recording or "a log without trace times"
    if entry.first.launch is not None:
        where += f" · launch {entry.first.launch}"
    return f"{where} at {fmt.clock(ev.time_s)}"


def _place(p: Place) -> str:
    # no recording: a --log file (no trace clock), or a summary older than the field
    where = p.recording or ("recording unknown" if p.first_s is not None
                            else "a log without trace times")
    if p.launch is not None:
        where += f" · launch {p.launch}"
    if p.first_s is None:
        return f"{where}: {p.count}×" if p.count > 1 else where
    if p.count == 1 or p.last_s is None or p.last_s == p.first_s:
        times = f"{p.count}× " if p.count > 1 else ""
        return f"{where} {times}at {fmt.clock(p.first_s)}".replace("  ", " ")
    return f"{where}: {p.count}× between {fmt.clock(p.first_s)} and {fmt.clock(p.last_s)}"
