"""``coreml-profiler.compare`` v1 as JSON: :meth:`Comparison.to_dict`, keys sorted."""

from __future__ import annotations

import json
import math
from typing import Any, TextIO

from profiler.report.base import register


@register("compare", "json")
class CompareJsonReporter:
    name = "json"
    extension = ".json"

    def render(self, document: Any, out: TextIO) -> None:
        from profiler.report.compare_view import document as as_document

        data = as_document(document).comparison.to_dict()
        json.dump(_finite(data), out, indent=2, sort_keys=True, ensure_ascii=False)
        out.write("\n")


def _finite(value: Any) -> Any:
    # JSON has no NaN or Infinity; a non-finite figure is a missing one.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value
