"""Instant events of the Perfetto timeline: the diagnostics at their time, and what the
recording could not show (said loudly, on its own track, rather than left out)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from profiler.analysis import launches as L
from profiler.report.perfetto_lanes import MAX_ARG, cap
from profiler.report.perfetto_model import Process

if TYPE_CHECKING:
    from profiler.analysis.result import Analysis
    from profiler.analysis.series import RecordingSeries
    from profiler.analysis.summary import Recording

NS = 1_000_000_000
NOT_MEASURED = "Not measured"
#: (series frame, what it shows, the analysis's metric name for its reasons)
SHOWN = (("loads", "model loads", "loads"), ("steps", "steps", "steps"),
         ("predictions", "predictions", "predictions"), ("ane", "Neural Engine intervals", "ane"),
         ("gpu", "GPU intervals", "gpu"), ("memory", "app footprint", "memory"),
         ("cpu", "process CPU", "cpu"), ("thermal", "thermal state", "thermal"))


def _ns(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * NS)


def not_measured(series: RecordingSeries | None, rec: Recording, procs: list[Process],
                 spans: list[L.Span]) -> None:
    """One instant per launch for each kind of data the recording has none of, with why."""
    for key, what, metric in SHOWN:
        frame = series.frames.get(key) if series is not None else None
        if frame is not None and not frame.empty:
            continue
        reasons = [u.reason for u in rec.unavailable
                   if u.metric.split(".")[0].split(" ")[0] == metric]
        missing = [f"{u.metric}: {u.reason}" for u in (series.tables_missing if series else ())]
        args: dict[str, Any] = {"why": cap("; ".join(reasons) or "no rows in this recording",
                                           MAX_ARG)}
        if missing:
            args["tables missing"] = cap("; ".join(missing), MAX_ARG)
        for proc, span in zip(procs, spans, strict=True):
            marks = proc.marks(NOT_MEASURED)
            marks.times.append(span.start_ns or 0)
            marks.names.append(f"no {what}")
            marks.args.append(args)


def diagnostics(analysis: Analysis, rec: Recording, procs: list[Process],
                 spans: list[L.Span]) -> None:
    """Each diagnostic whose evidence names this recording and a time, at that time.

    The summary keeps one evidence per diagnostic group (its earliest); the group's count and
    first/last times go along as arguments. A diagnostic without a recording time (a ``--log``
    file, a crash report outside the recording) is put at the launch start, said so in its
    arguments.
    """
    for d in analysis.summary.diagnostics:
        where = d.evidence.source if d.evidence else d.source
        sources = [s.strip() for s in d.source.split(",")]
        mine = where.startswith(f"{rec.name}:") or where == rec.name
        if not mine and not any(s.startswith(f"{rec.name}:") or s == rec.name for s in sources):
            continue
        at = d.evidence.time_s if mine and d.evidence and d.evidence.time_s is not None else None
        t = _ns(at)
        who = int(L.by_time(spans, [t])[0]) - 1 if t is not None else 0
        args: dict[str, Any] = {
            "code": cap(d.code), "severity": str(d.severity), "message": cap(d.message, MAX_ARG),
            "count": d.count, "source": cap(d.source, MAX_ARG),
            "time": "from the evidence" if t is not None
            else "not known in this recording: placed at the launch start",
        }
        if d.evidence is not None:
            args["evidence"] = cap(d.evidence.text, MAX_ARG)
        marks = procs[who].marks("Diagnostics")
        marks.times.append(t if t is not None else spans[who].start_ns or 0)
        marks.names.append(cap(f"{d.severity}: {d.code}"))
        marks.args.append(args)
