"""The JSON report: the versioned summary contract (``coreml-profiler.summary`` v1), keys sorted."""

from __future__ import annotations

import json
import math
from typing import Any

from profiler.analysis.result import Analysis
from profiler.analysis.summary import Summary
from profiler.report.base import register_text


def render_json(document: Analysis | Summary) -> str:
    """The summary as pretty, key-sorted JSON; NaN/inf become null (JSON has no NaN)."""
    summary = document.summary if isinstance(document, Analysis) else document
    data = finite(summary.to_dict())
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def finite(value: Any) -> Any:
    """JSON has no NaN or Infinity: a non-finite figure becomes null (a missing one)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


register_text("analysis", "json", ".json", render_json)
