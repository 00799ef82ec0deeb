"""Why a headline figure is missing (profiler.analysis.missing), on SYNTHETIC runs."""

from __future__ import annotations

from pathlib import Path

import profiler
from profiler.analysis.missing import EXPLAINED_BY, missing_figures
from tests.analysis.conftest import Make
from tests.synthetic.scenario import ALL_TABLES


def _missing(folder: Path) -> dict[str, str]:
    analysis = profiler.analyze(profiler.load(folder))
    return {m.metric: m.reason for m in analysis.missing_figures}


def test_a_full_run_misses_no_figure(make_run: Make) -> None:
    folder, truth = make_run()
    assert all(truth["headline"][k] is not None for k in EXPLAINED_BY)
    assert _missing(folder) == {}


def test_without_process_tables_the_footprint_is_missing_with_the_tables_named(
        make_run: Make) -> None:
    process = {"activity-monitor-process-live", "sysmon-process"}
    folder, _ = make_run(tables=tuple(t for t in ALL_TABLES if t not in process))
    missing = _missing(folder)
    # the system's CPU peak comes from the system table; the app's needs a process table
    assert set(missing) == {"peak_footprint_bytes", "app_cpu_peak_percent"}
    for table in process:
        assert table in missing["peak_footprint_bytes"]
        assert table in missing["app_cpu_peak_percent"]
    assert "uncached_load_s" not in missing and "step_median_s" not in missing


def test_one_launch_has_no_cached_load_and_says_a_second_launch_measures_it(
        make_run: Make) -> None:
    from tests.synthetic.scenario import RecordingSpec

    folder, _ = make_run(recordings=(RecordingSpec(cached=False),))
    missing = _missing(folder)
    assert list(missing) == ["cached_load_s"]
    assert "second launch" in missing["cached_load_s"]


def test_without_neural_engine_intervals_its_share_names_both_ane_tables(make_run: Make) -> None:
    folder, _ = make_run(tables=tuple(t for t in ALL_TABLES if t != "ane-hw-intervals"))
    missing = _missing(folder)
    assert list(missing) == ["ane_busy_fraction"]
    assert "ane-hw-intervals: " in missing["ane_busy_fraction"]
    assert "ane-hw-intervals-internal: " in missing["ane_busy_fraction"]


def test_an_empty_summary_lists_every_explained_figure() -> None:
    from profiler.analysis.summary import DeviceInfo, Headline, Summary

    found = missing_figures(Summary(DeviceInfo(), (), Headline()))
    assert [m.metric for m in found] == list(EXPLAINED_BY)
    assert {m.reason for m in found} == {"not available: the input holds no recording"}
