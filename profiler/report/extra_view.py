"""Report views of what is not Core ML: the Foundation Models section, and the tables the
catalog does not analyse (named, never silently ignored)."""

from __future__ import annotations

from profiler.analysis.result import Analysis
from profiler.report import fmt
from profiler.report.view import Table


def foundation_models(analysis: Analysis) -> Table | None:
    """One row per Foundation Models transition (recording, asset, transition, kind, start,
    duration), or None when no recording has any."""
    rows = []
    for rec in analysis.summary.recordings:
        fm = rec.foundation_models
        for t in fm.transitions if fm else ():
            arrow = f"{t.from_state} → {t.to_state}" if t.from_state else t.to_state
            rows.append((rec.name, t.asset, arrow, t.kind, fmt.clock(t.start_s),
                         fmt.seconds(t.duration_s)))
    if not rows:
        return None
    return Table(("Recording", "Asset", "Transition", "Kind", "Start", "Duration"), tuple(rows))


def foundation_models_tally(analysis: Analysis) -> str:
    """``10 loads (2.09 s in all), 10 unloads`` over every recording."""
    fms = [r.foundation_models for r in analysis.summary.recordings if r.foundation_models]
    loads, unloads = sum(f.loads for f in fms), sum(f.unloads for f in fms)
    total = sum(f.load_s for f in fms)
    return (f"{loads} load{'s' * (loads != 1)} ({fmt.seconds(total)} in all), "
            f"{unloads} unload{'s' * (unloads != 1)}; Apple's system models, not the app's Core "
            "ML models: not in the headline")


def not_analysed(analysis: Analysis) -> str | None:
    """``time-profile (105 rows), hitches (7 rows)``: tables in the input the catalog does not
    analyse, or None when every table was one it reads."""
    items = analysis.not_analysed
    return ", ".join(f"{name} ({rows} rows)" for name, rows in items) if items else None
