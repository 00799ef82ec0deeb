"""Model inspection in the run report: its findings ranked in Diagnostics with the run's own,
and a Model table with human names, bits and palettization (as `profiler inspect` shows them).
SYNTHETIC run and SYNTHETIC model fixtures (tests/fixtures/mlmodelc)."""

from __future__ import annotations

import pytest

import profiler
from profiler.analysis.result import Analysis
from profiler.report.html import render_html
from profiler.report.markdown import render_markdown
from profiler.report.model_view import model_section
from profiler.report.view import inspection_dict
from tests.conftest import ROOT, SAMPLE_RUN

MODELS = ROOT / "tests" / "fixtures" / "mlmodelc"


@pytest.fixture(scope="module")
def sdxl_mac() -> Analysis:
    return profiler.analyze(profiler.load(SAMPLE_RUN), model_path=MODELS / "sdxl-mac-unet.mlmodelc")


def test_inspection_findings_are_diagnostics_ranked_with_the_others(sdxl_mac: Analysis) -> None:
    codes = [(str(g.severity), d.code) for g in sdxl_mac.diagnostic_groups for d in g.items]
    assert ("error", "original-attention-on-ane") in codes
    # an error from the model outranks the run's warnings
    assert codes.index(("error", "original-attention-on-ane")) < codes.index(
        ("warning", "near-jetsam-limit"))
    (diag,) = [d for d in sdxl_mac.summary.diagnostics if d.code == "original-attention-on-ane"]
    assert diag.source.startswith("model inspection of ") and diag.link


def test_markdown_and_html_show_them_in_diagnostics(sdxl_mac: Analysis) -> None:
    md = render_markdown(sdxl_mac)
    diagnostics = md[md.index("### Diagnostics"):md.index("### Headline")]
    assert "(<code>original-attention-on-ane</code>)" in diagnostics
    assert diagnostics.index("original-attention-on-ane") < diagnostics.index("near-jetsam-limit")
    page = render_html(sdxl_mac)
    section = page[page.index('<section id="diagnostics">'):page.index('<section id="headline">')]
    assert "original-attention-on-ane" in section


def test_the_model_table_has_human_names_bits_and_palettization() -> None:
    a = profiler.analyze(profiler.load(SAMPLE_RUN), model_path=MODELS / "sd15-chunked")
    table = model_section(inspection_dict(a)).models
    rows = {r[0]: dict(zip(table.headers, r, strict=True)) for r in table.rows}
    unet = a.inspection.models[[m.name for m in a.inspection.models].index("UnetChunk1")]
    row = rows["UNet, chunk 1 (UnetChunk1)"]
    assert row["Bits (effective)"] == f"{unet.weights.effective_bits:.2f}"
    assert row["Palettized"] == f"{unet.weights.palettized_tensors} × 6 bits"
    assert row["Attention"] == "SPLIT_EINSUM_V2" and row["Resolution"] == "512x512"
    assert rows["VAE decoder (VAEDecoder)"]["Palettized"] == "no"
    assert "| UNet, chunk 1 (UnetChunk1) |" in render_markdown(a)
