"""One metric-based finding (the fixed texts of ``findings`` in ``signatures.json``)."""

from __future__ import annotations

from profiler.analysis.diagnostics.signatures import findings
from profiler.analysis.summary import Diagnostic, Evidence, Recording


def make(code: str, rec: Recording, text: str, time_s: float | None, **kw: object) -> Diagnostic:
    """The metric finding ``code`` of ``rec`` with ``text`` as its evidence."""
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
        last_s=kw.get("last_s", time_s),  # type: ignore[arg-type]
    )
