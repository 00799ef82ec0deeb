"""``coreml-profiler.compare`` v1 as JSON: :meth:`Comparison.to_dict`, keys sorted."""

from __future__ import annotations

import json
from typing import Any

from profiler.report.base import register_text
from profiler.report.json_report import finite


def render_json(document: Any) -> str:
    """``coreml-profiler.compare`` v1, keys sorted; NaN/inf become null."""
    from profiler.report.compare_view import document as as_document

    data = as_document(document).comparison.to_dict()
    return json.dumps(finite(data), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


register_text("compare", "json", ".json", render_json)
