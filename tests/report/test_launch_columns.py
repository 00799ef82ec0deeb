"""Reports show per-launch figures where they showed per-recording ones: a recording holding
three launches of the app (SYNTHETIC, behaviour b01) gets one side-by-side column each."""

from __future__ import annotations

from pathlib import Path

import pytest

import profiler
from profiler.report import view
from profiler.report.base import get_reporter
from tests.synthetic import behaviours
from tests.synthetic.run import write_run


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> profiler.Analysis:
    folder = tmp_path_factory.mktemp("b01") / "run"
    truth = write_run(behaviours.scenario("b01-relaunch-cold-then-warm"), folder)
    assert len(truth.recordings) == 1
    return profiler.analyze(profiler.load(folder))


def test_one_column_per_launch_with_its_own_figures(analysis: profiler.Analysis) -> None:
    table = view.recordings_table(analysis.summary)
    launches = analysis.summary.recordings[0].launches
    assert table.headers[1:] == tuple(f"run-1 · launch {la.number} (pid {la.pid})"
                                      for la in launches)
    rows = {r[0]: r[1:] for r in table.rows}
    assert rows["Uncached loads"] == ("120 s", "—", "—")
    assert rows["Cached loads"] == ("—", "3.50 s", "3.50 s")
    assert rows["Steps"] == ("25", "25", "25")
    assert len(set(rows["System memory peak"])) == 1  # the recording's, repeated


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_markdown_and_html_show_the_launch_columns(analysis: profiler.Analysis, fmt: str,
                                                   tmp_path: Path) -> None:
    out = tmp_path / f"r.{fmt}"
    with out.open("w", encoding="utf-8") as handle:
        get_reporter("analysis", fmt).render(analysis, handle)
    text = out.read_text("utf-8")
    assert "Recordings side by side" in text
    assert text.count("run-1 · launch 3 (pid 1370)") >= 1
