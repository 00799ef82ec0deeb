"""The model inspection (``profiler inspect``) as text, Markdown and JSON reporters.

Markdown escapes model-controlled text (names, metadata strings) with the one escaper of
:mod:`profiler.report.escape`, so a crafted model cannot inject markup into an issue; text output
goes through the CLI's terminal filter like everything printed.
"""

from __future__ import annotations

import json

from profiler.model.types import Inspection, ModelInfo, TensorInfo
from profiler.report.base import register_text
from profiler.report.escape import code_span, md
from profiler.units import ByteStyle, format_bytes


def render_json(ins: Inspection) -> str:
    """The ``coreml-profiler.inspection`` v1 contract, keys sorted."""
    return json.dumps(ins.to_dict(), indent=2, sort_keys=True) + "\n"


def _bytes(value: int) -> str:
    return format_bytes(value, ByteStyle.DETAIL)


TOP_OPS = 8


def render_text(ins: Inspection) -> str:
    lines: list[str] = []
    if ins.pipeline is not None:
        p = ins.pipeline
        lines += [
            f"resource folder  {ins.path}",
            f"  pipeline       {p.label}",
            f"  unet           {'chunked (UnetChunk1 + UnetChunk2)' if p.chunked_unet else 'single'}",
            f"  total size     {_bytes(p.total_bytes)}",
            f"  resident       {_bytes(p.resident_weight_bytes)} all loaded, "
            f"{_bytes(p.largest_resident_weight_bytes)} largest alone (reduceMemory)",
            f"  tokenizer      {', '.join(p.tokenizer_files) or 'missing'}",
            "",
        ]
        lines += _table_text(ins.models)
        lines.append("")
    for model in ins.models:
        lines += _model_text(model)
        lines.append("")
    lines += _context_text(ins)
    return "\n".join(lines).rstrip() + "\n"


def _model_text(m: ModelInfo) -> list[str]:
    w = m.weights
    return [
        f"{m.name}.{m.format.value}  ({m.role.value})",
        f"  size           {_bytes(m.size_bytes)} on disk, {_bytes(m.weight_bytes)} weight blob",
        f"  spec / target  {m.specification_version or '?'} / iOS {m.deployment_target or '?'}",
        f"  precision      compute {m.compute_precision or '?'}; storage {m.storage_precision or '?'}",
        *(f"  input          {_tensor(t)}" for t in m.inputs),
        *(f"  output         {_tensor(t)}" for t in m.outputs),
        f"  weights        {_weights(m)}",
        f"  effective bits {_bits(w.effective_bits)}",
        f"  attention      {m.attention.label} ({m.attention_evidence})",
        f"  sdxl           {'yes (text_embeds, time_ids)' if m.is_sdxl else 'no'}",
        f"  unet chunk     {'yes' if m.is_unet_chunk else 'no'}",
        f"  resolution     {_resolution(m)}",
        f"  resident       ~{_bytes(m.resident_weight_bytes)} of weights (estimate)",
        f"  ops            {m.op_count} total: {_ops(m)}",
    ]


def _context_text(ins: Inspection) -> list[str]:
    lines = []
    if ins.device is not None:
        d = ins.device
        ram = _bytes(d.ram_bytes) if d.ram_bytes else "unknown"
        budget = _bytes(d.jetsam_budget_bytes) if d.jetsam_budget_bytes else "unknown"
        lines.append(
            f"device           {d.marketing_name} ({d.product_type}), RAM {ram}, jetsam budget {budget}"
        )
        if d.note:
            lines.append(f"  note           {d.note}")
    if ins.compute_units is not None:
        lines.append(f"compute units    {ins.compute_units.value}")
    if not ins.findings:
        lines.append("findings         none")
    else:
        lines.append(f"findings         {len(ins.findings)}")
        for f in ins.findings:
            lines.append(f"  {f.severity.value:<7} {f.code}: {f.message}")
            lines.append(f"          {f.link}")
    return lines


def _table_text(models: tuple[ModelInfo, ...]) -> list[str]:
    rows = [("model", "role", "size", "bits", "attention", "resolution")]
    rows += [
        (
            m.name,
            m.role.value,
            _bytes(m.size_bytes),
            _bits(m.weights.effective_bits),
            m.attention.label,
            _resolution(m),
        )
        for m in models
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]


def render_markdown(ins: Inspection) -> str:
    out = [f"## Model inspection: {code_span(ins.path)}", ""]
    if ins.pipeline is not None:
        p = ins.pipeline
        out += [
            f"**Pipeline:** {p.label} · **UNet:** {'chunked' if p.chunked_unet else 'single'} · "
            f"**total:** {_bytes(p.total_bytes)} · **resident weights:** "
            f"{_bytes(p.resident_weight_bytes)} (largest alone {_bytes(p.largest_resident_weight_bytes)})",
            "",
        ]
    out += [
        "| model | role | size | weights | bits (effective) | palettized | attention | SDXL | resolution | target |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in ins.models:
        w = m.weights
        pal = (
            f"{w.palettized_tensors} × {_bit_list(w.palettized_bits)}" if w.palettized_bits else "—"
        )
        out.append(
            f"| {md(m.name)} | {m.role.value} | {_bytes(m.size_bytes)} | {_bytes(m.weight_bytes)} | "
            f"{_bits(w.effective_bits)} | {pal} | {m.attention.label} | {'yes' if m.is_sdxl else 'no'} | "
            f"{_resolution(m)} | iOS {md(m.deployment_target or '?')} |"
        )
    out.append("")
    if ins.device is not None:
        d = ins.device
        out += [
            f"**Device:** {md(d.marketing_name)} ({code_span(d.product_type)})"
            + (f". {md(d.note)}" if d.note else ""),
            "",
        ]
    if ins.findings:
        out += ["| severity | code | finding |", "|---|---|---|"]
        out += [
            f"| {f.severity.value} | [`{f.code}`]({f.link}) | {md(f.message)} |"
            for f in ins.findings
        ]
    else:
        out.append("No compatibility findings.")
    for m in ins.models:
        out += ["", f"<details><summary>{md(m.name)}: {m.op_count} ops</summary>", ""]
        out += [f"- {md(t.name)}: {md(_tensor(t))} (input)" for t in m.inputs]
        out += [f"- {md(t.name)}: {md(_tensor(t))} (output)" for t in m.outputs]
        out += [
            f"- compute {md(m.compute_precision or '?')}; storage {md(m.storage_precision or '?')}",
            f"- attention evidence: {md(m.attention_evidence)}",
            f"- ops: {md(_ops(m, limit=None))}",
            "",
            "</details>",
        ]
    return "\n".join(out) + "\n"


def _tensor(t: TensorInfo) -> str:
    shape = (
        "?"
        if t.shape is None
        else "[" + ", ".join("?" if d is None else str(d) for d in t.shape) + "]"
    )
    return f"{t.name} {t.data_type} {shape}" + (" (flexible)" if t.flexible else "")


def _weights(m: ModelInfo) -> str:
    w = m.weights
    if w.from_precision_string:
        bits = _bit_list(w.palettized_bits)
        return (
            f"not counted (no model.mil); {w.palettized_tensors} palettized (histogram), "
            f"bits from storagePrecision: {bits or 'none'}"
        )
    parts = [
        f"{c.tensors} {c.kind} at {c.bits:g} bits ({c.elements:,} elements)" for c in w.classes
    ]
    return "; ".join(parts) or "none"


def _bits(value: float | None) -> str:
    return "?" if value is None else f"{value:.2f}"


def _bit_list(bits: tuple[float, ...]) -> str:
    return "/".join(f"{b:g}" for b in bits) + " bits" if bits else ""


def _resolution(m: ModelInfo) -> str:
    return f"{m.resolution[0]}x{m.resolution[1]}" if m.resolution else "—"


def _ops(m: ModelInfo, limit: int | None = TOP_OPS) -> str:
    items = m.op_histogram if limit is None else m.op_histogram[:limit]
    text = ", ".join(f"{name} {count}" for name, count in items)
    more = len(m.op_histogram) - len(items)
    return text + (f", … {more} more" if more > 0 else "")


register_text("inspection", "text", ".txt", render_text)
register_text("inspection", "md", ".md", render_markdown)
register_text("inspection", "json", ".json", render_json)
