"""``coreml-profiler.compare`` v1 as JSON: :meth:`Comparison.to_dict`, keys sorted."""

from __future__ import annotations

import json
from typing import Any, TextIO

from profiler.report.base import register
from profiler.report.json_report import finite


@register("compare", "json")
class CompareJsonReporter:
    name = "json"
    extension = ".json"

    def render(self, document: Any, out: TextIO) -> None:
        from profiler.report.compare_view import document as as_document

        data = as_document(document).comparison.to_dict()
        json.dump(finite(data), out, indent=2, sort_keys=True, ensure_ascii=False)
        out.write("\n")
