"""Headline notes hold for the framework the run used: a Core AI model is specialized (not
compiled for the Neural Engine), and the Neural Engine card says the table cannot see Core AI.
Both samples in traces/ are SYNTHETIC."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import profiler
from profiler.report.markdown import render_markdown
from profiler.report.view import framework_title, frameworks, headline_cards

TRACES = Path(__file__).resolve().parents[2] / "traces"


@pytest.fixture(scope="module")
def core_ai() -> profiler.Analysis:
    return profiler.analyze(profiler.load(TRACES / "sample-coreai-synthetic-iphoneair"))


@pytest.fixture(scope="module")
def core_ml() -> profiler.Analysis:
    return profiler.analyze(profiler.load(TRACES / "sample-sd15-iphone13promax"))


def _notes(analysis: profiler.Analysis) -> dict[str, str | None]:
    return {c.key: c.detail for c in headline_cards(analysis)}


def test_a_core_ai_run_speaks_of_specialization_and_the_ane_blind_spot(core_ai) -> None:  # noqa: ANN001
    assert frameworks(core_ai.summary) == {"core-ai"}
    notes = _notes(core_ai)
    assert notes["uncached_load"] == "first load: specialization for this device (Core AI)"
    assert notes["cached_load"] == "later launches, specialized model reused from the cache"
    assert notes["ane_busy"] == "the Neural Engine table cannot see Core AI (see Not available)"


def test_a_core_ml_run_keeps_the_neural_engine_compile_notes(core_ml) -> None:  # noqa: ANN001
    assert frameworks(core_ml.summary) == {"core-ml"}
    notes = _notes(core_ml)
    assert notes["uncached_load"] == "first load: compile for the Neural Engine"
    assert notes["ane_busy"] == "of the denoising loop"


def test_a_run_with_both_frameworks_names_both(core_ai, core_ml) -> None:  # noqa: ANN001
    both = replace(core_ml.summary, recordings=(*core_ml.summary.recordings,
                                               *core_ai.summary.recordings))
    mixed = replace(core_ml, summary=both)
    assert frameworks(both) == {"core-ai", "core-ml"}
    notes = _notes(mixed)
    assert notes["uncached_load"] == "first load: Core ML compile or Core AI specialization"
    assert notes["ane_busy"] == "of the Core ML denoising loop; the table cannot see Core AI"


def test_the_title_names_the_framework(core_ai, core_ml) -> None:  # noqa: ANN001
    assert framework_title(core_ai.summary) == "Core AI"
    assert framework_title(core_ml.summary) == "Core ML"
    assert render_markdown(core_ai).startswith("## Core AI profile: ")
    assert render_markdown(core_ml).startswith("## Core ML profile: ")
