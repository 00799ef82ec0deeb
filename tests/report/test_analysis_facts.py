"""Reports show the analysis's facts (peak, jetsam limit and its source) and never reach past
the view: the templates see view values only. SYNTHETIC analyses (tests/report/conftest.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from profiler.report import fmt
from profiler.report.html import render_html
from profiler.report.markdown import render_markdown
from tests.report.conftest import make_analysis

TEMPLATES = Path(__file__).resolve().parents[2] / "profiler" / "report" / "templates"


def test_a_measured_jetsam_limit_is_the_one_every_output_shows() -> None:
    documented = make_analysis()
    measured = replace(documented, measured_limit_bytes=2_000_000_000)
    limit = fmt.nbytes(2_000_000_000)
    md = render_markdown(measured)
    assert f"the {limit} jetsam limit" in md and "jetsam budget" not in md
    page = render_html(measured)
    assert f"jetsam limit {limit} (measured)" in page
    assert "measured from the JetsamEvent report" in page
    budget = fmt.nbytes(documented.limits.jetsam_bytes)
    assert f"the {budget} jetsam budget" in render_markdown(documented)
    assert f"jetsam budget {budget} (documented)" in render_html(documented)


def test_the_peak_button_names_the_analysis_peak() -> None:
    analysis = make_analysis()
    peak = analysis.peak
    page = render_html(analysis)
    assert f'data-jump-x="{peak.at_s}"' in page
    assert f"Jump to peak: {fmt.nbytes(peak.bytes)} in {peak.recording}" in page


def test_templates_reach_no_raw_data() -> None:
    found = 0
    for template in sorted(TEMPLATES.glob("*.j2")):
        code = re.findall(r"{{.*?}}|{%.*?%}", template.read_text("utf-8"), re.S)
        found += len(code)
        names = re.sub(r"\"[^\"]*\"|'[^']*'", "", " ".join(code))  # string literals are prose
        assert not re.search(r"\b(series|analysis|summary)\b", names), template.name
    assert found > 100  # the expressions of analysis.html.j2 and compare.html.j2 were read
