"""Was a launch killed by jetsam? A JetsamEvent report (under ``crashes/`` or beside the
exports) that names the app, or the TOC target's termination reason saying it was killed for
memory (Xcode's "Terminated due to memory issue": the exact TOC text is a guess).

A report gives the killed process's resident size (its footprint at the kill) and, for the
``per-process-limit`` reason, the limit itself; the TOC gives neither, so the footprint is the
launch's sampled peak and the limit is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from profiler.analysis.context import Context
from profiler.analysis.launches import Span
from profiler.analysis.values import Jetsam
from profiler.errors import InputError

_KILLED_FOR_MEMORY = re.compile(r"memory|jetsam|per-process-limit", re.I)


def find(ctx: Context, spans: Sequence[Span],
         peaks: Mapping[int, int | None]) -> dict[int, Jetsam]:
    """Jetsam evidence by launch number (the killed launch, else the last one)."""
    from profiler.analysis.diagnostics.ips import read_jetsam, report_time_s, same_process

    run = ctx.recording.toc_run
    start = run.summary.start_date if run is not None else None
    by_pid = {s.pid: s.number for s in spans if s.pid is not None}
    out: dict[int, Jetsam] = {}
    for path in ctx.recording.crash_reports:
        try:
            jet = read_jetsam(path, process=ctx.app_name, inside=ctx.recording.folder)
        except InputError:
            continue  # an unreadable report is a finding of the diagnostics
        if jet is None or not jet.killed_process:
            continue
        ours = same_process(jet.killed_process, ctx.app_name) if ctx.app_name \
            else jet.killed_pid in by_pid
        if not ours:
            continue
        number = by_pid.get(jet.killed_pid, spans[-1].number) if jet.killed_pid is not None \
            else spans[-1].number
        text = (f"{Path(path).name}: {jet.killed_process} (pid {jet.killed_pid}) killed, "
                f"reason {jet.reason}")
        out[number] = Jetsam("ips", jet.killed_footprint_bytes, jet.limit_bytes,
                             report_time_s(jet, start), text)
    target = run.target if run is not None else None
    reason = target.termination_reason if target is not None else None
    if reason and _KILLED_FOR_MEMORY.search(reason):
        number = by_pid.get(target.pid, spans[-1].number) \
            if target is not None and target.pid is not None else spans[-1].number
        if number not in out:
            out[number] = Jetsam("toc", peaks.get(number), None, None,
                                 f"the TOC's termination reason: {reason}")
    return out
