"""The rules of the version-2 ground truth (issue 14), as small pure functions.

Each rule is written down in tests/synthetic/README.md ("Ground truth, version 2"); where the
issue is silent the choice made there is the one implemented here.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

#: Load-kind thresholds (issue 14 §4).
ABSOLUTE_UNCACHED_S = 60.0
RELATIVE_FACTOR = 5.0
RELATIVE_MIN_S = 1.0
CACHED_FACTOR = 3.0
#: a non-cached load longer than this is `slow-uncached-load` (the analysis's SLOW_LOAD_S)
SLOW_LOAD_S = 60.0
#: codes whose presence the truth decides exactly (the others are not checked)
CHECKED_CODES = ("app-not-identified", "cached-load-contradiction", "jetsam-memory-limit",
                 "never-cached-mlpackage", "slow-uncached-load", "steps-cut-short")
APP_BUNDLES = "/var/containers/Bundle/Application/"
_SUFFIX = re.compile(r"-[0-9]+$")


def model_name(shown: str) -> str:
    return _SUFFIX.sub("", shown)


def kind_from_text(event: str) -> str | None:
    low = event.lower()
    if "prepare" in low or "compile" in low:
        return "uncached"
    if "cached" in low:
        return "cached"
    return None


def classify(loads: Sequence[dict[str, Any]]) -> None:
    """Set ``kind`` and ``kind_from`` on every load of the run (all recordings and launches):
    the text decides when it names the kind; else over 60 s is uncached; else, against the
    same model's fastest load of the run, at least 5x and at least 1 s is uncached and at most
    3x is cached; a model loaded once (or in between) is unknown."""
    fastest: dict[str, float] = {}
    count: dict[str, int] = {}
    for ld in loads:
        fastest[ld["model"]] = min(fastest.get(ld["model"], ld["duration_s"]), ld["duration_s"])
        count[ld["model"]] = count.get(ld["model"], 0) + 1
    for ld in loads:
        kind, source = kind_from_text(ld["event"]), "text"
        if kind is None and ld["duration_s"] > ABSOLUTE_UNCACHED_S:
            kind, source = "uncached", "absolute"
        if kind is None:
            low = fastest[ld["model"]]
            source = "relative"
            if count[ld["model"]] < 2:
                kind = "unknown"
            elif ld["duration_s"] >= RELATIVE_FACTOR * low and ld["duration_s"] >= RELATIVE_MIN_S:
                kind = "uncached"
            elif ld["duration_s"] <= CACHED_FACTOR * low:
                kind = "cached"
            else:
                kind = "unknown"
        ld["kind"], ld["kind_from"] = kind, source


def load_totals(loads: Iterable[dict[str, Any]]) -> dict[str, float | None]:
    loads = list(loads)
    return {k: (sum(ld["duration_s"] for ld in loads if ld["kind"] == k)
                if any(ld["kind"] == k for ld in loads) else None)
            for k in ("uncached", "cached", "unknown")}


def step_stats(groups: Sequence[Sequence[tuple[int, int]]], source: str) -> dict[str, Any] | None:
    """Statistics of the steps of one or more denoising loops (each a list of (start, end) ns).

    Step 1 of each loop is apart: median, p90 (numpy linear) and max cover the other steps
    (all steps when a loop has one). steps/s = steps / the loops' summed windows (the gaps
    between loops never count)."""
    groups = [g for g in groups if g]
    if not groups:
        return None
    durations = [(e - s) / 1e9 for g in groups for s, e in g]
    rest = [(e - s) / 1e9 for g in groups for s, e in g[1:]] or durations
    window = sum(g[-1][1] - g[0][0] for g in groups) / 1e9
    return {"count": len(durations), "first_s": (groups[0][0][1] - groups[0][0][0]) / 1e9,
            "median_s": statistics.median(rest), "p90_s": float(np.percentile(rest, 90)),
            "max_s": max(rest), "steps_per_s": len(durations) / window, "source": source,
            "durations_s": durations}


def union(spans: Iterable[tuple[int, int]], lo: int, hi: int) -> int:
    """ns covered by ``spans`` inside [lo, hi)."""
    busy, cursor = 0, lo
    for start, end in sorted(spans):
        start, end = max(start, cursor), min(end, hi)
        if end > start:
            busy += end - start
            cursor = end
    return busy


def pieces(rows: Sequence[dict[str, Any]], key: str, end: int) -> list[tuple[int, int, float]]:
    """(start, until, value) of one process's rows: a row holds for its duration when it has
    one (Activity Monitor), else until the process's next row or the recording end (sysmon)."""
    out: list[tuple[int, int, float]] = []
    for i, r in enumerate(rows):
        start: int = r["start"] if "start" in r else r["time"]
        if r.get("duration") is not None:
            until = start + r["duration"]
        else:
            until = rows[i + 1].get("time", end) if i + 1 < len(rows) else end
        if until > start:
            out.append((start, until, float(r[key])))
    return out


def weighted(p: Sequence[tuple[int, int, float]]) -> float | None:
    total = sum(b - a for a, b, _ in p)
    return sum((b - a) * v for a, b, v in p) / total if total else None


def summed(per_process: Sequence[Sequence[tuple[int, int, float]]]) -> list[tuple[int, int, float]]:
    """The sum over live processes, as pieces between change points."""
    edges = sorted({t for p in per_process for a, b, _ in p for t in (a, b)})
    out = []
    for a, b in zip(edges, edges[1:], strict=False):
        out.append((a, b, sum(v for p in per_process for s, e, v in p if s <= a < e)))
    return out


def median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def maximum(values: Iterable[Any]) -> Any:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def expected_codes(launches: Sequence[dict[str, Any]], app: dict[str, Any],
                   run_loads: Sequence[dict[str, Any]]) -> list[str]:
    """Issue 14's diagnostic codes a recording must give (only CHECKED_CODES are decided):
    jetsam-memory-limit for a launch jetsam killed (a JetsamEvent report or the TOC says so),
    steps-cut-short for an image with fewer steps than planned, cached-load-contradiction for a
    load whose text says cached that took over 60 s, slow-uncached-load for a non-cached load
    over 60 s, never-cached-mlpackage for a model (of this recording) loaded in two or more
    launches of the run and uncached every time, app-not-identified when the app is undecided."""
    codes = set()
    loads = [ld for la in launches for ld in la["loads"]]
    for la in launches:
        if la.get("jetsam"):
            codes.add("jetsam-memory-limit")
        if any(g["steps"] and g["steps"]["cut_short"] for g in la["generations"]):
            codes.add("steps-cut-short")
    for ld in loads:
        if kind_from_text(ld["event"]) == "cached" and ld["duration_s"] > ABSOLUTE_UNCACHED_S:
            codes.add("cached-load-contradiction")
        if ld["kind"] != "cached" and ld["duration_s"] > SLOW_LOAD_S:
            codes.add("slow-uncached-load")
    mine = {ld["model"] for ld in loads}
    for model in mine:
        seen = [ld for ld in run_loads if ld["model"] == model]
        if len({(ld["recording"], ld["launch"]) for ld in seen}) >= 2 and all(
                ld["kind"] == "uncached" for ld in seen):
            codes.add("never-cached-mlpackage")
    if app["how"] is None:
        codes.add("app-not-identified")
    return sorted(codes)
