"""Findings about launches and loads (issue 14): a cached load as long as a compile, a model
compiled on every launch, an image cut short, a jetsam kill the TOC records, an app the
evidence does not identify."""

from __future__ import annotations

from profiler.analysis.aggregate import launches
from profiler.analysis.diagnostics.finding import make
from profiler.analysis.diagnostics.signatures import signatures
from profiler.analysis.load_kinds import ABSOLUTE_UNCACHED_S, contradicts
from profiler.analysis.summary import Diagnostic, Evidence, LoadKind, Recording, Summary
from profiler.units import format_bytes


def launch_findings(summary: Summary, rec: Recording) -> list[Diagnostic]:
    return [*_contradictions(rec), *_never_cached(summary, rec), *_cut_short(rec),
            *_toc_jetsam(rec), *_not_identified(rec)]


def _contradictions(rec: Recording) -> list[Diagnostic]:
    return [make("cached-load-contradiction", rec,
                 f"{ld.model}: the event text says cached, but the load took "
                 f"{ld.duration_s:.1f} s (over {ABSOLUTE_UNCACHED_S:g} s) ({ld.source})",
                 ld.start_s)
            for ld in rec.loads if contradicts(ld.kind, ld.kind_from, ld.duration_s)]


def _never_cached(summary: Summary, rec: Recording) -> list[Diagnostic]:
    """Models of ``rec`` loaded in two or more launches of the run, uncached every time."""
    seen: dict[str, list[tuple[int, LoadKind]]] = {}
    for number, la in enumerate(launches(summary.recordings)):
        for ld in la.loads:
            seen.setdefault(ld.model, []).append((number, ld.kind))
    out = []
    for model in dict.fromkeys(ld.model for ld in rec.loads):
        loads = seen.get(model, [])
        if len({n for n, _ in loads}) >= 2 and all(k == LoadKind.UNCACHED for _, k in loads):
            mine = [ld for ld in rec.loads if ld.model == model]
            out.append(make("never-cached-mlpackage", rec,
                            f"{model}: uncached in all {len({n for n, _ in loads})} launches "
                            f"({len(loads)} loads, longest {max(ld.duration_s for ld in mine):.1f} s "
                            "here)", mine[0].start_s))
    return out


def _cut_short(rec: Recording) -> list[Diagnostic]:
    out = []
    for la in rec.launches:
        for g in la.generations:
            if not g.cut_short:
                continue
            planned = f" of {g.planned_steps} planned" if g.planned_steps else ""
            killed = " (the launch was killed by jetsam)" if la.jetsam else ""
            out.append(make("steps-cut-short", rec,
                            f"launch {la.number} (pid {la.pid}), image {g.number}: "
                            f"{g.steps.count} steps{planned}{killed}", g.denoise_start_s))
    return out


def _toc_jetsam(rec: Recording) -> list[Diagnostic]:
    """A kill the TOC records (a JetsamEvent report gives its own diagnostic)."""
    sig = next(s for s in signatures() if s.code == "jetsam-memory-limit")
    out = []
    for la in rec.launches:
        jet = la.jetsam
        if jet is None or jet.source != "toc":
            continue
        footprint = format_bytes(jet.footprint_bytes) if jet.footprint_bytes else "unknown"
        text = (f"{jet.evidence}; launch {la.number} (pid {la.pid}); footprint {footprint} "
                "(the sampled peak); limit unknown (no JetsamEvent report)")
        out.append(Diagnostic(code=sig.code, severity=sig.severity, message=sig.message,
                              evidence=Evidence(text, f"{rec.name}: TOC", la.end_s),
                              source=rec.name, link=sig.link, advice=sig.advice,
                              first_s=la.end_s, last_s=la.end_s, recording=rec.name,
                              launch=la.number if len(rec.launches) > 1 else None))
    return out


def _not_identified(rec: Recording) -> list[Diagnostic]:
    app = rec.app
    # only when processes were sampled: then their figures are the ones withheld
    if app is None or app.how is not None or not rec.other_processes:
        return []
    names = ", ".join(f"{c.name} (pid {c.pid})" for c in app.candidates) or "none found"
    return [make("app-not-identified", rec, f"candidates: {names}", None)]
