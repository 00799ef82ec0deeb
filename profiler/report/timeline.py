"""The timeline chart: one time axis, one lane per activity, per recording."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from profiler.analysis.series import RecordingSeries
from profiler.report.charts import Chart, base_layout, f4, figure, label
from profiler.report.downsample import merge_intervals

#: (lane title, frame, label column or None, colour)
LANES = (
    ("Loads", "loads", "kind", "#dc2626"),
    ("Predictions", "predictions", "model", "#7c3aed"),
    ("Steps", "steps", None, "#2563eb"),
    ("Stages", "stages", "stage", "#0891b2"),
    ("Neural Engine", "ane", None, "#059669"),
    ("GPU", "gpu", None, "#d97706"),
    ("Thermal", "thermal", "state", None),
)
#: colours by normalised label (lower case, letters only), so `textEncode` = `text_encode`
LABEL_COLOURS = {
    "uncached": "#dc2626", "cached": "#16a34a", "unknown": "#9ca3af",
    "nominal": "#86efac", "fair": "#fde047", "serious": "#fb923c", "critical": "#dc2626",
    "textencode": "#f59e0b", "unetstep": "#2563eb", "denoise": "#2563eb", "vaedecode": "#10b981",
    "decode": "#10b981", "load": "#ef4444", "generate": "#c4b5fd", "safetycheck": "#f472b6",
}
OTHER_COLOURS = ("#64748b", "#0ea5e9", "#a855f7", "#f43f5e", "#84cc16", "#eab308")
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
    colour_i = 0
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
            if key in LABEL_COLOURS:
                c = LABEL_COLOURS[key]
            elif colour is not None and not name:
                c = colour
            else:
                c = OTHER_COLOURS[colour_i % len(OTHER_COLOURS)]
                colour_i += 1
            merged = bool((segs.count > 1).any())
            what = f"{title}: {name}" if name else title
            data.append({
                "type": "bar", "orientation": "h", "name": label(what),
                "y": np.full(len(segs), y, dtype="int8"), "base": f4(segs.start_s),
                "x": f4(np.maximum(segs.end_s - segs.start_s, 1e-4)),
                "customdata": f4(segs.start_s), "marker": {"color": c, "line": {"width": 0}},
                "width": 0.7, "showlegend": bool(name),
                "hovertemplate": f"{label(what)}{' (merged)' if merged else ''}<br>"
                                 "start %{customdata:.3f} s<br>duration %{x:.3f} s<extra></extra>",
            })
    if not data:
        return None
    height = 110 + 46 * len(lane_names)
    layout = base_layout(x_title="time from recording start (s)", y_title="", height=height,
                         barmode="overlay", hovermode="closest", bargap=0.2)
    layout["yaxis"].update({"tickvals": list(range(len(lane_names))), "ticktext": lane_names,
                            "autorange": "reversed", "showgrid": False})
    layout["margin"]["l"] = 110
    notes = (f"No data for: {', '.join(empty)}.",) if empty else ()
    return Chart(f"chart-timeline-{index + 1}", f"Timeline — {series.name}", figure(data, layout),
                 height, notes)
