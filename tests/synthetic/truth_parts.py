"""Version-2 truth figures from the written rows: steps per image, ANE, GPU, memory and CPU.

Every function reads the row generators that wrote the exports (never typed values); where
the rows alone are ambiguous (which UNet prediction belongs to which step when CFG halves are
interleaved), the grouping the generator wrote them with is used, and the README says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from tests.synthetic import truth_rules as R
from tests.synthetic.coreml import events as coreml_events
from tests.synthetic.scenario import Layout, Scenario, Target
from tests.synthetic.sparse import sysmon_rows
from tests.synthetic.tables import (
    am_process_rows,
    am_system_rows,
    ane_intervals,
    app_signposts,
    gpu_rows,
    mps_rows,
)
from tests.synthetic.timeline import Generation, Interval, Timeline, build

READABLE = (Layout.DEFAULT, Layout.XCODE27, Layout.XCODE16)
Spans = list[tuple[int, int]]


def has(scenario: Scenario, table: str, number: int) -> bool:
    """The table is exported with rows in this recording, in a layout the analysis can read."""
    return (table in scenario.tables and not scenario.empty(table, number)
            and table not in scenario.unexported_tables and scenario.layout(table) in READABLE)


def _s(value: int | None) -> float | None:
    return None if value is None else value / 1e9


def _within(g: Generation, t: int) -> bool:
    return g.generate.start <= t < g.generate.end


@lru_cache(maxsize=16)
def step_spans(scenario: Scenario, number: int) -> tuple[str, dict[tuple[int, int], Spans]] | None:
    """(source, {(launch, image): step spans}) from the first source with rows: the app's
    ``unetStep`` signposts, else the UNet's top-level Prediction rows (one step = one cycle
    through the chunks), else clusters of the UNet's ANE intervals."""
    tl = build(scenario, number)
    gens = tl.generations
    out: dict[tuple[int, int], Spans] = {(g.launch, g.number): [] for g in gens}
    if has(scenario, "os-signpost-interval", number) and scenario.app_signposts:
        for span, name, _, _ in app_signposts(scenario, number):
            g = next((g for g in gens if name == "unetStep" and _within(g, span.start)), None)
            if g is not None:
                out[(g.launch, g.number)].append((span.start, span.end))
        if any(out.values()):
            return "os-signpost-interval", out
    if has(scenario, "coreml-os-signpost", number):
        cycles: dict[tuple[int, int, int], list[int]] = {}
        for e in coreml_events(scenario, number):
            p = e.origin
            if e.kind == "prediction" and e.level == "top" and e.launch and p.step is not None:
                cyc = cycles.setdefault((p.launch, p.generation, p.step), [e.span.start, e.span.end])
                cyc[0], cyc[1] = min(cyc[0], e.span.start), max(cyc[1], e.span.end)
        for (launch, gen, _), (a, b) in sorted(cycles.items()):
            out[(launch, gen)].append((a, b))
        if any(out.values()):
            return "coreml-os-signpost", out
    if has(scenario, "ane-hw-intervals", number):
        unet_labels = {f"{m.shown_name}_" for m in scenario.unets()}
        ivs = [(iv.start, iv.end) for iv, label in ane_intervals(scenario, number)
               if any(label.startswith(u) for u in unet_labels)]
        for g in gens:
            for step in g.steps:
                inside = [iv for iv in ivs if step.start <= iv[0] < step.end]
                if inside:
                    out[(g.launch, g.number)].append((inside[0][0], inside[-1][1]))
        if any(out.values()):
            return "ane-hw-intervals", out
    return None


def _stage(scenario: Scenario, number: int, source: str, g: Generation, role: str,
           ) -> float | None:
    if source == "os-signpost-interval":
        span = g.text_encode if role == "text_encoder" else g.decode
        return _s(span.duration) if span else None
    if source == "coreml-os-signpost":
        for e in coreml_events(scenario, number):
            p = e.origin
            if (e.kind == "prediction" and e.level == "top" and e.launch and p.model.role == role
                    and (p.launch, p.generation) == (g.launch, g.number)):
                return _s(e.span.duration)
    return None


def ane_spans(scenario: Scenario, number: int) -> Spans | None:
    if not has(scenario, "ane-hw-intervals", number):
        return None
    return [(iv.start, iv.end) for iv, _ in ane_intervals(scenario, number)]


def generations(scenario: Scenario, number: int) -> dict[tuple[int, int], dict[str, Any]]:
    """Per (launch, image): steps (with planned and cut_short), stages, denoise window, ANE."""
    tl = build(scenario, number)
    found = step_spans(scenario, number)
    ane = ane_spans(scenario, number)
    out = {}
    source, by_image = found if found else ("", {})
    for g in tl.generations:
        spans = by_image.get((g.launch, g.number), [])
        steps = R.step_stats([spans], source) if spans else None
        if steps is not None:
            steps.update(planned=g.planned_steps, cut_short=len(spans) < g.planned_steps,
                         app_durations_s=[_s(s.duration) for s in g.steps])
        window = (spans[0][0], spans[-1][1]) if spans else None
        end = g.generate.end
        rec: dict[str, Any] = {
            "number": g.number, "start_s": _s(g.generate.start), "end_s": _s(end),
            "planned_steps": g.planned_steps, "steps": steps,
            "denoise_window_s": [_s(window[0]), _s(window[1])] if window else None,
            "stages": None, "ane": None}
        if window:
            rec["stages"] = {"text_encode_s": _stage(scenario, number, source, g, "text_encoder"),
                             "denoise_s": _s(window[1] - window[0]),
                             "decode_s": _stage(scenario, number, source, g, "vae_decoder")}
        if ane is not None and window:
            busy = R.union(ane, *window)
            rec["ane"] = {"busy_s": _s(busy), "busy_fraction_denoise": busy / (window[1] - window[0])}
        out[(g.launch, g.number)] = rec
    return out


def windows(gens: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    return [(round(g["denoise_window_s"][0] * 1e9), round(g["denoise_window_s"][1] * 1e9))
            for g in gens if g["denoise_window_s"]]


def gpu(scenario: Scenario, number: int, pids: set[int], wins: Sequence[tuple[int, int]],
        ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(gpu, mps): the app's GPU busy share over the denoising windows (the recording without
    windows) from metal-gpu-intervals, else from mps-hw-intervals when its sentinel-process
    rows can only be the app's (the TOC lists the table target-pid SINGLE)."""
    tl = build(scenario, number)
    spans = wins or [(0, tl.end)]
    total = sum(b - a for a, b in spans)
    mps = None
    if has(scenario, "mps-hw-intervals", number):
        rows = [(r["start"], r["start"] + r["duration"]) for r in mps_rows(scenario, number)]
        attributed = scenario.target is not Target.ALL_PROCESSES
        mps = {"rows": len(rows), "busy_s": _s(sum(b - a for a, b in rows)),
               "process_sentinels": len(rows), "attributed_to_app": attributed}
    if has(scenario, "metal-gpu-intervals", number):
        ivs = [(r["start"], r["start"] + r["duration"]) for r in gpu_rows(scenario, number)
               if r["process"].pid in pids]
        return {"busy_fraction": sum(R.union(ivs, a, b) for a, b in spans) / total}, mps
    if mps is not None and mps["attributed_to_app"] and mps["rows"]:
        ivs = [(r["start"], r["start"] + r["duration"]) for r in mps_rows(scenario, number)]
        return {"busy_fraction": sum(R.union(ivs, a, b) for a, b in spans) / total}, mps
    return None, mps


def process_rows(scenario: Scenario, number: int) -> tuple[str, list[dict[str, Any]]] | None:
    """The per-process samples the analysis reads: Activity Monitor, else sparse sysmon."""
    if has(scenario, "activity-monitor-process-live", number):
        return "activity-monitor-process-live", list(am_process_rows(scenario, number))
    if has(scenario, "sysmon-process", number):
        return "sysmon-process", list(sysmon_rows(scenario, number))
    return None


def app_figures(rows: Sequence[dict[str, Any]], pids: set[int], end: int) -> dict[str, Any]:
    """Peak footprint (first sample at the max) and CPU (peak, time-weighted mean) of ``pids``."""
    mine = [r for r in rows if r["pid"] in pids]
    if not mine:
        return {"peak_footprint_bytes": None, "peak_footprint_at_s": None,
                "process_peak_percent": None, "process_mean_percent": None}
    peak = max(mine, key=lambda r: r["footprint"])
    cpu = [p for pid in sorted(pids)
           for p in R.pieces([r for r in mine if r["pid"] == pid], "cpu", end)]
    return {"peak_footprint_bytes": peak["footprint"],
            "peak_footprint_at_s": _s(peak.get("start", peak.get("time"))),
            "process_peak_percent": max(r["cpu"] for r in mine),
            "process_mean_percent": R.weighted(cpu)}


def system_figures(scenario: Scenario, number: int, rows: Sequence[dict[str, Any]] | None,
                   ) -> dict[str, Any]:
    """System memory and CPU: activity-monitor-system, else CPU summed over live processes."""
    tl = build(scenario, number)
    if has(scenario, "activity-monitor-system", number):
        system = list(am_system_rows(scenario, number))
        cpu = R.pieces(system, "cpu_total", tl.end)
        return {"system_used_peak_bytes": max(r["used"] for r in system),
                "compressed_peak_bytes": max(r["compressed"] for r in system),
                "swap_peak_bytes": max(r["swap"] for r in system),
                "system_peak_percent": max(r["cpu_total"] for r in system),
                "system_mean_percent": R.weighted(cpu)}
    out: dict[str, Any] = {"system_used_peak_bytes": None, "compressed_peak_bytes": None,
                           "swap_peak_bytes": None, "system_peak_percent": None,
                           "system_mean_percent": None}
    if rows:
        per = [R.pieces([r for r in rows if r["pid"] == pid], "cpu", tl.end)
               for pid in sorted({r["pid"] for r in rows})]
        total = R.summed(per)
        out.update(system_peak_percent=max(v for _, _, v in total),
                   system_mean_percent=R.weighted(total))
    return out


def launch_span_s(tl: Timeline, launch: int) -> list[float | None]:
    span: Interval = tl.launches[launch - 1].span
    return [_s(span.start), _s(span.end)]
