"""Overlay charts of a comparison: step-latency distributions, loads per model, memory over time.

Built on the report's chart helpers (:mod:`profiler.report.charts`) so both reports look alike.
Each run keeps one colour across every chart. Every series stays under 5,000 points.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from profiler.analysis.compare.comparison import CompareDocument, CompareInput
from profiler.report import compare_view as view
from profiler.report.charts import Chart, base_layout, f4, figure, label, run_colour
from profiler.report.downsample import MAX_POINTS, minmax
from profiler.units import GIB

#: Memory points over all lines together: keeps the page under 6 MB with many runs and launches.
MEMORY_BUDGET = 60_000
_DASHES = ("solid", "dot", "dash", "longdash", "dashdot", "longdashdot")


def steps_chart(doc: CompareDocument) -> Chart | None:
    """One box per run over its warm steps (step 1 excluded), mean marked."""
    data = []
    for i, (run_label, dist) in enumerate(doc.step_distributions):
        steps = np.asarray(dist.pooled_s)
        if steps.size == 0:
            continue
        if steps.size > MAX_POINTS:  # evenly spaced order statistics keep the shape, min and max
            steps = steps[np.linspace(0, steps.size - 1, MAX_POINTS).round().astype(int)]
        data.append({
            "type": "box", "name": label(run_label), "y": f4(steps), "boxmean": True,
            "boxpoints": "outliers", "marker": {"color": run_colour(i)},
            "line": {"color": run_colour(i)}, "hoverinfo": "y",
        })
    if not data:
        return None
    layout = base_layout(x_title="run", y_title="step latency (s)", height=380, showlegend=False)
    return Chart("compare-steps", "Per-step latency distribution", figure(data, layout), 380,
                 ("Warm steps of every recording pooled per run; step 1 is excluded. "
                  "The box spans p25 to p75, the line is the median, the dashed line the mean.",))


def loads_chart(doc: CompareDocument) -> Chart | None:
    """Per model, one bar per run and load kind (uncached hatched), on a log axis."""
    inputs = doc.inputs
    keys, table = view.loads_per_model(doc)
    if not keys:
        return None
    models = sorted({model for model, _ in keys})
    data = []
    for i, item in enumerate(inputs):
        for kind in ("uncached", "cached", "unknown"):
            ys = [table.get((m, kind), {}).get(item.label) for m in models]
            if all(y is None for y in ys):
                continue
            data.append({
                "type": "bar", "name": label(f"{item.label} · {kind}"),
                "x": [label(m) for m in models], "y": [y for y in ys],
                "marker": {"color": run_colour(i),
                           "pattern": {"shape": "/" if kind == "uncached" else ""},
                           "opacity": 1.0 if kind != "unknown" else 0.5},
                "hovertemplate": f"{label(item.label)} · {kind}<br>%{{x}}: %{{y:.2f}} s<extra></extra>",
            })
    layout = base_layout(x_title="model", y_title="load time (s, log scale)", height=400,
                         barmode="group")
    layout["yaxis"].update(type="log", dtick=1)  # ticks at powers of ten only
    return Chart("compare-loads", "Load time per model, uncached (hatched) and cached",
                 figure(data, layout), 400,
                 ("Uncached: the first uncached recording's load. Cached: the median over "
                  "recordings.",))


def memory_chart(inputs: Sequence[CompareInput]) -> tuple[Chart | None, tuple[str, ...]]:
    """App footprint over time, one line per recording, coloured by run; notes for runs without
    time series (compared from a summary JSON)."""
    data, notes = [], []
    lines = sum(len(item.series or ()) for item in inputs)
    points = max(200, min(MAX_POINTS, MEMORY_BUDGET // max(1, lines)))
    for i, item in enumerate(inputs):
        if not item.series:
            notes.append(f"{item.label}: no time series (a summary JSON or a store baseline "
                         f"carries none); pass its run folder to overlay its memory over time.")
            continue
        drawn = 0
        for j, series in enumerate(item.series):
            frame = series.frames.get("memory")
            if frame is None or frame.empty:
                continue
            x, y = minmax(frame["time_ns"].to_numpy() / 1e9, frame["footprint_bytes"].to_numpy(),
                          points)
            data.append({
                "type": "scattergl" if len(x) > 2000 else "scatter", "mode": "lines",
                "name": label(f"{item.label} · {series.name}"), "x": f4(x), "y": f4(y / GIB),
                "line": {"color": run_colour(i), "dash": _DASHES[j % len(_DASHES)], "width": 1.5},
                "hovertemplate": "%{y:.2f} GiB at %{x:.1f} s<extra></extra>",
            })
            drawn += 1
        if not drawn:
            notes.append(f"{item.label}: no app memory samples in its recordings.")
    if not data:
        return None, tuple(notes)
    layout = base_layout(x_title="time from recording start (s)", y_title="app footprint (GiB)",
                         height=400)
    return Chart("compare-memory", "App memory footprint over time", figure(data, layout), 400,
                 ()), tuple(notes)
