"""Plotly figures for the HTML report.

Each builder returns a :class:`Chart` with a stable ``div_id`` and a plain figure dict (numeric
arrays as float32 typed arrays, which keeps the file small). Trace strings that end up in chart
labels are HTML-escaped first: plotly.js decodes entities and shows them as text.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from profiler.analysis.result import Analysis
from profiler.analysis.series import RecordingSeries
from profiler.analysis.stage_times import model_load_s
from profiler.analysis.summary import Recording, Summary
from profiler.report import fmt
from profiler.report.downsample import minmax
from profiler.report.limits_text import jetsam_label
from profiler.text import shown
from profiler.units import GIB

RUN_COLOURS = ("#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#65a30d")
KIND_COLOURS = {"uncached": "#dc2626", "cached": "#16a34a", "unknown": "#9ca3af"}
#: px above the plot: room for plotly's toolbar (about 30 px), so it never reaches a legend
TOP_MARGIN = 44
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


@dataclass(frozen=True)
class Chart:
    div_id: str
    title: str
    figure: dict[str, Any]
    height: int = 360
    notes: tuple[str, ...] = field(default_factory=tuple)


def label(value: object) -> str:
    """A trace string made inert for plotly's pseudo-HTML text rendering, and cut to size.

    Quotes stay as they are: plotly.js decodes only a few named entities and would show
    ``&quot;`` literally; outside a tag a quote means nothing to it.
    """
    return html.escape(shown("" if value is None else str(value)), quote=False)


def run_colour(index: int) -> str:
    return RUN_COLOURS[index % len(RUN_COLOURS)]


def f4(values: Any) -> np.ndarray:
    return np.asarray(values, dtype="float32")


def base_layout(*, x_title: str, y_title: str, height: int, **extra: Any) -> dict[str, Any]:
    axis = {"gridcolor": "#e5e7eb", "zeroline": False, "linecolor": "#9ca3af", "ticks": "outside",
            "tickcolor": "#9ca3af", "automargin": True}
    layout = {
        "template": {"data": {}, "layout": {}},
        "font": {"family": FONT, "size": 13, "color": "#1f2937"},
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "height": height,
        # The legend stands right of the plot, from the plot's top down; the toolbar (modebar)
        # sits in the top margin, above the plot, so the two never overlap (browser-tested).
        "margin": {"l": 70, "r": 30, "t": TOP_MARGIN, "b": 60},
        "legend": {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
        "xaxis": {**axis, "title": {"text": x_title}},
        "yaxis": {**axis, "title": {"text": y_title}},
        "hoverlabel": {"font": {"family": FONT}},
    }
    layout.update(extra)
    return layout


def to_plain(figure: Any) -> dict[str, Any]:
    """A go.Figure as a plain dict; numpy arrays become plotly's typed-array encoding."""
    import plotly.io as pio

    return json.loads(pio.to_json(figure, validate=False, pretty=False))


def figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    import plotly.graph_objects as go

    return to_plain(go.Figure(data=data, layout=layout))


def hline(y: float, text: str, colour: str, dash: str = "dash") -> tuple[dict, dict]:
    shape = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": y, "y1": y,
             "line": {"color": colour, "width": 1.5, "dash": dash}}
    note = {"xref": "paper", "x": 0.01, "xanchor": "left", "y": y, "yanchor": "bottom",
            "text": text, "showarrow": False, "font": {"color": colour, "size": 12},
            "bgcolor": "rgba(255,255,255,0.85)"}
    return shape, note


def loads_chart(analysis: Analysis) -> Chart | None:
    """Per model, one bar per recording, coloured by load kind (unknown when kinds are mixed)."""
    data = []
    for rec, groups in analysis.loads_by_model:
        totals: dict[str, float] = {}
        kinds: dict[str, set[str]] = {}
        for group in groups:
            totals[group.model] = totals.get(group.model, 0.0) + group.total_s
            kinds.setdefault(group.model, set()).add(str(group.kind))
        if not totals:
            continue
        models = sorted(totals)
        kind_of = [next(iter(kinds[m])) if len(kinds[m]) == 1 else "unknown" for m in models]
        rec_kinds = sorted(set(kind_of))
        name = f"{rec.name} ({', '.join(rec_kinds)})"
        data.append({
            "type": "bar", "name": label(name), "x": [label(m) for m in models],
            "y": f4([totals[m] for m in models]), "text": [fmt.seconds(totals[m]) for m in models],
            "textposition": "outside", "cliponaxis": False,
            "marker": {"color": [KIND_COLOURS[k] for k in kind_of]},
            "hovertemplate": f"{label(rec.name)}<br>%{{x}}: %{{y:.2f}} s<extra></extra>",
        })
    if not data:
        return None
    layout = base_layout(x_title="model", y_title="load time (s, log scale)", height=380,
                         barmode="group")
    # log: a cached load of a few seconds stays visible beside a compile of minutes
    layout["yaxis"].update({"type": "log", "dtick": 1})
    return Chart("chart-loads", "Load time per model", figure(data, layout), 380,
                 ("Log scale: each grid line is ten times the one below.",))


def steps_chart(summary: Summary, points: int) -> Chart | None:
    """Per-step latency per recording, with median and p90 lines and step 1 marked."""
    data: list[dict[str, Any]] = []
    for i, rec in enumerate(summary.recordings):
        steps = rec.steps
        if not steps or not steps.durations_s:
            continue
        colour = run_colour(i)
        durations = np.asarray(steps.durations_s, dtype="float64")
        x, y = minmax(np.arange(1, len(durations) + 1, dtype="float64"), durations, points)
        data.append({"type": "scatter", "mode": "lines+markers", "name": label(rec.name),
                     "x": f4(x), "y": f4(y), "line": {"color": colour, "width": 2},
                     "marker": {"size": 5},
                     "hovertemplate": f"{label(rec.name)} step %{{x}}: %{{y:.3f}} s<extra></extra>"})
        data.append({"type": "scatter", "mode": "markers", "name": label(f"{rec.name} step 1"),
                     "x": [1], "y": [float(durations[0])], "showlegend": False,
                     "marker": {"symbol": "star", "size": 14, "color": colour,
                                "line": {"color": "#111827", "width": 1}},
                     "hovertemplate": "step 1 (includes warm-up): %{y:.3f} s<extra></extra>"})
        n = float(len(durations))
        for value, what, dash in ((steps.median_s, "median", "dash"), (steps.p90_s, "p90", "dot")):
            if value is not None:  # a legend entry reads better than overlapping annotations
                data.append({"type": "scatter", "mode": "lines", "x": [1.0, n], "y": [value, value],
                             "name": label(f"{rec.name} {what} {fmt.seconds(value)}"),
                             "line": {"color": colour, "dash": dash, "width": 1.5},
                             "hovertemplate": f"{label(rec.name)} {what}: %{{y:.3f}} s<extra></extra>"})
    if not data:
        return None
    layout = base_layout(x_title="denoising step", y_title="step latency (s)", height=400,
                         hovermode="closest")
    layout["yaxis"]["rangemode"] = "tozero"
    return Chart("chart-steps", "Per-step latency", figure(data, layout), 400,
                 ("★ marks step 1, which includes warm-up and is reported apart.",))


#: (stage, colour) in pipeline order; model load comes from the loads, the rest from stages
STAGES = (("model load", "#8c564b"), ("text encode", "#ff7f0e"), ("denoise", "#1f77b4"),
          ("decode", "#17becf"))


def stage_seconds(rec: Recording) -> tuple[float | None, ...]:
    """Seconds per entry of :data:`STAGES` for one recording (None: not measured)."""
    st = rec.stages
    return (model_load_s(rec), st.text_encode_s if st else None, st.denoise_s if st else None,
            st.decode_s if st else None)


def stages_chart(summary: Summary) -> Chart | None:
    """Stacked horizontal bars: model load, text encode, denoise, decode per recording."""
    recs = [r for r in summary.recordings if any(v is not None for v in stage_seconds(r))]
    if not recs:
        return None
    names = [label(r.name) for r in recs]
    data = []
    for i, (what, colour) in enumerate(STAGES):
        values = [stage_seconds(r)[i] for r in recs]
        data.append({"type": "bar", "orientation": "h", "name": what, "y": names,
                     "x": [v if v is not None else 0.0 for v in values],
                     "text": [fmt.seconds(v) for v in values], "textposition": "inside",
                     "marker": {"color": colour},
                     "hovertemplate": f"%{{y}} {what}: %{{x:.2f}} s<extra></extra>"})
    height = 120 + 50 * len(recs)
    layout = base_layout(x_title="time (s)", y_title="recording", height=height, barmode="stack")
    layout["legend"]["traceorder"] = "normal"
    layout["yaxis"]["autorange"] = "reversed"
    return Chart("chart-stages", "Stage breakdown", figure(data, layout), height,
                 ("Model load is the time the recording's model loads covered (overlaps "
                  "counted once).",))


def _frame_xy(series: RecordingSeries, frame: str, column: str, scale: float, points: int):
    df = series.frames.get(frame)
    if df is None or df.empty or column not in df or "time_ns" not in df:
        return None
    df = df.sort_values("time_ns", kind="stable")
    x = df["time_ns"].to_numpy(dtype="float64") / 1e9
    y = df[column].to_numpy(dtype="float64") / scale
    x, y = minmax(x, y, points)
    return (f4(x), f4(y)) if len(x) else None


def memory_chart(analysis: Analysis, points: int) -> Chart | None:
    """App footprint and system memory over time, with RAM, jetsam budget and the peak."""
    summary = analysis.summary
    data, shapes, notes = [], [], []
    for i, (rec, series) in enumerate(zip(summary.recordings, analysis.series, strict=False)):
        colour = run_colour(i)
        for frame, column, what, dash in (("memory", "footprint_bytes", "app footprint", "solid"),
                                          ("system_memory", "used_bytes", "system used", "dash"),
                                          ("system_memory", "compressed_bytes", "compressed", "dot")):
            xy = _frame_xy(series, frame, column, GIB, points)
            if xy is None:
                continue
            data.append({"type": "scatter", "mode": "lines", "name": label(f"{rec.name} {what}"),
                         "x": xy[0], "y": xy[1], "line": {"color": colour, "dash": dash, "width": 2},
                         "hovertemplate": f"{label(rec.name)} {what}: %{{y:.2f}} GiB at %{{x:.1f}} s<extra></extra>"})
    if not data:
        return None
    ram, budget, peak = analysis.limits.ram_bytes, analysis.limits.jetsam_bytes, analysis.peak
    if ram:
        shape, note = hline(ram / GIB, f"device RAM {fmt.nbytes(ram)}", "#111827", "solid")
        shapes.append(shape)
        notes.append(note)
    if budget:
        shape, note = hline(budget / GIB, f"{jetsam_label(analysis)} {fmt.nbytes(budget)} "
                            f"({analysis.limits.jetsam_source})",
                            "#dc2626", "dash")
        shapes.append(shape)
        notes.append(note)
    if peak:
        data.append({"type": "scatter", "mode": "markers", "name": "peak footprint",
                     "x": [peak.at_s], "y": [peak.bytes / GIB],
                     "marker": {"symbol": "triangle-down", "size": 14, "color": "#dc2626"},
                     "hovertemplate": "peak app footprint %{y:.2f} GiB at %{x:.1f} s<extra></extra>"})
        notes.append({"x": peak.at_s, "y": peak.bytes / GIB, "text": label(
            f"peak {fmt.nbytes(peak.bytes)} ({peak.recording}, {fmt.clock(peak.at_s)})"),
            "showarrow": True, "arrowhead": 2, "ax": -70, "ay": -45, "font": {"color": "#dc2626"}})
    layout = base_layout(x_title="time from recording start (s)", y_title="memory (GiB)",
                         height=420, shapes=shapes, annotations=notes, hovermode="closest")
    layout["yaxis"]["rangemode"] = "tozero"
    return Chart("chart-memory", "Memory over time", figure(data, layout), 420,
                 ("Solid: app physical footprint. Dashed: system memory used. Dotted: compressed.",))


def cpu_chart(analysis: Analysis, points: int) -> Chart | None:
    """Process and system CPU over time (100 % is one core)."""
    data = []
    for i, (rec, series) in enumerate(zip(analysis.summary.recordings, analysis.series, strict=False)):
        colour = run_colour(i)
        for frame, column, what, dash in (("cpu", "process_percent", "process", "solid"),
                                          ("system_cpu", "system_percent", "system", "dash")):
            xy = _frame_xy(series, frame, column, 1.0, points)
            if xy is None:
                continue
            data.append({"type": "scatter", "mode": "lines", "name": label(f"{rec.name} {what}"),
                         "x": xy[0], "y": xy[1], "line": {"color": colour, "dash": dash, "width": 2},
                         "hovertemplate": f"{label(rec.name)} {what}: %{{y:.0f}} % at %{{x:.1f}} s<extra></extra>"})
    if not data:
        return None
    layout = base_layout(x_title="time from recording start (s)",
                         y_title="CPU (%, 100 % = one core)", height=380, hovermode="closest")
    layout["yaxis"]["rangemode"] = "tozero"
    return Chart("chart-cpu", "CPU over time", figure(data, layout), 380,
                 ("Solid: the app's process. Dashed: the whole system.",))
