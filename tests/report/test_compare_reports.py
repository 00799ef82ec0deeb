"""The compare reporters: JSON contract, Markdown and HTML escaping, size limits, overlays."""

from __future__ import annotations

import io
import json
import os

import numpy as np
import pandas as pd
import pytest

from profiler.analysis.compare import CompareDocument, CompareInput, compare
from profiler.analysis.series import RecordingSeries
from profiler.report import fmt
from profiler.report.base import get_reporter
from tests.analysis.compare_summaries import GIB, make_summary

HOSTILE = "<script>alert(1)</script>"


def _render(kind_fmt: str, document) -> str:
    out = io.StringIO()
    get_reporter("compare", kind_fmt).render(document, out)
    return out.getvalue()


def _series(name: str, points: int, peak_gib: float) -> RecordingSeries:
    t = np.arange(points, dtype="int64") * 1_000_000_000
    fp = np.linspace(0.1, peak_gib, points) * GIB
    return RecordingSeries(name, {"memory": pd.DataFrame({"time_ns": t,
                                                          "footprint_bytes": fp.astype("int64")})})


def _doc(*, series: bool = False, other_label: str = "v2.1-like", recordings: int = 3,
         points: int = 200) -> CompareDocument:
    a = make_summary("v1.5-like", seed=1, noise=0.01, step_noise=0.02, recordings=recordings)
    b = make_summary(other_label, seed=2, noise=0.01, step_noise=0.02, step_s=0.86,
                     footprint_bytes=int(3.1 * GIB), recordings=recordings,
                     product_type="iPhone15,2")
    sa = tuple(_series(f"run-{i + 1}", points, 2.6) for i in range(recordings)) if series else None
    inputs = (CompareInput("v1.5-like", a, sa), CompareInput(other_label, b, None))
    return CompareDocument(compare(inputs), inputs)


def test_json_is_the_sorted_versioned_contract() -> None:
    doc = _doc()
    text = _render("json", doc)
    data = json.loads(text)
    assert data == json.loads(json.dumps(doc.comparison.to_dict()))
    assert (data["format"], data["version"]) == ("coreml-profiler.compare", 1)
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_markdown_has_the_side_by_side_table_verdicts_and_environment() -> None:
    doc = _doc()
    text = _render("md", doc)
    assert text.startswith("# Comparison: v1.5-like vs v2.1-like\n")
    assert "| Figure | Better | v1.5-like (baseline) | v2.1-like | Δ vs v1.5-like | Verdict |" in text
    for fig in doc.comparison.figures:
        assert f"| {fig.title} |" in text.replace("\\(", "(").replace("\\)", ")")
    assert "**3 regressions, 0 improvements**" in text
    a, b = (i.summary.headline.step_median_s for i in doc.inputs)
    row = (f"| Median step | ↓ lower | {fmt.seconds(a)} | {fmt.seconds(b)} | "
           f"+{fmt.seconds(b - a)} ({(b / a - 1) * 100:+.1f} %) | regression (p &lt; 0.001) |")
    assert row in text
    assert "> ⚠️ Device differs between runs" in text
    assert "<details><summary>Loads per model, uncached (cold) and cached (warm)</summary>" in text


def test_markdown_says_when_verdicts_are_indicative() -> None:
    text = _render("md", _doc(recordings=1))
    assert "regression (indicative)" in text
    assert "indicative: too few recordings to test" in text


def test_trace_strings_are_escaped_in_markdown_and_html() -> None:
    doc = _doc(other_label=HOSTILE)
    md = _render("md", doc)
    html = _render("html", doc)
    assert HOSTILE not in md and HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_stays_under_the_github_limit_with_many_long_labelled_runs() -> None:
    inputs = tuple(CompareInput(f"run-{i}-" + "x" * 200, make_summary(f"r{i}", seed=i, recordings=1))
                   for i in range(40))
    text = _render("md", CompareDocument(compare(inputs), inputs))
    assert len(text) <= 65_536
    assert "## Headline figures" in text


def test_html_is_self_contained_deterministic_and_small() -> None:
    from plotly.offline import get_plotlyjs

    doc = _doc(series=True, points=100_000)
    html = _render("html", doc)
    assert html == _render("html", doc)
    assert '<script src="http' not in html
    assert html.count(get_plotlyjs()[:200]) == 1
    assert len(html.encode()) <= 6 * 1024 * 1024
    for div in ("compare-steps", "compare-loads", "compare-memory"):
        assert f'<div id="{div}"' in html


def test_html_stays_under_6_mb_with_many_runs_of_long_recordings() -> None:
    inputs = tuple(
        CompareInput(f"run{i}", make_summary(f"run{i}", seed=i, recordings=5),
                     tuple(_series(f"run-{j + 1}", 50_000, 2.6) for j in range(5)))
        for i in range(10))
    html = _render("html", CompareDocument(compare(inputs), inputs))
    assert len(html.encode()) <= 6 * 1024 * 1024
    assert '<div id="compare-memory"' in html
    assert all(json.dumps(f"run{i} · run-5")[1:-1] in html for i in range(10))


def test_html_says_when_an_input_has_no_time_series() -> None:
    html = _render("html", _doc(series=True))
    assert '<div id="compare-memory"' in html
    assert "v2.1-like: no time series (a summary JSON or a store baseline carries none)" in html
    bare = _render("html", _doc(series=False))
    assert '<div id="compare-memory"' not in bare
    assert "v1.5-like: no time series (a summary JSON or a store baseline carries none)" in bare


def test_a_bare_comparison_renders_without_overlays() -> None:
    comparison = _doc().comparison
    html = _render("html", comparison)
    assert "rendered without its inputs" in html
    assert "Plotly.newPlot" not in html
    assert "## Headline figures" in _render("md", comparison)


@pytest.mark.browser
def test_html_renders_every_chart_in_chromium(tmp_path) -> None:
    from pathlib import Path

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        message = "Debian chromium is not installed (make browser)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)  # as tests/report/test_browser.py: never a silent skip in CI
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "compare.html"
    page_file.write_text(_render("html", _doc(series=True, other_label=HOSTILE)), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(page_file.as_uri())
        page.wait_for_function("document.querySelectorAll('.main-svg').length >= 6")
        counts = {div: page.locator(f"#{div} .main-svg").count()
                  for div in ("compare-steps", "compare-loads", "compare-memory")}
        regressions = page.locator("#verdicts li").count()
        browser.close()
    assert errors == [] and dialogs == []
    assert all(n >= 1 for n in counts.values()), counts
    assert regressions == 3
