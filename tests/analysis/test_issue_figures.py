"""What a bug issue needs (issue 15): per-image end-to-end seconds, launch to first step, the
thermal state at each recording's start and end, and the run's environment. SYNTHETIC runs of
tests/synthetic: expected values come from the generator's own timeline, not from the analysis.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pytest

import profiler
from profiler.analysis import loops as LP
from profiler.analysis.environment import environment
from profiler.runrecord import RecordedOptions
from tests.conftest import ROOT, SAMPLE_RUN
from tests.synthetic import behaviours
from tests.synthetic.run import write_run
from tests.synthetic.scenarios import sample_scenario
from tests.synthetic.tables import thermal_intervals
from tests.synthetic.timeline import build

NS = 1_000_000_000
CHUNKED = ROOT / "tests" / "fixtures" / "mlmodelc" / "sd15-chunked"


def _check_images(folder: Path, scenario) -> int:  # noqa: ANN001
    summary = profiler.analyze(profiler.load(folder)).summary
    seen = 0
    for number, rec in enumerate(summary.recordings, start=1):
        tl = build(scenario, number)
        assert len(rec.launches) == len(tl.launches)
        for launch, truth in zip(rec.launches, tl.launches, strict=True):
            gens = [g for g in truth.generations if g.decode is not None]
            want_first = (truth.generations[0].steps[0].start - truth.span.start) / NS
            # A launch starts at its pid's first row, at most one sample (1 s) after the
            # process did; the recording's first launch is launched with the recording.
            assert 0 <= want_first - launch.first_step_after_s <= (1.0 if launch.number > 1
                                                                    else 1e-6)
            for got, want in zip(launch.generations, gens, strict=False):
                assert got.end_to_end_s == pytest.approx(
                    (want.decode.end - want.text_encode.start) / NS, abs=1e-6)
                seen += 1
        states = [str(s) for _, _, s in thermal_intervals(scenario, number)]
        assert (rec.thermal.start, rec.thermal.end) == (states[0], states[-1])
    return seen


def test_end_to_end_launch_to_first_step_and_thermal_match_the_generator() -> None:
    assert _check_images(SAMPLE_RUN, sample_scenario()) == 2


def test_each_launch_of_a_relaunched_app_has_its_own_time_to_first_step(tmp_path: Path) -> None:
    scenario = behaviours.scenario("b01-relaunch-cold-then-warm")
    write_run(scenario, tmp_path / "run")
    assert _check_images(tmp_path / "run", scenario) >= 3


def test_end_to_end_is_none_without_text_encoding_or_decoding() -> None:
    (loop,) = LP.build(pd.DataFrame({"start_ns": [10 * NS, 11 * NS], "duration_ns": [NS, NS],
                                     "launch": [1, 1]}), pd.Series([0, 0]).to_numpy())
    stage = pd.DataFrame({"start_ns": [2 * NS], "duration_ns": [3 * NS]})
    after = pd.DataFrame({"start_ns": [13 * NS], "duration_ns": [2 * NS]})
    (both,) = LP.with_stages([loop], stage, after)
    assert both.end_to_end_ns == 15 * NS - 2 * NS
    (no_decode,) = LP.with_stages([loop], stage, None)
    (no_text,) = LP.with_stages([loop], None, after)
    assert no_decode.end_to_end_ns is None and no_text.end_to_end_ns is None


def _with_options(tmp_path: Path, options: dict) -> Path:
    run = tmp_path / "run"
    shutil.copytree(SAMPLE_RUN, run)
    record = json.loads((run / "run.json").read_text("utf-8"))
    record["options"] = options
    record["argv"] = ["/usr/local/bin/profiler", "run", "--device", "iphone13promax",
                      "--steps", "25"]
    record["versions"] = {"host": "macOS-15.1-arm64-arm-64bit",
                          "xctrace": "xctrace version 16.1 (16B40)"}
    (run / "run.json").write_text(json.dumps(record), "utf-8")
    return run


def test_environment_from_the_run_record_and_the_model_inspection(tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(CHUNKED, model)
    meta_file = model / "UnetChunk1.mlmodelc" / "metadata.json"
    meta = json.loads(meta_file.read_text("utf-8"))
    meta[0].setdefault("userDefinedMetadata", {})[
        "com.github.apple.ml-stable-diffusion.version"] = "1.1.0"
    meta_file.write_text(json.dumps(meta), "utf-8")
    run = _with_options(tmp_path, {
        "compute_units": "cpuAndNeuralEngine", "steps": 25, "seed": 93, "prompt": "a cat",
        "env": ["PROFILER_SCHEDULER=dpmpp", "PROFILER_GUIDANCE=7.5",
                "PROFILER_REDUCE_MEMORY=true"]})
    analysis = profiler.analyze(profiler.load(run), model_path=model, command=["report", "x"])
    env = analysis.summary.environment
    assert (env.compute_units, env.steps, env.seed, env.prompt) == (
        "cpuAndNeuralEngine", 25, 93, "a cat")
    assert (env.scheduler, env.guidance, env.reduce_memory) == ("dpmpp", 7.5, True)
    assert (env.attention, env.palettized_bits, env.resolution, env.chunked, env.pipeline) == (
        "SPLIT_EINSUM_V2", (6,), "512x512", True, "SD 1.x")
    assert env.ml_stable_diffusion == "1.1.0"
    assert env.run_command == "profiler run --device iphone13promax --steps 25"
    assert env.report_command == "profiler report x"
    assert (env.host_os, env.xcode) == ("macOS-15.1-arm64-arm-64bit",
                                        "xctrace version 16.1 (16B40)")
    sources = dict(env.sources)
    assert sources["scheduler"] == "run.json --env" and sources["attention"] == "model inspection"


def test_a_value_nothing_recorded_stays_none() -> None:
    env = profiler.analyze(profiler.load(SAMPLE_RUN)).summary.environment
    assert env.scheduler is None and env.guidance is None and env.reduce_memory is None
    assert env.compute_units is None and env.seed is None and env.attention is None
    assert env.steps == 25  # announced by the app's step signposts (total=N)
    assert dict(env.sources)["steps"].startswith("app step signposts")


@dataclass(frozen=True)
class _NewerOptions(RecordedOptions):
    """run.json options with the fields another branch adds (read with getattr)."""

    scheduler: str | None = None
    guidance: float | None = None
    reduce_memory: bool | None = None


def test_newer_run_record_fields_are_read_when_present() -> None:
    loaded = profiler.load(SAMPLE_RUN)
    opts = _NewerOptions(scheduler="pndm", guidance=8.0, reduce_memory=False)
    newer = replace(loaded, run=replace(loaded.run, options=opts))
    env = environment(newer, None, ())
    assert (env.scheduler, env.guidance, env.reduce_memory) == ("pndm", 8.0, False)
    assert dict(env.sources)["scheduler"] == "run.json options"
