"""Size caps on a SYNTHETIC recording of 1M rows.

Twice: built directly as an Analysis (1M memory, CPU and system samples and 1M Neural Engine
intervals per recording), so the caps are tested on the reporters alone; and end to end from
~1M rows of generated export XML through the reader and the analysis. Marked slow; kept in
`make test`.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from profiler.analysis.result import Analysis
from profiler.report.html import MAX_HTML_BYTES
from profiler.report.markdown import MAX_CHARS
from profiler.report.render import write_all
from tests.report.conftest import NS, make_analysis

pytestmark = pytest.mark.slow
ROWS = 1_000_000


@pytest.fixture(scope="module")
def huge() -> Analysis:
    a = make_analysis(recordings=2, rows=ROWS, steps=2_000)
    series = []
    for s in a.series:
        start = np.sort(np.random.default_rng(3).uniform(0, 1500, ROWS))
        ane = pd.DataFrame({"start_ns": (start * NS).astype("int64"),
                            "duration_ns": np.full(ROWS, 1_000_000, dtype="int64"), "label": "ANE"})
        series.append(type(s)(s.name, {**s.frames, "ane": ane}, s.tables_used, s.tables_missing))
    return Analysis(a.summary, tuple(series))


def test_one_million_rows_fit_the_caps(huge: Analysis, tmp_path: Path) -> None:
    assert all(len(s.frames["memory"]) == ROWS and len(s.frames["ane"]) == ROWS for s in huge.series)
    html, md = write_all(huge, tmp_path / "huge", formats=("html", "md"))
    assert html.stat().st_size <= MAX_HTML_BYTES == 6_000_000
    assert len(md.read_text(encoding="utf-8")) <= MAX_CHARS == 65_536
    page = html.read_text(encoding="utf-8")
    # the memory chart still carries the true peak (downsampling keeps each bucket's max)
    peak = max(r.memory.peak_footprint_bytes for r in huge.summary.recordings)
    assert f"peak {peak / 1024**3:.2f} GiB" in page
    assert "at most 5000 points per series" in page
    # and the downsampled footprint series itself reaches the true maximum
    figures = json.loads(re.search(r'id="chart-data">(.*?)</script>', page, re.S).group(1))
    traces = [t for t in figures["chart-memory"]["data"] if t["name"].endswith("app footprint")]
    assert len(traces) == 2
    for trace, series in zip(traces, huge.series, strict=True):
        y = np.frombuffer(base64.b64decode(trace["y"]["bdata"]), dtype="<f4")
        assert len(y) <= 5000
        true_max = np.float32(series.frames["memory"]["footprint_bytes"].max() / 1024**3)
        assert y.max() == true_max


def test_one_million_row_trace_end_to_end_fits_the_caps(tmp_path: Path) -> None:
    """The whole pipeline (export XML → reader → analysis → reporters) on ~1M SYNTHETIC rows."""
    import profiler
    from tests.synthetic.run import write_run
    from tests.synthetic.scenarios import huge_scenario

    run = tmp_path / "huge-run"
    truth = write_run(huge_scenario(ROWS), run)
    loaded = profiler.load(run)
    rows = sum(t.row_count for r in loaded.recordings for tables in r.tables.values() for t in tables)
    assert rows >= ROWS
    analysis = profiler.analyze(loaded)
    html, md = write_all(analysis, tmp_path / "huge", formats=("html", "md"))
    assert html.stat().st_size <= MAX_HTML_BYTES
    assert len(md.read_text(encoding="utf-8")) <= MAX_CHARS
    # the figures still come out right at this scale (ground truth from the generator)
    got, expected = analysis.summary.headline, truth.headline
    assert got.peak_footprint_bytes == expected["peak_footprint_bytes"]
    assert got.system_used_peak_bytes == expected["system_used_peak_bytes"]
    assert got.step_median_s == pytest.approx(expected["step_median_s"], rel=0.01)
    assert got.ane_busy_fraction == pytest.approx(expected["ane_busy_fraction"], rel=0.01)
