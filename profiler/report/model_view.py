"""The "Model" section, built generically from a model inspection's ``to_dict()``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from profiler.report import fmt
from profiler.report.view import Table

#: preferred model-table columns (when present); any other inspection shape falls back to the
#: first scalar keys
MODEL_COLUMNS = ("name", "role", "format", "size_bytes", "weight_bytes", "resident_weight_bytes",
                 "deployment_target", "compute_precision", "attention_label", "op_count")


def _cell(key: str, value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return fmt.text(value)
    if key.endswith("_bytes") and isinstance(value, (int, float)):
        return fmt.nbytes(value)
    return str(value)


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


@dataclass(frozen=True)
class ModelSection:
    facts: tuple[tuple[str, str], ...]
    models: Table | None
    findings: tuple[tuple[str, str, str], ...]  # (severity, code, message)


def model_section(data: dict[str, Any] | None) -> ModelSection | None:
    """The "Model" section, generically from an inspection's ``to_dict()``."""
    if not data:
        return None
    facts = [(k.replace("_", " "), _cell(k, v)) for k, v in sorted(data.items())
             if _scalar(v) and k not in ("format", "version")]
    pipeline = data.get("pipeline")
    if isinstance(pipeline, dict):
        facts += [(f"pipeline {k.replace('_', ' ')}", _cell(k, v)) for k, v in sorted(pipeline.items())
                  if _scalar(v) and k in ("label", "total_bytes", "resident_weight_bytes")]
    rows = [m for m in data.get("models") or () if isinstance(m, dict)]
    table = None
    if rows:
        keys = [k for k in MODEL_COLUMNS if any(k in r for r in rows)]
        if not keys:
            keys = [k for k, v in rows[0].items() if _scalar(v)][:8]
        headers = tuple(k.removesuffix("_bytes").replace("_", " ") for k in keys)
        table = Table(headers, tuple(tuple(_cell(k, r.get(k)) for k in keys) for r in rows))
    findings = tuple(
        (str(f.get("severity") or "info"), str(f.get("code") or ""),
         str(f.get("message") or f.get("text") or ""))
        for f in data.get("findings") or () if isinstance(f, dict))
    return ModelSection(tuple(facts), table, findings)
