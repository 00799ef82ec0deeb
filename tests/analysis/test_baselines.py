"""Reference baselines: the published figure is compared only when device and settings match.
SYNTHETIC run (the committed sample); the published figures are baselines.json's."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

import profiler
from profiler.analysis.baselines import baselines, lookup
from profiler.analysis.result import Analysis
from profiler.analysis.summary import Environment
from profiler.report.issue_view import baseline_line
from profiler.report.markdown import render_markdown
from tests.conftest import ROOT, SAMPLE_RUN

FACTS = Path("/work/shared/docs/coreml-sd-facts.md")
SD21_6BIT_V2 = Environment(pipeline="SD 2.x", resolution="512x512", bits=6.16,
                           palettized_bits=(6,), attention="SPLIT_EINSUM_V2",
                           compute_units="cpuAndNeuralEngine", steps=20, reduce_memory=False)


@pytest.fixture(scope="module")
def sample() -> Analysis:
    return profiler.analyze(profiler.load(SAMPLE_RUN),
                            model_path=ROOT / "tests" / "fixtures" / "mlmodelc" / "sd15-chunked")


def test_a_matching_run_is_compared_with_the_ratio(sample: Analysis) -> None:
    s = sample.summary
    assert s.device.product_type == "iPhone14,3" and s.device.os_version.startswith("17.")
    matching = replace(sample, summary=replace(s, environment=SD21_6BIT_V2))
    match = lookup(matching.summary)
    assert match is not None and match.comparable
    assert (match.baseline.steps_per_s, match.baseline.end_to_end_s) == (2.55, 10.4)
    assert match.steps_ratio == pytest.approx(s.headline.steps_per_s / 2.55)
    line = baseline_line(matching)
    assert line.startswith("published: 2.55 it/s, 10.4 s end-to-end (iPhone 13 Pro Max, "
                           "SD 2.1 base, 6-bit, SPLIT_EINSUM_V2, iOS 17); measured ")
    assert f"{s.headline.steps_per_s / 2.55:.2f}× published" in line
    assert "_Published: 2.55 it/s" in render_markdown(matching)


def test_a_run_with_other_settings_says_which_differ_and_gives_no_ratio(sample: Analysis) -> None:
    match = lookup(sample.summary)
    assert match is not None and not match.comparable and match.steps_ratio is None
    assert match.baseline.model == "SD 2.1 base"
    assert {(d.setting, d.run, d.published) for d in match.differences} == {
        ("pipeline", "SD 1.x", "SD 2.x"), ("steps", "25", "20"),
        ("compute units", None, "cpuAndNeuralEngine"), ("reduceMemory", None, "off")}
    line = baseline_line(sample)
    assert "not compared: this run differs in pipeline (SD 1.x; published SD 2.x), steps " \
           "(25; published 20); this run does not record compute units, reduceMemory." in line
    assert "×" not in line


def test_no_entry_for_a_device_without_published_figures(sample: Analysis) -> None:
    other = replace(sample.summary, device=replace(sample.summary.device,
                                                   product_type="iPhone17,2", chip="A18 Pro"))
    assert lookup(other) is None


def test_every_published_figure_is_in_the_facts_file_and_names_its_source() -> None:
    data = json.loads(resources.files("profiler.analysis").joinpath("baselines.json")
                      .read_text("utf-8"))
    assert len(data["baselines"]) == len(baselines()) >= 19
    if not FACTS.is_file():
        pytest.skip("the shared facts file is not on this machine")
    facts = FACTS.read_text("utf-8")
    for b in baselines():
        assert "ml-stable-diffusion README" in b.source
        for figure in (b.end_to_end_s, b.steps_per_s):
            if figure is not None:
                spellings = {f"{figure:g}", f"{figure:.2f}", f"{figure:.1f}"}
                assert any(re.search(rf"(?<![\d.]){re.escape(x)}(?![\d])", facts)
                           for x in spellings), (b.device, figure)
