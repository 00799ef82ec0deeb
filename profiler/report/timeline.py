"""The timeline chart: one time axis, one lane per activity, per recording."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from profiler.analysis.series import RecordingSeries
from profiler.report.charts import TOP_MARGIN, Chart, base_layout, f4, figure, label
from profiler.report.downsample import merge_intervals

#: (lane title, frame, label column or None, colour of an unlabelled lane)
LANES = (
    ("Loads", "loads", "kind", None),
    ("Predictions", "predictions", "model", None),
    ("Steps", "steps", None, "#1f77b4"),
    ("Stages", "stages", "stage", None),
    ("Neural Engine", "ane", None, "#bcbd22"),
    ("GPU", "gpu", None, "#525252"),
    ("Thermal", "thermal", "state", None),
)
#: per lane, colours by normalised label (lower case, letters only: `textEncode` =
#: `text_encode`). One colour means one thing on the whole chart: a stage's colour is never a
#: load kind's or a lane's (tests/report/test_timeline.py checks the whole table).
LABEL_COLOURS = {
    "Loads": {"uncached": "#d62728", "cached": "#2ca02c", "unknown": "#9ca3af"},
    "Stages": {"textencode": "#ff7f0e", "unetstep": "#393b79", "denoise": "#393b79",
               "vaedecode": "#17becf", "decode": "#17becf", "load": "#8c564b",
               "generate": "#c5b0d5", "safetycheck": "#e377c2"},
    "Thermal": {"nominal": "#98df8a", "fair": "#fee391", "serious": "#ff9896",
                "critical": "#67000d"},
}
#: other labels (models, unknown stages), in order of appearance, skipping colours in use
OTHER_COLOURS = ("#9467bd", "#637939", "#5254a3", "#d6616b", "#6b6ecf", "#b5cf6b", "#843c39",
                 "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1")
#: legend entry height and the gap between lanes' groups (plotly's default tracegroupgap)
LEGEND_ROW_PX = 22
LEGEND_GAP_PX = 10
MAX_LABELS = 8  # per lane; rarer labels are drawn together as "other"


def _groups(df: pd.DataFrame, column: str | None) -> list[tuple[str, pd.DataFrame]]:
    if column is None or column not in df:
        return [("", df)]
    labels = df[column].astype("string").fillna("?")
    counts = labels.value_counts(sort=False)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    keep = [str(k) for k, _ in ranked[:MAX_LABELS]]
    out = [(k, df[labels == k]) for k in keep]
    rest = df[~labels.isin(keep)]
    if not rest.empty:
        out.append(("other", rest))
    return out


def timeline_chart(series: RecordingSeries, index: int, max_segments: int) -> Chart | None:
    """Lanes of intervals on the recording's time axis; dense lanes are merged (see downsample)."""
    data: list[dict[str, Any]] = []
    lane_names: list[str] = []
    empty: list[str] = []
    taken = {c for lane in LABEL_COLOURS.values() for c in lane.values()}
    taken |= {c for *_, c in LANES if c}
    spare = [c for c in OTHER_COLOURS if c not in taken]
    others: dict[tuple[str, str], str] = {}
    for title, frame, column, colour in LANES:
        df = series.frames.get(frame)
        if df is None or df.empty or "start_ns" not in df or "duration_ns" not in df:
            empty.append(title)
            continue
        y = len(lane_names)
        lane_names.append(title)
        for name, part in _groups(df, column):
            segs = merge_intervals(part["start_ns"].to_numpy("float64") / 1e9,
                                   part["duration_ns"].to_numpy("float64") / 1e9, max_segments)
            if not len(segs):
                continue
            key = "".join(ch for ch in name.lower() if ch.isalpha())
            known = LABEL_COLOURS.get(title, {})
            if key in known:
                c = known[key]
            elif colour is not None and not name:
                c = colour
            else:  # a colour of its own while spares last, then they repeat
                c = others.setdefault((title, key), spare[len(others) % len(spare)])
            merged = bool((segs.count > 1).any())
            what = f"{title}: {name}" if name else title
            data.append({
                "type": "bar", "orientation": "h", "name": label(name or title),
                "legendgroup": label(title),
                **({"legendgrouptitle": {"text": label(title)}} if name else {}),
                "y": np.full(len(segs), y, dtype="int8"), "base": f4(segs.start_s),
                "x": f4(np.maximum(segs.end_s - segs.start_s, 1e-4)),
                "customdata": f4(segs.start_s), "marker": {"color": c, "line": {"width": 0}},
                "width": 0.7, "showlegend": True,  # every lane and label has a legend entry
                "hovertemplate": f"{label(what)}{' (merged)' if merged else ''}<br>"
                                 "start %{customdata:.3f} s<br>duration %{x:.3f} s<extra></extra>",
            })
    if not data:
        return None
    # tall enough for the whole legend: one row per entry, one per lane title
    titled = len({t["legendgroup"] for t in data if "legendgrouptitle" in t})
    legend_px = LEGEND_ROW_PX * (len(data) + titled) + LEGEND_GAP_PX * len(lane_names)
    height = max(110 + 46 * len(lane_names), TOP_MARGIN + 60 + legend_px)
    layout = base_layout(x_title="time from recording start (s)", y_title="", height=height,
                         barmode="overlay", hovermode="closest", bargap=0.2)
    layout["yaxis"].update({"tickvals": list(range(len(lane_names))), "ticktext": lane_names,
                            "autorange": "reversed", "showgrid": False})
    layout["margin"]["l"] = 110
    notes = (f"No data for: {', '.join(empty)}.",) if empty else ()
    return Chart(f"chart-timeline-{index + 1}", f"Timeline — {series.name}", figure(data, layout),
                 height, notes)
