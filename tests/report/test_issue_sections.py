"""The Environment, Per image and published-figure parts of the HTML and Markdown reports, from
the SYNTHETIC sample run: values that were not recorded or not measured say so."""

from __future__ import annotations

from dataclasses import replace

import pytest

import profiler
from profiler.analysis.result import Analysis
from profiler.report import issue_view
from profiler.report.html import render_html
from profiler.report.markdown import render_markdown
from tests.conftest import ROOT, SAMPLE_RUN


@pytest.fixture(scope="module")
def sample() -> Analysis:
    return profiler.analyze(profiler.load(SAMPLE_RUN),
                            model_path=ROOT / "tests" / "fixtures" / "mlmodelc" / "sd15-chunked",
                            command=["report", "RUN"])


def test_environment_rows_in_both_formats(sample: Analysis) -> None:
    rows = dict(issue_view.settings(sample))
    assert rows["Scheduler"] == rows["Guidance scale"] == rows["reduceMemory"] == "not recorded"
    assert rows["Attention"] == "SPLIT_EINSUM_V2" and rows["Chunked UNet"] == "yes"
    assert rows["Bits per weight (UNet)"] == "6.16 (palettized: 6 bits)"
    assert rows["Report command"] == "profiler report RUN"
    md = render_markdown(sample)
    assert "| Scheduler | not recorded |" in md and "| Report command | profiler report RUN |" in md
    page = render_html(sample)
    assert "<dt>Scheduler</dt><dd>not recorded</dd>" in page


def test_per_image_rows_from_the_summary(sample: Analysis) -> None:
    table = issue_view.images_table(sample.summary)
    rows = [dict(zip(table.headers, r, strict=True)) for r in table.rows]
    assert [(r["Recording"], r["Thermal at start"], r["Thermal at end"]) for r in rows] == [
        ("run-1", "Nominal", "Fair"), ("run-2", "Fair", "Fair")]
    gens = [g for rec in sample.summary.recordings for la in rec.launches for g in la.generations]
    assert [r["End-to-end"] for r in rows] == [f"{g.end_to_end_s:.1f} s" for g in gens]
    md = render_markdown(sample)
    assert "### Per image" in md and "| run-1 | 1 | 1 | " in md
    assert '<section id="images">' in render_html(sample)


def test_an_image_without_stages_reads_not_measured(sample: Analysis) -> None:
    recs = tuple(replace(r, thermal=None, launches=tuple(
        replace(la, first_step_after_s=None, generations=tuple(
            replace(g, end_to_end_s=None) for g in la.generations)) for la in r.launches))
        for r in sample.summary.recordings)
    bare = replace(sample, summary=replace(sample.summary, recordings=recs))
    (first, _) = issue_view.images_table(bare.summary).rows
    assert first[3] == first[7] == first[8] == first[9] == "not measured"


def test_the_published_line_sits_under_the_headline(sample: Analysis) -> None:
    page = render_html(sample)
    headline = page[page.index('<section id="headline">'):page.index('<section id="environment">')]
    assert '<p class="baseline" id="published">Published: 2.55 it/s' in headline
    assert "not compared: this run differs in pipeline" in headline


def test_without_the_pipeline_no_published_figure_is_shown() -> None:
    """The sample without --model-path records no pipeline: no entry's figure (an SDXL one beside
    an SD 1.5 run) is printed, only why nothing is compared."""
    bare = profiler.analyze(profiler.load(SAMPLE_RUN))
    assert bare.summary.environment.pipeline is None and bare.baseline is not None
    line = issue_view.baseline_line(bare)
    assert line == ("published figures exist for this device; not compared: this run does not "
                    "record the model pipeline (pass --model-path to inspect the model).")
    assert "it/s" not in line
