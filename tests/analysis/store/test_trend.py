"""store trend: points per series in time order, the noise band, and the gate's verdicts."""

from __future__ import annotations

import statistics
from dataclasses import replace
from pathlib import Path

import pytest

import profiler
from profiler.analysis.compare import Basis, Verdict
from profiler.analysis.compare.figures import FIGURES
from profiler.analysis.store.add import add_path, store_analysis
from profiler.analysis.store.identity import RunMeta, run_id
from profiler.analysis.store.trend import MAD_TO_SIGMA, TrendDocument, trend
from profiler.errors import ExitCode, ProfilerError
from profiler.report.base import get_reporter
from tests.analysis.store.fleet import IPHONE_13_PRO_MAX, IPHONE_14_PRO, FleetRun, write_fleet

HOSTILE = "<script>alert(1)</script>|@here"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[FleetRun]:
    """Five days on two devices; the iPhone 14 Pro's last run is 25 % slower (SYNTHETIC)."""
    return write_fleet(tmp_path_factory.mktemp("trend"), days=5, slow_last=True,
                       devices=((IPHONE_13_PRO_MAX, 0.75), (IPHONE_14_PRO, 0.62)))


@pytest.fixture(scope="module")
def store(runs: list[FleetRun], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("trend-store") / "s"
    for run in runs:
        branch = HOSTILE if run.day == 2 else "main"
        add_path(path, run.path, commit=f"{run.commit}{HOSTILE if run.day == 3 else ''}",
                 branch=branch)
    return path


def _series(doc: TrendDocument, metric: str) -> dict[str, list]:
    fig = next(f for f in doc.figures if f.metric == metric)
    return {dict(s.key)["device"]: list(s.points) for s in fig.series}


def test_points_follow_time_within_each_device(store: Path, runs: list[FleetRun]) -> None:
    doc = trend(store, metrics=["step_median_s"], window=3)
    series = _series(doc, "step_median_s")
    assert set(series) == {"iPhone14,3", "iPhone15,2"} and doc.runs == len(runs)
    for device, points in series.items():
        mine = [r for r in runs if r.device.product_type == device]
        assert [p.run_id for p in points] == [run_id(r.path) for r in mine]  # day order
        assert [p.window for p in points] == [0, 1, 2, 3, 3]
        assert [p.value for p in points] == pytest.approx(
            [r.truth.headline["step_median_s"] for r in mine], abs=1e-9)


def test_only_the_slow_run_is_a_significant_regression(store: Path, runs: list[FleetRun]) -> None:
    doc = trend(store, metrics=["step_median_s", "steps_per_s"], window=3)
    slow = next(r for r in runs if r.slow)
    for metric in ("step_median_s", "steps_per_s"):
        flagged = [(device, p.run_id) for device, points in _series(doc, metric).items()
                   for p in points if p.significant]
        assert flagged == [("iPhone15,2", run_id(slow.path))], metric
    last = _series(doc, "step_median_s")["iPhone15,2"][-1]
    assert (last.verdict, last.basis) == (Verdict.REGRESSION, Basis.TESTED)
    assert last.relative_delta == pytest.approx(0.25, abs=0.05)
    first = _series(doc, "step_median_s")["iPhone14,3"][0]
    assert (first.verdict, first.window) == (Verdict.UNAVAILABLE, 0)


def test_the_band_is_the_windows_median_and_robust_spread(store: Path,
                                                          runs: list[FleetRun]) -> None:
    doc = trend(store, metrics=["step_median_s"], window=3)
    points = _series(doc, "step_median_s")["iPhone14,3"]
    truth = [r.truth.headline["step_median_s"] for r in runs
             if r.device.product_type == "iPhone14,3"]
    assert points[2].band_mid is None  # two runs before it: no band yet
    for i in (3, 4):
        window = truth[i - 3:i]
        mid = statistics.median(window)
        half = 3 * MAD_TO_SIGMA * statistics.median(abs(v - mid) for v in window)
        assert (points[i].band_low, points[i].band_mid, points[i].band_high) == pytest.approx(
            (mid - half, mid, mid + half), abs=1e-9)


def test_series_by_another_key_and_a_where(store: Path) -> None:
    doc = trend(store, metrics=["peak_footprint_bytes"], by=["os_build"],
                where="device = 'iPhone15,2'")
    (fig,) = doc.figures
    assert [s.key for s in fig.series] == [(("os_build", "21B80"),)]
    assert doc.runs == 5


def test_runs_without_a_time_are_counted_not_drawn(runs: list[FleetRun], tmp_path: Path) -> None:
    summary = profiler.analyze(profiler.load(runs[0].path)).summary
    timeless = replace(summary, recordings=tuple(replace(r, start_date=None)
                                                 for r in summary.recordings))
    add_path(tmp_path / "s", runs[1].path)
    store_analysis(tmp_path / "s", timeless, RunMeta("e" * 20, "run-folder", "0.1.0"))
    doc = trend(tmp_path / "s", metrics=["step_median_s"])
    assert (doc.runs, doc.undated) == (1, 1)
    assert "1 run without a recording time" in _render("md", doc)


def test_bad_options_are_usage_errors(store: Path) -> None:
    for kwargs, message in (({"metrics": ["nope"]}, "unknown figure"),
                            ({"by": ["run_id"]}, "cannot group by"), ({"window": 0}, "window")):
        with pytest.raises(ProfilerError, match=message) as caught:
            trend(store, **kwargs)
        assert caught.value.exit_code == ExitCode.USAGE


def _render(kind: str, doc: TrendDocument) -> str:
    import io

    out = io.StringIO()
    get_reporter("trend", kind).render(doc, out)
    return out.getvalue()


def test_reports_escape_trace_strings_and_are_deterministic(store: Path) -> None:
    doc = trend(store, by=["device", "branch"], window=3)
    html = _render("html", doc)
    assert html == _render("html", trend(store, by=["device", "branch"], window=3))
    assert "<script>alert(1)" not in html and '<script src="http' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # in the tables, escaped
    assert html.count("<script>") == 2  # plotly.js once, then the figures
    md = _render("md", doc)
    assert "<script>" not in md and "&lt;script&gt;" in md and "&#124;&#64;here" in md
    assert md.count("## ") == len(FIGURES) == 9  # every compared headline figure


def test_an_empty_store_queries_and_trends(tmp_path: Path) -> None:
    from profiler.analysis.store import layout
    from profiler.analysis.store.query import query

    layout.check_store(tmp_path / "s", create=True)
    assert query(tmp_path / "s", "SELECT count(*) AS n FROM runs").to_pylist() == [{"n": 0}]
    columns = query(tmp_path / "s", "SELECT * FROM samples").column_names
    assert columns[-2:] == ["device", "os_build"] and "value" in columns
    doc = trend(tmp_path / "s")
    assert doc.runs == 0 and all(not f.series for f in doc.figures)
    assert "No run in the store matches." in _render("html", doc)
