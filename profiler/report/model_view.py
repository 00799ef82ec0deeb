"""The "Model" section, built generically from a model inspection's ``to_dict()``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from profiler.report import fmt
from profiler.report.view import Table

#: preferred model-table columns (when present) and their headers; any other inspection shape
#: falls back to the first scalar keys. ``bits`` and ``palettized`` come from ``weights``.
MODEL_COLUMNS = (("name", "Model"), ("format", "Format"), ("size_bytes", "Size"),
                 ("weight_bytes", "Weights"), ("resident_weight_bytes", "Resident weights"),
                 ("bits", "Bits (effective)"), ("palettized", "Palettized"),
                 ("attention_label", "Attention"), ("resolution", "Resolution"),
                 ("deployment_target", "iOS target"), ("compute_precision", "Compute precision"),
                 ("op_count", "Ops"))

#: Apple's resource names (the inspection's roles) as people say them
ROLE_NAMES = {"TextEncoder": "Text encoder", "TextEncoder2": "Text encoder 2", "Unet": "UNet",
              "UnetChunk1": "UNet, chunk 1", "UnetChunk2": "UNet, chunk 2",
              "ControlledUnet": "UNet with ControlNet inputs", "ControlNet": "ControlNet",
              "VAEDecoder": "VAE decoder", "VAEEncoder": "VAE encoder",
              "SafetyChecker": "Safety checker"}


def human_name(row: dict[str, Any]) -> str:
    """``UNet, chunk 1 (UnetChunk1)``: the role's human name, with the file's own name."""
    name = str(row.get("name") or "?")
    human = ROLE_NAMES.get(str(row.get("role") or ""))
    return f"{human} ({name})" if human else name


def _derived(row: dict[str, Any]) -> dict[str, Any]:
    """The inspection row plus the ``inspect`` table's bits, palettization and resolution."""
    out = dict(row)
    weights = row.get("weights") if isinstance(row.get("weights"), dict) else None
    if weights is not None:
        bits = weights.get("effective_bits")
        out["bits"] = f"{bits:.2f}" if isinstance(bits, (int, float)) else None
        pal = [b for b in weights.get("palettized_bits") or () if isinstance(b, (int, float))]
        out["palettized"] = (f"{weights.get('palettized_tensors', 0)} × "
                             + "/".join(f"{b:g}" for b in pal) + " bits") if pal else "no"
    res = row.get("resolution")
    if isinstance(res, (list, tuple)) and len(res) == 2:
        out["resolution"] = f"{res[0]}x{res[1]}"
    if "name" in row:
        out["name"] = human_name(row)
    return out


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
    rows = [_derived(m) for m in data.get("models") or () if isinstance(m, dict)]
    table = None
    if rows:
        titles = dict(MODEL_COLUMNS)
        keys = [k for k, _ in MODEL_COLUMNS if any(k in r for r in rows)]
        if not keys:
            keys = [k for k, v in rows[0].items() if _scalar(v)][:8]
        headers = tuple(titles.get(k) or k.removesuffix("_bytes").replace("_", " ")
                        for k in keys)
        table = Table(headers, tuple(tuple(_cell(k, r.get(k)) for k in keys) for r in rows))
    findings = tuple(
        (str(f.get("severity") or "info"), str(f.get("code") or ""),
         str(f.get("message") or f.get("text") or ""))
        for f in data.get("findings") or () if isinstance(f, dict))
    return ModelSection(tuple(facts), table, findings)
