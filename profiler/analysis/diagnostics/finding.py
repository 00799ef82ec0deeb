"""One metric-based finding (the fixed texts of ``findings`` in ``signatures.json``), and the
recording and launch a diagnostic's times belong to."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from profiler.analysis.diagnostics.signatures import findings
from profiler.analysis.summary import Diagnostic, Evidence, Recording


def launch_at(rec: Recording, time_s: float | None) -> int | None:
    """The number of ``rec``'s launch that ``time_s`` falls in, when ``rec`` holds several.

    None for a recording of one launch (the recording names it) or a time outside every launch.
    """
    if len(rec.launches) < 2 or time_s is None:
        return None
    for la in rec.launches:
        start = la.start_s if la.start_s is not None else float("-inf")
        end = la.end_s if la.end_s is not None else float("inf")
        if start <= time_s <= end:
            return la.number
    return None


def placed(diagnostics: Iterable[Diagnostic], rec: Recording | None, name: str) -> list[Diagnostic]:
    """``diagnostics`` found in recording ``name``, stamped with it and with their launch."""
    out = []
    for d in diagnostics:
        launch = d.launch if d.launch is not None else (
            launch_at(rec, d.first_s) if rec is not None else None)
        out.append(dataclasses.replace(d, recording=d.recording or name, launch=launch))
    return out


def make(code: str, rec: Recording, text: str, time_s: float | None, **kw: object) -> Diagnostic:
    """The metric finding ``code`` of ``rec`` with ``text`` as its evidence, at one time.

    A finding is one event however long it lasted (a load, a throttled span): its time is when it
    started; the evidence text carries the duration.
    """
    f = findings()[code]
    return Diagnostic(
        code=code,
        severity=kw.get("severity", f.severity),  # type: ignore[arg-type]
        message=f.message,
        evidence=Evidence(text=text, source=f"{rec.name}: analysis", time_s=time_s),
        source=f"{rec.name}: analysis",
        link=f.link,
        advice=f.advice,
        first_s=time_s,
        last_s=time_s,
        recording=rec.name,
        launch=launch_at(rec, time_s),
    )
