"""One plotly chart per trend figure: each series over time, its noise band, its verdicts.

Built on the report's chart helpers (:mod:`profiler.report.charts`): stable ``div_id``s, labels
HTML-escaped (plotly.js renders them as text), one colour per series across every chart.
"""

from __future__ import annotations

from typing import Any

from profiler.analysis.compare import Basis, Verdict
from profiler.analysis.store.trend import TrendFigure, TrendPoint, TrendSeries
from profiler.report import compare_view
from profiler.report.charts import Chart, base_layout, figure, label, run_colour
from profiler.report.trend_view import verdict_text
from profiler.units import GIB

#: How each unit is drawn: (scale, axis title).
_AXES = {"s": (1.0, "seconds"), "bytes": (1.0 / GIB, "GiB"), "percent": (1.0, "% (100 = one core)"),
         "fraction": (100.0, "%"), "steps/s": (1.0, "it/s")}
_MARKS = {Verdict.REGRESSION: "#dc2626", Verdict.IMPROVEMENT: "#059669"}


def div_id(fig: TrendFigure) -> str:
    return f"trend-{fig.metric}"


def trend_chart(fig: TrendFigure) -> Chart | None:
    """The figure's chart; None when no series has a value."""
    scale, axis = _AXES.get(fig.unit, (1.0, fig.unit))
    data: list[dict[str, Any]] = []
    for i, series in enumerate(fig.series):
        if not any(p.value is not None for p in series.points):
            continue
        colour = run_colour(i)
        data += _band(series, scale, colour)
        data.append(_line(fig, series, scale, colour))
        data += _verdicts(fig, series, scale)
    if not data:
        return None
    layout = base_layout(x_title="recorded (UTC)", y_title=f"{label(fig.title)} ({axis})",
                         height=420)
    layout["xaxis"]["type"] = "date"
    return Chart(div_id(fig), fig.title, figure(data, layout), 420)


def _band(series: TrendSeries, scale: float, colour: str) -> list[dict[str, Any]]:
    pts = [p for p in series.points if p.band_low is not None and p.band_high is not None]
    if not pts:
        return []
    x = [_x(p) for p in pts]
    name = label(f"{series.label} · band")
    return [
        {"type": "scatter", "mode": "lines", "x": x, "y": [p.band_high * scale for p in pts],  # type: ignore[operator]
         "line": {"width": 0, "color": colour}, "hoverinfo": "skip", "showlegend": False,
         "legendgroup": name, "name": name},
        {"type": "scatter", "mode": "lines", "x": x, "y": [p.band_low * scale for p in pts],  # type: ignore[operator]
         "line": {"width": 0, "color": colour}, "fill": "tonexty", "fillcolor": _alpha(colour),
         "hoverinfo": "skip", "legendgroup": name, "name": name},
    ]


def _line(fig: TrendFigure, series: TrendSeries, scale: float, colour: str) -> dict[str, Any]:
    pts = series.points
    return {
        "type": "scatter", "mode": "lines+markers", "name": label(series.label),
        "x": [_x(p) for p in pts],
        "y": [p.value * scale if p.value is not None else None for p in pts],
        "line": {"color": colour, "width": 1.5}, "marker": {"color": colour, "size": 6},
        "customdata": [[label(p.run_name or p.run_id), label(p.commit or "—"),
                        label(compare_view.value(fig.unit, p.value)), label(verdict_text(p))]
                       for p in pts],
        "hovertemplate": "%{customdata[0]} · commit %{customdata[1]}<br>%{customdata[2]}"
                         " · %{customdata[3]}<extra></extra>",
    }


def _verdicts(fig: TrendFigure, series: TrendSeries, scale: float) -> list[dict[str, Any]]:
    out = []
    for verdict, colour in _MARKS.items():
        for tested in (True, False):
            pts = [p for p in series.points if p.verdict is verdict and p.value is not None
                   and (p.basis is Basis.TESTED) == tested]
            if not pts:
                continue
            kind = str(verdict) if tested else f"{verdict} (indicative)"
            out.append({
                "type": "scatter", "mode": "markers", "name": label(f"{series.label} · {kind}"),
                "x": [_x(p) for p in pts],
                "y": [p.value * scale for p in pts],  # type: ignore[operator]
                "marker": {"size": 13, "color": colour if tested else "rgba(0,0,0,0)",
                           "line": {"color": colour, "width": 2},
                           "symbol": "circle" if tested else "circle-open"},
                "hoverinfo": "skip", "showlegend": True,
            })
    return out


def _x(point: TrendPoint) -> str:
    # plotly.js reads no UTC offset: the times are UTC already
    return point.recorded_at.strftime("%Y-%m-%d %H:%M:%S.%f")


def _alpha(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},0.15)"
