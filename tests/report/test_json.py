"""The JSON report is the versioned summary contract, with sorted keys."""

from __future__ import annotations

import io
import json
import math
from dataclasses import replace

from profiler.analysis.summary import SUMMARY_FORMAT, SUMMARY_VERSION, Headline, Summary
from profiler.report.base import get_reporter


def _render(document) -> str:
    out = io.StringIO()
    get_reporter("analysis", "json").render(document, out)
    return out.getvalue()


def test_round_trip_and_version(analysis) -> None:
    text = _render(analysis)
    data = json.loads(text)
    assert data["format"] == SUMMARY_FORMAT and data["version"] == SUMMARY_VERSION
    assert Summary.from_dict(data) == analysis.summary


def test_keys_sorted_everywhere(analysis) -> None:
    text = _render(analysis)
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_nan_becomes_null(analysis) -> None:
    s = replace(analysis.summary, headline=replace(analysis.summary.headline, cpu_peak_percent=math.nan))
    data = json.loads(_render(replace(analysis, summary=s)))
    assert data["headline"]["cpu_peak_percent"] is None
    assert isinstance(analysis.summary.headline, Headline)
