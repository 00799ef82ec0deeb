"""A SYNTHETIC trace whose process name and log message carry a script tag, end to end."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import profiler
from profiler.report.html import render_html
from profiler.report.markdown import render_markdown
from tests.report.conftest import HOSTILE

ESCAPED_HTML = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.synthetic.run import write_run
    from tests.synthetic.scenario import LogLine
    from tests.synthetic.scenarios import sample_scenario

    base = sample_scenario()
    first = replace(base.recordings[0], console_log=True,
                    os_log=(LogLine(f"failed to compile ANE model {HOSTILE}", at_s=5.0),),
                    console_extra=(f"[app] {HOSTILE} failed to compile ANE model",))
    scenario = replace(base, name="hostile", app_name=HOSTILE,
                       recordings=(first, *base.recordings[1:]))
    out = tmp_path_factory.mktemp("hostile") / "hostile"
    write_run(scenario, out)
    return out


def test_trace_strings_reach_the_reports_escaped(hostile_run: Path) -> None:
    analysis = profiler.analyze(profiler.load(hostile_run))
    names = {r.process.name for r in analysis.summary.recordings if r.process}
    assert HOSTILE in names  # the trace really carries it as the process name
    evidence = [d.evidence.text for d in analysis.summary.diagnostics if d.evidence]
    assert any(HOSTILE in text for text in evidence)  # and in a log line the diagnostics quote

    page = render_html(analysis)
    assert HOSTILE not in page
    assert "<script>alert" not in page
    assert ESCAPED_HTML in page
    assert '<script src="http' not in page

    text = render_markdown(analysis)
    assert HOSTILE not in text
    assert "<script" not in text.lower()
    assert ESCAPED_HTML in text
