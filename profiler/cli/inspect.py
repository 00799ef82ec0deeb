"""Inspect a Core ML model or a Stable Diffusion resource folder (no Mac needed).

PATH is a .mlpackage, a compiled .mlmodelc, or a folder in Apple's layout (Unet.mlmodelc,
TextEncoder.mlmodelc, …, merges.txt, vocab.json). Reports sizes, precision, inputs and
outputs, op counts, palettization bits, attention implementation, SDXL, chunked UNet and
compatibility findings. Exits 0 even when findings exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from profiler.cli.options import OutputFormat, format_option


def register(app: typer.Typer) -> None:
    @app.command("inspect")
    def inspect(
        path: Annotated[Path, typer.Argument(help="A .mlpackage, .mlmodelc or resource folder.")],
        device: Annotated[
            str | None,
            typer.Option(
                help="Catalog name (iphone13promax), family (iphone13) or product type (iPhone14,3)."
            ),
        ] = None,
        compute_units: Annotated[
            str | None,
            typer.Option(
                help="Intended compute units: cpuAndNeuralEngine, cpuAndGPU, cpuOnly or all."
            ),
        ] = None,
        fmt: Annotated[OutputFormat, format_option("text", "json", "md", help="Output format.")] = OutputFormat.TEXT,
    ) -> None:
        """Inspect a Core ML model or a Stable Diffusion resource folder (no Mac needed)."""
        from profiler.cli.output import document
        from profiler.model import inspect_path

        result = inspect_path(path, device=device, compute_units=compute_units)
        document("inspection", str(fmt), result)
