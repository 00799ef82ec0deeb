"""The analysis against the generator's ground truth on every behaviour of issue 14 (SYNTHETIC).

Each scenario of tests/synthetic/behaviours.py is written in the real layouts it was built
with, and again in today's layouts (the sample's: a Core ML table with a process column, the
default ANE layout) where that is a different recording. Its version-2 ground truth comes from
the rows the generator wrote; tests/analysis/truth_check.py compares: times and memory within
2 %, counts, load kinds, launches and images exact, the checked diagnostics exactly those
expected.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import profiler
from tests.analysis.truth_check import mismatches
from tests.synthetic import behaviours
from tests.synthetic.run import write_run

#: scenario names whose real layout already is today's (no second variant)
TODAY_ONLY = {name for name in behaviours.SCENARIOS if not behaviours.scenario(name).layouts}
CASES = [(name, "real") for name in behaviours.SCENARIOS] + [
    (name, "today") for name in behaviours.SCENARIOS if name not in TODAY_ONLY]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("truth")
    cache: dict[tuple[str, str], tuple[dict, dict, Path]] = {}

    def get(name: str, variant: str) -> tuple[dict, dict, Path]:
        if (name, variant) not in cache:
            scenario = behaviours.scenario(name)
            if variant == "today":
                scenario = replace(scenario, layouts=())
            folder = root / f"{name}-{variant}"
            truth = write_run(scenario, folder).data
            summary = profiler.analyze(profiler.load(folder)).summary.to_dict()
            cache[(name, variant)] = (summary, truth, folder)
        return cache[(name, variant)]

    return get


@pytest.mark.parametrize(("name", "variant"), CASES, ids=[f"{n}-{v}" for n, v in CASES])
def test_the_analysis_finds_the_ground_truth(analysed: Any, name: str, variant: str) -> None:
    summary, truth, _ = analysed(name, variant)
    assert mismatches(summary, truth) == []


@pytest.mark.parametrize("change", [
    lambda s: s["recordings"][0]["launches"][1]["loads"][0].update(kind="uncached"),
    lambda s: s["recordings"][0]["launches"][2]["steps"].update(count=24),
    lambda s: s["recordings"][0]["launches"][0]["generations"][0]["steps"].update(median_s=0.8),
    lambda s: s["recordings"][0]["launches"].pop(),
    lambda s: s["headline"].update(cached_load_s=3.6),
    lambda s: s["recordings"][0]["app"].update(how="toc-target"),
    lambda s: s["diagnostics"].append({**s["diagnostics"][0], "code": "steps-cut-short",
                                       "source": "run-1: analysis"}),
], ids=["load-kind", "step-count", "image-median", "a-launch", "headline", "app", "diagnostic"])
def test_the_comparison_can_fail(analysed: Any, change: Any) -> None:
    import copy

    summary, truth, _ = analysed("b01-relaunch-cold-then-warm", "real")
    broken = copy.deepcopy(summary)
    change(broken)
    assert mismatches(broken, truth) != []
