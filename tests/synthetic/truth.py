"""Ground truth version 2 (``Scenario.truth_version = 2``): per recording, launch and image.

The document keeps every key of version 1 (same names, same units) and adds, per recording,
``launches`` (each with its ``generations``), ``app`` (the identified app or the candidates),
``other_processes``, ``coreml_rows``, ``mps`` and ``diagnostics``. Loads are classified by
issue 14's rule (truth_rules.classify). Definitions: tests/synthetic/README.md.
"""

from __future__ import annotations

from typing import Any

from tests.synthetic import truth_parts as P
from tests.synthetic import truth_rules as R
from tests.synthetic.coreml import events as coreml_events
from tests.synthetic.coreml import has_process_column
from tests.synthetic.scenario import Scenario, Target, TraceShape
from tests.synthetic.tables import app_signposts
from tests.synthetic.timeline import build
from tests.synthetic.toc import _processes

GROUND_TRUTH_FORMAT = "coreml-profiler.synthetic-ground-truth"


def recording_name(scenario: Scenario, number: int) -> str:
    if scenario.trace_shape is TraceShape.ONE_TRACE:
        return f"trace#{number}"
    return f"run-{number}"


def _loads(scenario: Scenario) -> list[dict[str, Any]]:
    """Every app load of the run (top-level ``Load…`` rows), classified together."""
    out = []
    for number in range(1, len(scenario.recordings) + 1):
        if not P.has(scenario, "coreml-os-signpost", number):
            continue
        for e in coreml_events(scenario, number):
            if e.kind == "load" and e.level == "top" and e.launch and e.event.startswith("Load"):
                out.append({"model": R.model_name(e.model), "event": e.event,
                            "start_s": e.span.start / 1e9, "duration_s": e.span.duration / 1e9,
                            "recording": number, "launch": e.launch,
                            "simulated_kind": e.origin.simulated_kind, "jit": e.origin.jit})
    R.classify(out)
    return out


def identify(scenario: Scenario, number: int) -> dict[str, Any]:
    """Who the app is, and from what evidence (README: "Which process is the app")."""
    tl = build(scenario, number)
    pids = [la.pid for la in tl.launches]
    app = {"name": scenario.app_name, "pids": pids, "how": None, "candidates": None}
    if scenario.target is not Target.ALL_PROCESSES:
        return {**app, "pids": pids[:1], "how": "toc-target"}
    if scenario.run_json_app:
        return {**app, "how": "run-json-app-name"}
    coreml = coreml_events(scenario, number) if P.has(scenario, "coreml-os-signpost", number) \
        else ()
    if coreml and has_process_column(scenario):
        return {**app, "how": "coreml-process-column"}
    lo = min((e.span.start for e in coreml), default=0)
    hi = max((e.span.end for e in coreml), default=tl.end)
    if P.has(scenario, "os-signpost-interval", number) and scenario.app_signposts and any(
            lo <= span.start < hi for span, _, _, _ in app_signposts(scenario, number)):
        return {**app, "how": "app-signposts"}
    if P.has(scenario, "os-signpost", number):
        return {**app, "how": "coreml-os-signpost-events"}
    found = P.process_rows(scenario, number)
    sampled = {r["pid"] for r in found[1]} if found else None
    candidates = [{"name": n, "pid": p} for n, p, path in _processes(scenario, number)
                  if R.APP_BUNDLES in path and (sampled is None or p in sampled)]
    return {"name": None, "pids": [], "how": None,
            "candidates": sorted(candidates, key=lambda c: c["pid"])}


def _jetsam(scenario: Scenario, number: int, launch: Any, peak: int | None) -> dict | None:
    tl = build(scenario, number)
    # The evidence is about the killed launch, or the last one when none was killed.
    victim = next((la for la in tl.launches if la.killed_at is not None), tl.launches[-1])
    reports = [c for c in tl.spec.crashes if c.kind == "jetsam"]
    if launch.number != victim.number or not (reports or tl.spec.termination_reason):
        return None
    if reports:
        footprint = reports[0].footprint_bytes or scenario.memory.footprint_peak_bytes
        footprint = footprint // 16384 * 16384  # rpages x page size, as the report holds it
        return {"source": "ips-beside" if reports[0].beside else "ips-crashes",
                "footprint_bytes": footprint, "limit_bytes": footprint if reports[0].reason
                == "per-process-limit" else None, "at_s": reports[0].at_s}
    return {"source": "toc", "footprint_bytes": peak, "limit_bytes": None,
            "at_s": launch.killed_at / 1e9 if launch.killed_at else None}


def _launch(scenario: Scenario, number: int, la: Any, loads: list[dict[str, Any]],
            gens: dict, samples: tuple[str, list] | None) -> dict[str, Any]:
    tl = build(scenario, number)
    mine = [ld for ld in loads if ld["recording"] == number and ld["launch"] == la.number]
    my_gens = [gens[(la.number, g.number)] for g in la.generations]
    found = P.step_spans(scenario, number)
    spans = [found[1][(la.number, g.number)] for g in la.generations] if found else []
    figures = P.app_figures(samples[1], {la.pid}, la.span.end) if samples else None
    unloads = [{"model": R.model_name(e.model), "event": e.event, "start_s": e.span.start / 1e9,
                "duration_s": e.span.duration / 1e9}
               for e in coreml_events(scenario, number)
               if e.kind == "unload" and e.level == "top" and e.launch == la.number] \
        if P.has(scenario, "coreml-os-signpost", number) else []
    wins = P.windows(my_gens)
    ane = P.ane_spans(scenario, number)
    return {
        "number": la.number, "pid": la.pid, "span_s": P.launch_span_s(tl, la.number),
        "simulated_kind": "cached" if la.spec.cached else "uncached",
        "reduce_memory": la.spec.reduce_memory,
        "loads": [{k: ld[k] for k in ("model", "event", "start_s", "duration_s", "kind",
                                      "kind_from", "jit")} for ld in mine],
        "unloads": unloads, "load_s": R.load_totals(mine),
        "steps": R.step_stats([s for s in spans if s], found[0]) if found else None,
        "generations": my_gens,
        "ane_busy_fraction_denoise": sum(R.union(ane, a, b) for a, b in wins)
        / sum(b - a for a, b in wins) if ane is not None and wins else None,
        "memory": {k: figures[k] for k in ("peak_footprint_bytes", "peak_footprint_at_s")}
        if figures else None,
        "cpu": {k: figures[k] for k in ("process_peak_percent", "process_mean_percent")}
        if figures else None,
        "jetsam": _jetsam(scenario, number, la, figures["peak_footprint_bytes"] if figures
                          else None),
    }


def _recording(scenario: Scenario, number: int, loads: list[dict[str, Any]]) -> dict[str, Any]:
    tl = build(scenario, number)
    app = identify(scenario, number)
    pids = set(app["pids"]) or {la.pid for la in tl.launches}
    gens = P.generations(scenario, number)
    samples = P.process_rows(scenario, number)
    launches = [_launch(scenario, number, la, loads, gens, samples) for la in tl.launches]
    mine = [ld for ld in loads if ld["recording"] == number]
    found = P.step_spans(scenario, number)
    all_gens = [g for la in launches for g in la["generations"]]
    wins = P.windows(all_gens)
    rec: dict[str, Any] = {
        "name": recording_name(scenario, number), "duration_s": round(tl.end / 1e9, 6),
        "process": {"name": scenario.app_name, "pid": tl.launches[0].pid},
        "simulated_kind": "cached" if tl.spec.cached else "uncached",
        "loads": [{k: ld[k] for k in ("model", "start_s", "duration_s", "kind")} for ld in mine],
        "load_s": R.load_totals(mine)}
    rec["steps"] = R.step_stats([s for s in found[1].values() if s], found[0]) if found else None
    first = next((g for g in all_gens if g["stages"]), None)
    rec["stages"] = {"text_encode_s": first["stages"]["text_encode_s"],
                     "denoise_s": sum(b - a for a, b in wins) / 1e9,
                     "decode_s": first["stages"]["decode_s"]} if first else None
    figures = P.app_figures(samples[1], pids, tl.end) if samples else None
    system = P.system_figures(scenario, number, samples[1] if samples else None)
    has_system = any(v is not None for v in system.values())
    rec["memory"] = rec["cpu"] = None
    if figures or has_system:
        figures = figures or P.app_figures([], pids, tl.end)
        rec["memory"] = {"peak_footprint_bytes": figures["peak_footprint_bytes"],
                         "peak_footprint_at_s": figures["peak_footprint_at_s"],
                         **{k: system[k] for k in ("system_used_peak_bytes",
                                                   "compressed_peak_bytes", "swap_peak_bytes")},
                         "ram_bytes": scenario.device.ram_bytes,
                         "source": samples[0] if samples else "activity-monitor-system"}
        rec["cpu"] = {"process_peak_percent": figures["process_peak_percent"],
                      "process_mean_percent": figures["process_mean_percent"],
                      "system_peak_percent": system["system_peak_percent"],
                      "system_mean_percent": system["system_mean_percent"], "means": "time-weighted"}
    ane = P.ane_spans(scenario, number)
    rec["ane"] = {"busy_s": sum(b - a for a, b in ane) / 1e9, "intervals": len(ane),
                  "busy_fraction_denoise": sum(R.union(ane, a, b) for a, b in wins)
                  / sum(b - a for a, b in wins) if wins else None} if ane is not None else None
    rec["gpu"], rec["mps"] = P.gpu(scenario, number, pids, wins)
    from tests.synthetic.groundtruth import thermal_truth

    rec["thermal"] = thermal_truth(scenario, number) if P.has(
        scenario, "device-thermal-state-intervals", number) else None
    rec["app"] = app
    rec["launches"] = launches
    rec["other_processes"] = sorted(
        ({"name": r["process"].name, "pid": pid, "peak_footprint_bytes": max(
            x["footprint"] for x in samples[1] if x["pid"] == pid)}
         for pid, r in {r["pid"]: r for r in samples[1]}.items() if pid not in pids),
        key=lambda p: p["pid"]) if samples else None
    rec["coreml_rows"] = _coreml_counts(scenario, number)
    rec["diagnostics"] = {"expected": R.expected_codes(launches, app, loads),
                          "checked": list(R.CHECKED_CODES)}
    return rec


def _coreml_counts(scenario: Scenario, number: int) -> dict[str, Any] | None:
    if not P.has(scenario, "coreml-os-signpost", number):
        return None
    ev = coreml_events(scenario, number)
    by_event: dict[str, int] = {}
    for e in ev:
        by_event[e.event] = by_event.get(e.event, 0) + 1
    return {"rows": len(ev), "top": sum(e.level == "top" for e in ev),
            "sub": sum(e.level == "sub" for e in ev),
            "other_processes": sum(e.launch == 0 for e in ev), "by_event": by_event}


def headline(recs: list[dict[str, Any]]) -> dict[str, Any]:
    """Issue 14's headline: each launch is a unit (README)."""
    launches = [la for r in recs for la in r["launches"]]
    uncached = next((la["load_s"]["uncached"] for la in launches
                     if la["load_s"]["uncached"] is not None), None)
    cached = [la["load_s"]["cached"] for la in launches
              if la["loads"] and all(ld["kind"] == "cached" for ld in la["loads"])]
    cpu = [(r["cpu"] or {}).get("system_peak_percent") or (r["cpu"] or {}).get(
        "process_peak_percent") for r in recs]
    return {
        "uncached_load_s": uncached, "cached_load_s": R.median(cached),
        "step_median_s": R.median((la["steps"] or {}).get("median_s") for la in launches),
        "steps_per_s": R.median((la["steps"] or {}).get("steps_per_s") for la in launches),
        "peak_footprint_bytes": R.maximum((r["memory"] or {}).get("peak_footprint_bytes")
                                          for r in recs),
        "system_used_peak_bytes": R.maximum((r["memory"] or {}).get("system_used_peak_bytes")
                                            for r in recs),
        "cpu_peak_percent": R.maximum(cpu),
        "ane_busy_fraction": R.median(la["ane_busy_fraction_denoise"] for la in launches),
        "app_cpu_peak_percent": R.maximum((r["cpu"] or {}).get("process_peak_percent")
                                          for r in recs),
        "system_cpu_peak_percent": R.maximum((r["cpu"] or {}).get("system_peak_percent")
                                             for r in recs),
    }


def document(scenario: Scenario, device: dict[str, Any], load_rule: str) -> dict[str, Any]:
    loads = _loads(scenario)
    recs = [_recording(scenario, n, loads) for n in range(1, len(scenario.recordings) + 1)]
    codes = sorted({c for r in recs for c in r["diagnostics"]["expected"]})
    return {"format": GROUND_TRUTH_FORMAT, "version": 2, "synthetic": True,
            "scenario": scenario.name, "seed": scenario.seed, "load_rule": load_rule,
            "kind_rule": "issue-14", "device": device, "recordings": recs,
            "headline": headline(recs), "diagnostics": {"expected": codes,
                                                        "checked": list(R.CHECKED_CODES)}}
