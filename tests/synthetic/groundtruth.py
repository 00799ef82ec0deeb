"""Ground truth: the figures the analysis must find, computed from the generated rows.

Definitions are in tests/synthetic/README.md ("Ground truth"). The truth follows what is in
the exports: a table the scenario omits (or exports empty) gives ``None`` for its figures,
and steps come from the first available source (app signposts, Core ML predictions, ANE
clusters), as the analysis must do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tests.synthetic.scenario import THERMAL_ORDER, Layout, LoadStyle, Scenario, ThermalState
from tests.synthetic.tables import (
    am_process_rows,
    am_system_rows,
    ane_intervals,
    coreml_rows,
    gpu_rows,
    signpost_rows,
    thermal_intervals,
)
from tests.synthetic.timeline import build
from tests.synthetic.truth_rules import (
    classify,
    maximum,
    median,
    pieces,
    step_stats,
    union,
    weighted,
)

GROUND_TRUTH_FORMAT = "coreml-profiler.synthetic-ground-truth"
_SUFFIX = re.compile(r"-[0-9]+$")


@dataclass(frozen=True)
class GroundTruth:
    """``data`` is the JSON document written as ``ground-truth.json``."""

    data: dict[str, Any]

    @property
    def recordings(self) -> list[dict[str, Any]]:
        return self.data["recordings"]

    @property
    def headline(self) -> dict[str, Any]:
        return self.data["headline"]


def _has(scenario: Scenario, table: str) -> bool:
    """The table is exported with rows in a layout the analysis can read (an UNKNOWN layout
    hides its figures: the analysis must report them unavailable)."""
    return (table in scenario.tables and table not in scenario.empty_tables
            and table not in scenario.unexported_tables
            and scenario.layout(table) in (Layout.DEFAULT, Layout.XCODE27))


def _s(ns: int) -> float:
    return ns / 1e9


def _loads(scenario: Scenario) -> list[list[dict[str, Any]]]:
    per_rec: list[list[dict[str, Any]]] = []
    for number in range(1, len(scenario.recordings) + 1):
        loads = []
        if _has(scenario, "coreml-os-signpost"):
            for row in coreml_rows(scenario, number):
                if row["event"].startswith("Load"):
                    loads.append({"model": _SUFFIX.sub("", row["model"]), "event": row["event"],
                                  "start_s": _s(row["start"]), "duration_s": _s(row["duration"])})
        per_rec.append(loads)
    # issue 14's rule, over every load of the run (truth_rules.classify, as version 2 does)
    every = [load for loads in per_rec for load in loads]
    classify(every)
    for load in every:
        del load["kind_from"]
    return per_rec


def _step_spans(scenario: Scenario, number: int) -> tuple[str, list[tuple[int, int]]] | None:
    tl = build(scenario, number)
    if _has(scenario, "os-signpost-interval") and scenario.app_signposts:
        spans = [(r["start"], r["start"] + r["duration"]) for r in signpost_rows(scenario, number)
                 if r["process"].pid == scenario.app_pid and r["category"] == scenario.category
                 and r["name"] == "unetStep"]
        if spans:
            return "os-signpost-interval", spans
    if _has(scenario, "coreml-os-signpost"):
        preds = [(r["start"], r["start"] + r["duration"]) for r in coreml_rows(scenario, number)
                 if r["event"] == "Prediction" and "unet" in r["model"].lower()]
        if preds:
            if scenario.steps.cfg_split:  # two halves per step
                preds = [(preds[i][0], preds[i + 1][1]) for i in range(0, len(preds) - 1, 2)]
            return "coreml-os-signpost", preds
    if _has(scenario, "ane-hw-intervals"):
        spans = []
        for step in tl.steps:
            inside = [(iv.start, iv.end) for iv, label in ane_intervals(scenario, number)
                      if "Unet" in label and step.start <= iv.start < step.end]
            if inside:
                spans.append((inside[0][0], inside[-1][1]))
        if spans:
            return "ane-hw-intervals", spans
    return None


def _recording(scenario: Scenario, number: int, loads: list[dict[str, Any]]) -> dict[str, Any]:
    tl = build(scenario, number)
    rec: dict[str, Any] = {"name": tl.name, "duration_s": round(tl.end / 1e9, 6),
                           "process": {"name": scenario.app_name, "pid": scenario.app_pid},
                           "simulated_kind": "cached" if tl.spec.cached else "uncached"}
    rec["loads"] = [{k: v for k, v in ld.items() if k != "event"} for ld in loads]
    rec["load_s"] = {k: (sum(ld["duration_s"] for ld in loads if ld["kind"] == k)
                         if any(ld["kind"] == k for ld in loads) else None)
                     for k in ("uncached", "cached", "unknown")}
    found = _step_spans(scenario, number)
    rec["steps"] = rec["stages"] = None
    window = None
    if found:
        source, spans = found
        window = (spans[0][0], spans[-1][1])
        rec["steps"] = step_stats([spans], source)
        stage = {"os-signpost-interval": (tl.text_encode, tl.decode)}.get(source)
        if source == "coreml-os-signpost":
            te = next((p.span for p in tl.predictions if p.model.role == "text_encoder"), None)
            de = next((p.span for p in tl.predictions if p.model.role == "vae_decoder"), None)
            stage = (te, de)
        rec["stages"] = {"text_encode_s": _s(stage[0].duration) if stage and stage[0] else None,
                         "denoise_s": _s(window[1] - window[0]),
                         "decode_s": _s(stage[1].duration) if stage and stage[1] else None}
    rec["memory"] = rec["cpu"] = None
    proc_ok = _has(scenario, "activity-monitor-process-live")
    sys_ok = _has(scenario, "activity-monitor-system")
    mine = [r for r in am_process_rows(scenario, number) if r["pid"] == scenario.app_pid] \
        if proc_ok else []
    system = list(am_system_rows(scenario, number)) if sys_ok else []
    if mine or system:
        peak = max(mine, key=lambda r: r["footprint"]) if mine else None  # first max sample
        rec["memory"] = {
            "peak_footprint_bytes": peak["footprint"] if peak else None,
            "peak_footprint_at_s": _s(peak["start"]) if peak else None,
            "system_used_peak_bytes": max(r["used"] for r in system) if system else None,
            "compressed_peak_bytes": max(r["compressed"] for r in system) if system else None,
            "swap_peak_bytes": max(r["swap"] for r in system) if system else None,
            "ram_bytes": scenario.device.ram_bytes}
        rec["cpu"] = {
            "process_peak_percent": max(r["cpu"] for r in mine) if mine else None,
            # time-weighted: a sample holds for its duration (issue 14)
            "process_mean_percent": weighted(pieces(mine, "cpu", tl.end)) if mine else None,
            "system_peak_percent": max(r["cpu_total"] for r in system) if system else None,
            "system_mean_percent": weighted(pieces(system, "cpu_total", tl.end))
            if system else None}
    rec["ane"] = None
    if _has(scenario, "ane-hw-intervals"):
        ivs = [(iv.start, iv.end) for iv, _ in ane_intervals(scenario, number)]
        rec["ane"] = {"busy_s": _s(sum(e - s for s, e in ivs)), "intervals": len(ivs),
                      "busy_fraction_denoise": union(ivs, *window) / (window[1] - window[0])
                      if window else None}
    rec["gpu"] = None
    if _has(scenario, "metal-gpu-intervals"):
        # The app's own GPU work, in the denoising loop (the whole recording without steps).
        ivs = [(r["start"], r["start"] + r["duration"]) for r in gpu_rows(scenario, number)
               if r["process"].pid == scenario.app_pid]
        lo, hi = window if window else (0, tl.end)
        rec["gpu"] = {"busy_fraction": union(ivs, lo, hi) / (hi - lo)}
    rec["thermal"] = None
    if _has(scenario, "device-thermal-state-intervals"):
        rec["thermal"] = thermal_truth(scenario, number)
    return rec


def thermal_truth(scenario: Scenario, number: int) -> dict[str, Any]:
    states = [ThermalState(s) for _, _, s in thermal_intervals(scenario, number)]
    return {"worst": max(states, key=THERMAL_ORDER.index).value,
            "timeline": [[_s(a), _s(b), str(s)] for a, b, s in thermal_intervals(scenario, number)]}


def _get(rec: dict[str, Any], group: str, key: str) -> Any:
    return (rec.get(group) or {}).get(key)


def headline(recs: list[dict[str, Any]]) -> dict[str, Any]:
    uncached = next((r["load_s"]["uncached"] for r in recs if r["load_s"]["uncached"] is not None),
                    None)
    all_cached = [r["load_s"]["cached"] for r in recs
                  if r["loads"] and all(ld["kind"] == "cached" for ld in r["loads"])]
    cpu = [_get(r, "cpu", "system_peak_percent") if _get(r, "cpu", "system_peak_percent")
           is not None else _get(r, "cpu", "process_peak_percent") for r in recs]
    return {
        "uncached_load_s": uncached,
        "cached_load_s": median(all_cached),
        "step_median_s": median([_get(r, "steps", "median_s") for r in recs]),
        "steps_per_s": median([_get(r, "steps", "steps_per_s") for r in recs]),
        "peak_footprint_bytes": maximum([_get(r, "memory", "peak_footprint_bytes") for r in recs]),
        "system_used_peak_bytes": maximum([_get(r, "memory", "system_used_peak_bytes")
                                        for r in recs]),
        "cpu_peak_percent": maximum(cpu),
        "ane_busy_fraction": median([_get(r, "ane", "busy_fraction_denoise") for r in recs]),
        "app_cpu_peak_percent": maximum([_get(r, "cpu", "process_peak_percent") for r in recs]),
        "system_cpu_peak_percent": maximum([_get(r, "cpu", "system_peak_percent") for r in recs]),
    }


def ground_truth(scenario: Scenario) -> GroundTruth:
    """Compute the ground truth of a scenario (no files written); ``scenario.truth_version``
    picks the document (2: tests/synthetic/truth.py)."""
    d = scenario.device
    device = {"name": d.name, "model": d.model, "product_type": d.product_type,
              "os_version": d.os_version, "platform": d.platform, "chip": d.chip,
              "ram_bytes": d.ram_bytes}
    rule = "text" if scenario.load_style is LoadStyle.LABELLED else "comparison"
    if scenario.truth_version >= 2:
        from tests.synthetic.truth import document

        return GroundTruth(document(scenario, device, rule))
    loads = _loads(scenario)
    recs = [_recording(scenario, n, loads[n - 1]) for n in range(1, len(scenario.recordings) + 1)]
    return GroundTruth({
        "format": GROUND_TRUTH_FORMAT, "version": 1, "synthetic": True,
        "scenario": scenario.name, "seed": scenario.seed, "load_rule": rule,
        "device": device, "recordings": recs, "headline": headline(recs),
    })
