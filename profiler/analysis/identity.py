"""Which process is the app: never simply the one with the largest footprint.

Evidence, in order (the first that decides wins; docs/analysis.md, "Which process is the app"):

1. the TOC's target process (launched or attached);
2. ``run.json``'s app name, matched in the TOC's processes (or the sampled ones);
3. the process that issued the Core ML loads and predictions, when the Core ML table has a
   process column (the real Xcode 16.4 layout has none);
4. the process of the app's own signposts (category ``profiler``) during the Core ML activity;
5. the process of Core ML's ``com.apple.coreml`` os_signpost events.

System daemons (``aned``, ``ANECompilerService``, ``ANEServices``, anything under ``/System``
or ``/usr``…) are never the app. Several other processes in the same evidence do not decide:
the app is then undecided and the candidates (the TOC's app-bundle processes that were
sampled, or the processes of the evidence) are named instead of picking one. Every pid the
TOC lists under the app's name is one of its launches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from profiler.analysis.values import AppEvidence, AppIdentity, ProcessRef

if TYPE_CHECKING:
    import pandas as pd

    from profiler.analysis.context import Context
    from profiler.trace.model import LoadedRun

#: Processes that run Core ML or the Neural Engine for others, or the OS itself.
NEVER_THE_APP = frozenset({
    "aned", "ANECompilerService", "ANEServices", "kernel_task", "launchd", "SpringBoard",
    "backboardd", "mediaserverd", "photoanalysisd", "mediaanalysisd", "WindowServer",
})
_SYSTEM_PATHS = ("/System/", "/usr/", "/sbin/", "/bin/", "/Library/Apple/", "/private/var/db/")
_APP_PATHS = ("/Bundle/Application/", ".app/")
HOW_TEXT = {
    AppEvidence.TOC_TARGET: "the TOC target",
    AppEvidence.RUN_JSON: "run.json's app name",
    AppEvidence.COREML_PROCESS: "the process of the Core ML events",
    AppEvidence.APP_SIGNPOSTS: "the process of the app's signposts",
    AppEvidence.COREML_SIGNPOSTS: "the process of Core ML's os_signpost events",
}


@dataclass(frozen=True)
class Evidence:
    """Who did what in a recording: (pid, process name[, start_ns]) frames, None when absent."""

    coreml: pd.DataFrame | None = None  # the Core ML rows' processes (a process column only)
    coreml_span: tuple[int, int] | None = None  # first start, last end of the Core ML rows
    signposts: pd.DataFrame | None = None  # category-profiler intervals: pid, name, start_ns
    coreml_signposts: pd.DataFrame | None = None  # com.apple.coreml os_signpost rows
    sampled: pd.DataFrame | None = None  # Activity Monitor / sysmon: pid, name


def is_system(name: str | None, path: str | None = None) -> bool:
    """True for a daemon or the OS (never the app)."""
    if name in NEVER_THE_APP:
        return True
    return bool(path) and (path == "Unknown" or str(path).startswith(_SYSTEM_PATHS))


def identify(ctx: Context, loaded: LoadedRun, seen: Evidence) -> AppIdentity:
    """The app of ``ctx``'s recording; also sets ``ctx.app``, ``app_name``, ``app_pids``."""
    found = _decide(ctx, loaded, seen)
    ctx.app = found
    ctx.app_name, ctx.app_pids = found.name, found.pids
    ctx.app_how = HOW_TEXT[found.how] if found.how else None
    return found


def _decide(ctx: Context, loaded: LoadedRun, seen: Evidence) -> AppIdentity:
    run = ctx.recording.toc_run
    toc = [(p.name, p.pid, p.path) for p in run.processes] if run is not None else []
    paths = {pid: path for _, pid, path in toc if pid is not None}
    target = run.target if run is not None else None
    if target is not None and (target.name or target.pid is not None):
        first = (target.pid,) if target.pid is not None else ()
        name = target.name or next((n for n, pid, _ in toc if pid == target.pid), None)
        return AppIdentity(name, _with_name(first, name, toc, seen), AppEvidence.TOC_TARGET)
    name = loaded.run.app.name if loaded.run is not None else None
    if name:
        return AppIdentity(name, _with_name((), name, toc, seen), AppEvidence.RUN_JSON)
    coreml_span = seen.coreml_span
    signposts = seen.signposts
    if signposts is not None and coreml_span is not None:
        start = signposts["start_ns"]
        signposts = signposts[(start >= coreml_span[0]) & (start < coreml_span[1])]
    for how, rows in ((AppEvidence.COREML_PROCESS, seen.coreml),
                      (AppEvidence.APP_SIGNPOSTS, signposts),
                      (AppEvidence.COREML_SIGNPOSTS, seen.coreml_signposts)):
        procs = _apps(rows, paths)
        names = sorted({n for n, _ in procs})
        if len(names) == 1:
            pids = tuple(p for n, p in procs if n == names[0])
            return AppIdentity(names[0], _with_name(pids, names[0], toc, seen), how)
        if len(names) > 1:
            return AppIdentity(None, (), None, _refs(procs))
    return AppIdentity(None, (), None, _candidates(toc, seen.sampled))


def _apps(rows: pd.DataFrame | None, paths: dict[int, str | None]) -> list[tuple[str, int]]:
    """(name, pid) of the non-system processes in ``rows``, in order of first appearance."""
    if rows is None or not len(rows):
        return []
    pairs = rows[["name", "pid"]].dropna().drop_duplicates()
    return [(str(n), int(p)) for n, p in zip(pairs["name"], pairs["pid"], strict=True)
            if n and not is_system(str(n), paths.get(int(p)))]


def _with_name(first: tuple[int, ...], name: str | None, toc: list, seen: Evidence,
               ) -> tuple[int, ...]:
    """``first`` plus every other pid of a process with the app's name (its relaunches): in
    the TOC, else among the sampled processes."""
    if not name:
        return first
    others = [pid for n, pid, _ in toc if n == name and pid is not None]
    if not others and seen.sampled is not None and len(seen.sampled):
        rows = seen.sampled[seen.sampled["name"] == name]
        others = [int(p) for p in rows["pid"].dropna().unique()]
    return tuple(dict.fromkeys([*first, *others]))


def _candidates(toc: list, sampled: pd.DataFrame | None) -> tuple[ProcessRef, ...]:
    """The TOC's app-bundle processes that Activity Monitor sampled (all of them without
    samples), by pid."""
    live = set(sampled["pid"].dropna().astype(int)) if sampled is not None and len(sampled) \
        else None
    found = [(pid, name) for name, pid, path in toc
             if pid is not None and path and any(a in path for a in _APP_PATHS)
             and not is_system(name, path) and (live is None or pid in live)]
    return tuple(ProcessRef(name, pid) for pid, name in sorted(set(found)))


def _refs(procs: Iterable[tuple[str, int]]) -> tuple[ProcessRef, ...]:
    return tuple(ProcessRef(n, p) for p, n in sorted({(p, n) for n, p in procs}))
