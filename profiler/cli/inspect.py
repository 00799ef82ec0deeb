"""Inspect a Core ML model or a Stable Diffusion resource folder (no Mac needed).

PATH is a .mlpackage, a compiled .mlmodelc, or a folder in Apple's layout (Unet.mlmodelc,
TextEncoder.mlmodelc, …, merges.txt, vocab.json). Reports sizes, precision, inputs and
outputs, op counts, palettization bits, attention implementation, SDXL, chunked UNet and
compatibility findings. Exits 0 even when findings exist.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    MD = "md"


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
        format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.TEXT,
    ) -> None:
        """Inspect a Core ML model or a Stable Diffusion resource folder (no Mac needed)."""
        from profiler.model import inspect_path

        result = inspect_path(path, device=device, compute_units=compute_units)
        if format is Format.JSON:
            import json

            typer.echo(json.dumps(result.to_dict(), indent=2, sort_keys=True))
            return
        from profiler.model.render import render_markdown, render_text

        typer.echo((render_markdown if format is Format.MD else render_text)(result), nl=False)
