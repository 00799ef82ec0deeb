"""Chart rules that keep figures honest: log load axis, model loading in the stage breakdown,
legends clear of the toolbar, one distinct colour per meaning on the timeline."""

from __future__ import annotations

from profiler.analysis.result import Analysis
from profiler.analysis.stage_times import model_load_s
from profiler.report import charts
from profiler.report.timeline import LABEL_COLOURS, LANES, OTHER_COLOURS, timeline_chart


def test_load_chart_uses_a_log_axis(analysis: Analysis) -> None:
    chart = charts.loads_chart(analysis)
    assert chart is not None
    axis = chart.figure["layout"]["yaxis"]
    assert axis["type"] == "log" and "log scale" in axis["title"]["text"]


def test_stage_breakdown_starts_with_model_loading(analysis: Analysis) -> None:
    chart = charts.stages_chart(analysis.summary)
    assert chart is not None
    traces = chart.figure["data"]
    assert [t["name"] for t in traces] == ["model load", "text encode", "denoise", "decode"]
    loads = [model_load_s(r) for r in analysis.summary.recordings]
    assert all(v is not None and v > 0 for v in loads)
    assert traces[0]["x"] == loads  # seconds per recording, the union of its loads


def test_legends_stand_right_of_the_plot_below_the_toolbar(analysis: Analysis) -> None:
    for chart in (charts.loads_chart(analysis), charts.stages_chart(analysis.summary),
                  charts.memory_chart(analysis, 500), charts.cpu_chart(analysis, 500)):
        assert chart is not None
        layout = chart.figure["layout"]
        assert layout["legend"]["x"] >= 1 and layout["legend"]["xanchor"] == "left"
        assert layout["legend"]["y"] == 1 and layout["legend"]["yanchor"] == "top"
        assert layout["margin"]["t"] >= charts.TOP_MARGIN


def test_timeline_colour_table_gives_each_meaning_its_own_colour() -> None:
    colours = [c for lane in LABEL_COLOURS.values() for key, c in lane.items()
               if key not in ("denoise", "decode")]  # aliases of unetStep, vaeDecode
    colours += [c for *_, c in LANES if c]
    assert len(colours) == len(set(colours))
    assert len([c for c in OTHER_COLOURS if c not in colours]) >= 8


def test_timeline_has_a_legend_entry_per_lane_and_distinct_colours(analysis: Analysis) -> None:
    for index, series in enumerate(analysis.series):
        chart = timeline_chart(series, index, 1000)
        assert chart is not None
        fig = chart.figure
        lanes = fig["layout"]["yaxis"]["ticktext"]
        shown = {t["legendgroup"] for t in fig["data"] if t["showlegend"]}
        assert set(lanes) == shown, (lanes, shown)
        by_meaning = {(t["legendgroup"], t["name"]): t["marker"]["color"] for t in fig["data"]}
        assert len(set(by_meaning.values())) == len(by_meaning), by_meaning
