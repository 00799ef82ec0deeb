"""`profiler triage FILE...`: the failure recogniser on bare logs and crash reports."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class TriageFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MD = "md"


def register(app: typer.Typer) -> None:
    @app.command("triage")
    def triage(
        files: Annotated[
            list[Path], typer.Argument(help="Text logs or .ips crash reports.", show_default=False)
        ],
        fmt: Annotated[
            TriageFormat, typer.Option("--format", "-f", help="Output format.")
        ] = TriageFormat.TEXT,
    ) -> None:
        """Recognise known Core ML, Neural Engine and memory failures in logs and crash reports.

        Reads text logs (devicectl --console output, a copy of the Xcode console) and .ips crash
        reports (JetsamEvent too) without a trace, and lists each failure once, with its count,
        meaning, advice and upstream link.

        Exits 0 whether or not anything was found.
        """
        import json

        from profiler.analysis.diagnostics import triage_files
        from profiler.analysis.diagnostics.render import to_json_dict, to_markdown, to_text

        found = triage_files(files)
        names = [str(f) for f in files]
        if fmt is TriageFormat.JSON:
            typer.echo(json.dumps(to_json_dict(found, names), indent=2, ensure_ascii=False))
        elif fmt is TriageFormat.MD:
            typer.echo(to_markdown(found, heading="# Triage"), nl=False)
        else:
            typer.echo(to_text(found, names), nl=False)
