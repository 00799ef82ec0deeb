"""Run-level aggregates are computed once (analysis/aggregate.py) and read by the headline,
``profiler compare`` and the reports. SYNTHETIC summaries (tests/analysis/compare_summaries.py);
expected values come from independent computations (numpy, sums by hand), not from outputs.
"""

from __future__ import annotations

import statistics
from dataclasses import replace

import numpy as np
import pytest

from profiler.analysis import aggregate
from profiler.analysis.compare import CompareDocument, CompareInput, compare
from profiler.analysis.compare.figures import FIGURES, samples
from profiler.analysis.headline import headline
from profiler.analysis.run_facts import LimitSource, memory_limits, peak_footprint
from profiler.analysis.summary import Headline, Load, LoadKind, LoadTotals
from profiler.hardware import jetsam_budget_bytes
from tests.analysis.compare_summaries import make_summary


def test_compare_without_a_headline_aggregates_as_the_headline_does() -> None:
    summary = make_summary("a", recordings=4, noise=0.05, seed=3)
    bare = replace(summary, headline=Headline())  # a hand-made summary without headline values
    expected = headline(summary.recordings)
    for spec in FIGURES:
        assert aggregate.run_value(bare, spec.metric) == pytest.approx(
            getattr(expected, spec.metric)), spec.metric


def test_one_p90_definition_for_a_recording_and_for_pooled_runs() -> None:
    summary = make_summary("a", recordings=3, steps=30, noise=0.05, seed=1)
    pooled = [d for r in summary.recordings for d in r.steps.durations_s[1:]]
    dist = aggregate.step_distribution(summary)
    assert dist.p90_s == pytest.approx(float(np.percentile(pooled, 90)))  # linear, numpy's
    assert dist.median_s == pytest.approx(statistics.median(pooled))
    assert dist.steps == len(pooled) and dist.recordings == 3
    from profiler.analysis.step_result import p90

    rest = summary.recordings[0].steps.durations_s[1:]
    assert p90(rest) == pytest.approx(float(np.percentile(rest, 90)))


def test_loads_per_model_add_up() -> None:
    rec = make_summary("a", recordings=1).recordings[0]
    extra = Load("Unet", LoadKind.UNCACHED, 500.0, 1.5, "synthetic")
    rec = replace(rec, loads=(*rec.loads, extra))
    groups = {(g.model, g.kind): g for g in aggregate.loads_by_model(rec)}
    unet = [ld.duration_s for ld in rec.loads if ld.model == "Unet"]
    assert groups[("Unet", LoadKind.UNCACHED)].count == len(unet) == 2
    assert groups[("Unet", LoadKind.UNCACHED)].total_s == pytest.approx(sum(unet))
    assert groups[("Unet", LoadKind.UNCACHED)].longest_s == max(unet)


def test_compare_counts_cached_samples_of_analysed_runs() -> None:
    """A run analysed from exports carries load kinds as plain strings: its cached loads
    count as a per-recording sample (they did not before: compared with `is`)."""
    summary = make_summary("a", recordings=3)
    plain = replace(summary, recordings=tuple(
        replace(r, loads=tuple(replace(ld, kind=str(ld.kind)) for ld in r.loads))
        for r in summary.recordings))
    spec = next(s for s in FIGURES if s.metric == "cached_load_s")
    assert len(samples(plain, spec, per_step=False)[0]) == 2  # two cached recordings of three


def test_compare_document_loads_by_model_match_the_runs() -> None:
    a, b = make_summary("a"), make_summary("b", cached_load_s=5.0)
    doc = CompareDocument(compare([("a", a, None), ("b", b, None)]),
                          (CompareInput("a", a), CompareInput("b", b)))
    keys, table = doc.loads_by_model
    first_unet = sum(ld.duration_s for ld in a.recordings[0].loads if ld.model == "Unet")
    cached = [sum(ld.duration_s for ld in r.loads if ld.model == "Unet")
              for r in a.recordings[1:]]
    assert table[("Unet", "uncached")]["a"] == pytest.approx(first_unet)
    assert table[("Unet", "cached")]["a"] == pytest.approx(statistics.median(cached))
    assert keys.index(("Unet", "uncached")) < keys.index(("Unet", "cached"))


def test_peak_and_limits_are_the_analysis_facts() -> None:
    summary = make_summary("a", recordings=3, noise=0.05, seed=2)
    peak = peak_footprint(summary)
    best = max(summary.recordings, key=lambda r: r.memory.peak_footprint_bytes)
    assert (peak.bytes, peak.at_s, peak.recording) == (
        best.memory.peak_footprint_bytes, best.memory.peak_footprint_at_s, best.name)
    ram = summary.device.ram_bytes
    documented = memory_limits(summary)
    assert (documented.ram_bytes, documented.jetsam_bytes, documented.jetsam_source) == (
        ram, jetsam_budget_bytes(ram), LimitSource.DOCUMENTED)
    measured = memory_limits(summary, 1_500_000_000)
    assert (measured.jetsam_bytes, measured.jetsam_source) == (1_500_000_000,
                                                               LimitSource.MEASURED)
    # no RAM on the device: the recordings' memory figures say what was used
    no_ram = replace(summary, device=replace(summary.device, ram_bytes=None), recordings=tuple(
        replace(r, memory=replace(r.memory, ram_bytes=4 * 1024**3)) for r in summary.recordings))
    assert memory_limits(no_ram).ram_bytes == 4 * 1024**3
    empty = replace(summary, recordings=tuple(replace(r, memory=None, load_s=LoadTotals())
                                              for r in summary.recordings))
    assert peak_footprint(empty) is None
