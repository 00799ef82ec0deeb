"""Summaries of both contract versions read back (`profiler compare` and anything else that
reads a summary): version 2 as written, version 1 as one launch per recording."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import profiler
from profiler.analysis import aggregate
from profiler.analysis.compare import compare_paths
from profiler.analysis.summary import SUMMARY_VERSION, Environment, Summary
from tests.conftest import ROOT, SAMPLE_RUN
from tests.synthetic import behaviours
from tests.synthetic.run import write_run

V1 = ROOT / "tests" / "fixtures" / "summaries" / "sample-v1.json"


@pytest.fixture(scope="module")
def relaunched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("b01") / "run"
    write_run(behaviours.scenario("b01-relaunch-cold-then-warm"), folder)
    return folder


def test_version_2_reads_without_the_version_3_fields(relaunched: Path) -> None:
    summary = profiler.analyze(profiler.load(relaunched)).summary
    data = json.loads(json.dumps(summary.to_dict()))
    data["version"] = 2
    del data["environment"]
    for rec in data["recordings"]:
        rec["thermal"] and rec["thermal"].pop("start") and rec["thermal"].pop("end")
        for la in rec["launches"]:
            del la["first_step_after_s"]
            for g in la["generations"]:
                del g["end_to_end_s"]
    back = Summary.from_dict(data)
    assert back.environment == Environment()
    assert [la.first_step_after_s for la in back.recordings[0].launches] == [None] * 3
    assert [la.pid for la in back.recordings[0].launches] == [1234, 1302, 1370]


def test_version_3_round_trips_with_its_launches(relaunched: Path) -> None:
    summary = profiler.analyze(profiler.load(relaunched)).summary
    data = json.loads(json.dumps(summary.to_dict()))
    assert data["version"] == SUMMARY_VERSION == 3
    back = Summary.from_dict(data)
    assert back == summary
    assert [la.pid for la in back.recordings[0].launches] == [1234, 1302, 1370]


def test_version_1_reads_as_one_launch_per_recording() -> None:
    data = json.loads(V1.read_text("utf-8"))
    assert data["version"] == 1 and "launches" not in data["recordings"][0]
    summary = Summary.from_dict(data, path=str(V1))
    for rec, raw in zip(summary.recordings, data["recordings"], strict=True):
        (launch,) = rec.launches
        assert launch.number == 1 and launch.pid == raw["process"]["pid"]
        assert [(ld.model, str(ld.kind), ld.duration_s) for ld in launch.loads] == [
            (ld["model"], ld["kind"], ld["duration_s"]) for ld in raw["loads"]]
        assert launch.steps.durations_s == tuple(raw["steps"]["durations_s"])
        assert launch.peak_footprint_bytes == raw["memory"]["peak_footprint_bytes"]
    # the run-level rules over its launches give the headline version 1 wrote
    for spec in aggregate.RUN_FIGURES:
        if spec.metric in ("app_cpu_peak_percent", "system_cpu_peak_percent"):
            continue  # added in version 3; read below
        assert spec.of(summary.recordings) == pytest.approx(data["headline"][spec.metric]), \
            spec.metric


def test_a_summary_without_whose_cpu_gets_both_figures_from_its_recordings() -> None:
    data = json.loads(V1.read_text("utf-8"))
    assert "app_cpu_peak_percent" not in data["headline"]
    summary = Summary.from_dict(data, path=str(V1))
    assert summary.headline.app_cpu_peak_percent is None  # not in the file, not invented
    assert aggregate.run_value(summary, "app_cpu_peak_percent") == pytest.approx(
        max(r["cpu"]["process_peak_percent"] for r in data["recordings"]))
    assert aggregate.run_value(summary, "system_cpu_peak_percent") == pytest.approx(
        max(r["cpu"]["system_peak_percent"] for r in data["recordings"]))


def test_compare_reads_version_1_against_version_2(tmp_path: Path) -> None:
    v2 = tmp_path / "sample-v2.json"
    v2.write_text(json.dumps(profiler.analyze(profiler.load(SAMPLE_RUN)).summary.to_dict()))
    doc = compare_paths([V1, v2], labels=["v1", "v2"])
    by_metric = {f.metric: f for f in doc.comparison.figures}
    for metric in ("uncached_load_s", "cached_load_s", "step_median_s", "steps_per_s",
                   "peak_footprint_bytes", "ane_busy_fraction", "app_cpu_peak_percent",
                   "system_cpu_peak_percent"):
        base, other = by_metric[metric].cells
        assert base.value == pytest.approx(other.value), metric  # the same sample, both versions
        assert base.n == other.n, metric  # the same units behind each test
    assert not doc.comparison.regressions


def test_compare_counts_launches_as_units(relaunched: Path) -> None:
    doc = compare_paths([V1, relaunched], labels=["v1", "relaunched"])
    steps = dict(doc.step_distributions)
    assert steps["v1"].recordings == 2  # two recordings of one launch each
    assert steps["relaunched"].recordings == 3  # one recording, three launches
    cached = {f.metric: f for f in doc.comparison.figures}["cached_load_s"].cells
    assert [c.n for c in cached] == [1, 2]  # launches whose loads are all cached
