"""The Perfetto reporter, read back with the `perfetto` package's protos and checked against the
analysis of the SYNTHETIC sample run (and of a SYNTHETIC recording of three launches)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import profiler
from profiler.report.base import get_reporter
from profiler.report.perfetto import render_perfetto
from profiler.report.perfetto_tracks import THERMAL_TRACK
from tests.report.perfetto_decode import Proc, decode
from tests.report.sample import sample_run
from tests.synthetic import behaviours
from tests.synthetic.run import write_run

NS = 1_000_000_000


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> profiler.Analysis:
    return profiler.analyze(profiler.load(sample_run(tmp_path_factory.mktemp("sample"))))


@pytest.fixture(scope="module")
def written(analysis: profiler.Analysis, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The file as the registered reporter writes it."""
    path = tmp_path_factory.mktemp("pf") / "run.pftrace"
    with path.open("wb") as handle:
        get_reporter("analysis", "perfetto").render(analysis, handle)
    return path.read_bytes()


@pytest.fixture(scope="module")
def relaunched(tmp_path_factory: pytest.TempPathFactory) -> profiler.Analysis:
    folder = tmp_path_factory.mktemp("b01") / "run"
    write_run(behaviours.scenario("b01-relaunch-cold-then-warm"), folder)
    return profiler.analyze(profiler.load(folder))


def _intervals(frame: pd.DataFrame) -> list[tuple[int, int]]:
    return sorted(zip(frame["start_ns"].tolist(),
                      (frame["start_ns"] + frame["duration_ns"]).tolist(), strict=True))


def test_one_process_per_recording_of_the_sample(analysis, written) -> None:
    procs = decode(written)
    assert [p.name for p in procs] == [
        f"{r.process.name} (pid {r.launches[0].pid}) · {r.name} · launch 1"
        for r in analysis.summary.recordings]
    assert len({p.pid for p in procs}) == len(procs)  # never merged by Perfetto


def test_loads_steps_predictions_ane_and_footprint_match_the_analysis(analysis, written) -> None:
    for rec, series, proc in zip(analysis.summary.recordings, analysis.series, decode(written),
                                 strict=True):
        loads = proc.slices("Model loads")
        assert len(loads) == len(rec.loads) > 0
        assert sorted((s, e) for s, e, _ in loads) == sorted(
            (round(ld.start_s * NS), round((ld.start_s + ld.duration_s) * NS)) for ld in rec.loads)
        assert {n for *_, n in loads} == {f"Load ({ld.kind}): {ld.model}" for ld in rec.loads}
        steps = proc.slices("Steps")
        assert len(steps) == rec.steps.count > 0
        assert [(s, e) for s, e, _ in steps] == _intervals(series.frames["steps"])
        assert [n for *_, n in steps] == [f"step {k}" for k in range(1, rec.steps.count + 1)]
        predictions = [s for name, t in proc.tracks.items()
                       if name.startswith("Core ML predictions: ") for s in t.slices]
        assert len(predictions) == len(series.frames["predictions"]) > 0
        for model, rows in series.frames["predictions"].groupby("model"):
            assert len(proc.slices(f"Core ML predictions: {model}")) == len(rows)
        ane = proc.slices("Neural Engine")
        assert len(ane) == rec.ane.intervals > 0
        assert [(s, e) for s, e, _ in ane] == _intervals(series.frames["ane"])
        footprint = [v for _, v in proc.tracks["App footprint"].values]
        assert max(footprint) == rec.memory.peak_footprint_bytes


def test_no_slice_track_mis_nests(analysis, written) -> None:
    procs = decode(written)
    slice_tracks = [t for p in procs for t in p.tracks.values() if t.slices]
    assert any(t.thread for t in slice_tracks) and any(not t.thread for t in slice_tracks)
    assert {t.name: t.misnested for t in slice_tracks} == {t.name: 0 for t in slice_tracks}
    # the app's `generate` interval holds its steps: nested on one track, not split
    signposts = procs[0].tracks["App signposts"]
    assert {n for *_, n in signposts.slices} >= {"generate", "unetStep", "textEncode"}
    assert procs[0].family("App signposts") == [signposts]


def test_the_same_bytes_twice(analysis, written) -> None:
    assert render_perfetto(analysis) == written == render_perfetto(analysis)


def test_counters_and_their_units(analysis, written) -> None:
    proc = decode(written)[0]
    rec, series = analysis.summary.recordings[0], analysis.series[0]
    names = set(proc.tracks)
    assert {"App footprint", "System memory used", "Jetsam budget",
            "Process CPU % (100 % = one core)", "System CPU % (100 % = one core)",
            THERMAL_TRACK} <= names
    assert all(proc.tracks[n].counter for n in ("App footprint", "Jetsam budget", THERMAL_TRACK))
    jetsam = proc.tracks["Jetsam budget"].values
    assert {v for _, v in jetsam} == {float(analysis.limits.jetsam_bytes)}
    assert [t for t, _ in jetsam] == [0, round(rec.launches[0].end_s * NS)]
    system = [v for _, v in proc.tracks["System CPU % (100 % = one core)"].values]
    assert max(system) == pytest.approx(rec.cpu.system_peak_percent)
    thermal = proc.tracks[THERMAL_TRACK].values
    states = series.frames["thermal"]["state"].tolist()
    levels = {"Nominal": 0.0, "Fair": 1.0, "Serious": 2.0, "Critical": 3.0}
    assert [v for _, v in thermal] == [levels[s] for s in states]


def test_loads_are_coloured_by_kind(written) -> None:
    procs = decode(written)
    cold, warm = (p.tracks["Model loads"].correlation for p in procs)
    assert set(cold) == {"load uncached"} and set(warm) == {"load cached"}


def test_diagnostics_are_instants_with_code_and_message(analysis, written) -> None:
    procs = decode(written)
    marks = [m for p in procs for m in p.tracks["Diagnostics"].instants]
    codes = {d.code for d in analysis.summary.diagnostics}
    assert {args["code"] for *_, args in marks} == codes
    slow = next(d for d in analysis.summary.diagnostics if d.code == "slow-uncached-load")
    t, name, args = next(m for m in procs[0].tracks["Diagnostics"].instants
                         if m[2]["code"] == "slow-uncached-load")
    assert (t, name) == (round(slow.evidence.time_s * NS), f"warning: {slow.code}")
    assert args["message"] == slow.message and args["count"] == slow.count


def test_every_launch_is_its_own_process(relaunched) -> None:
    rec = relaunched.summary.recordings[0]
    assert len(rec.launches) == 3
    procs = decode(render_perfetto(relaunched))
    assert [p.name for p in procs] == [f"{rec.process.name} (pid {la.pid}) · {rec.name} · "
                                       f"launch {la.number}" for la in rec.launches]
    for la, proc in zip(rec.launches, procs, strict=True):
        assert len(proc.slices("Model loads")) == len(la.loads)
        assert len(proc.slices("Steps")) == la.steps.count
        assert max(v for _, v in proc.tracks["App footprint"].values) == la.peak_footprint_bytes
    # every sample lands in exactly one launch
    footprints = sum(len(p.tracks["App footprint"].values) for p in procs)
    assert footprints == len(relaunched.series[0].frames["memory"])


def test_overlapping_intervals_open_lanes_and_none_is_dropped(analysis) -> None:
    series = analysis.series[0]
    ane = series.frames["ane"]
    shifted = ane.assign(start_ns=ane["start_ns"] + ane["duration_ns"] // 2)
    overlapping = pd.concat([ane, shifted], ignore_index=True)  # SYNTHETIC: half-overlapping
    frames = {**series.frames, "ane": overlapping}
    doc = replace(analysis, series=(replace(series, frames=frames), *analysis.series[1:]))
    proc: Proc = decode(render_perfetto(doc))[0]
    lanes = proc.family("Neural Engine")
    assert len(lanes) >= 2 and [t.name for t in lanes][:2] == ["Neural Engine", "Neural Engine (2)"]
    assert all(t.misnested == 0 and not t.thread for t in lanes)
    assert [(s, e) for s, e, _ in proc.slices("Neural Engine")] == _intervals(overlapping)


def test_a_framework_label_names_the_prediction_tracks(analysis) -> None:
    series = analysis.series[0]
    preds = series.frames["predictions"].assign(framework="Core AI")
    doc = replace(analysis, series=(replace(series, frames={**series.frames, "predictions": preds}),
                                    *analysis.series[1:]))
    proc = decode(render_perfetto(doc))[0]
    assert {n for n in proc.tracks if "predictions" in n} == {
        f"Core AI predictions: {m}" for m in set(preds["model"])}


def test_hostile_strings_are_capped_and_encodable(analysis) -> None:
    series = analysis.series[0]
    hostile = "Unet\x1b[31m\n<script>\ud800" + "x" * 10_000  # SYNTHETIC: control, surrogate, long
    n = len(series.frames["predictions"])
    preds = series.frames["predictions"].assign(model=pd.Series([hostile] * n, dtype=object))
    doc = replace(analysis, series=(replace(series, frames={**series.frames, "predictions": preds}),
                                    *analysis.series[1:]))
    proc = decode(render_perfetto(doc))[0]
    (track,) = [n for n in proc.tracks if "predictions" in n]
    assert len(track) == 120 and track.endswith("…") and "\x1b" not in track and "\n" not in track
    assert track.startswith("Core ML predictions: Unet [31m <script>?x")


def test_written_by_the_cli_beside_the_reports(analysis, tmp_path: Path) -> None:
    from profiler.report import outputs

    planned = (outputs.Output("perfetto", str(tmp_path / "a.pftrace")),)
    assert outputs.write("analysis", planned, analysis, force=False) == [str(tmp_path / "a.pftrace")]
    assert (tmp_path / "a.pftrace").read_bytes() == render_perfetto(analysis)


def test_what_the_recording_lacks_is_said_on_its_own_track(analysis) -> None:
    from profiler.analysis.series import empty_frame
    from profiler.analysis.summary import Unavailable

    series, rec = analysis.series[0], analysis.summary.recordings[0]
    why = "not available: gpu-intervals not exported (SYNTHETIC reason)"
    doc = replace(
        analysis,
        series=(replace(series, frames={**series.frames, "gpu": empty_frame("gpu")}),
                *analysis.series[1:]),
        summary=replace(analysis.summary, recordings=(
            replace(rec, unavailable=(Unavailable("gpu", why),)), *analysis.summary.recordings[1:])))
    first, second = decode(render_perfetto(doc))
    assert "GPU" not in first.tracks and "GPU" in second.tracks
    assert first.tracks["Not measured"].instants == [(0, "no GPU intervals", {"why": why})]
    assert "Not measured" not in second.tracks
