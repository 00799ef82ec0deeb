"""`profiler triage FILE...`: the failure recogniser on bare logs and crash reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from profiler.cli.options import OutputFormat, format_option


def register(app: typer.Typer) -> None:
    @app.command("triage")
    def triage(
        files: Annotated[
            list[Path], typer.Argument(help="Text logs or .ips crash reports.", show_default=False)
        ],
        fmt: Annotated[OutputFormat, format_option("text", "json", "md", help="Output format.")] = OutputFormat.TEXT,
    ) -> None:
        """Recognise known Core ML, Neural Engine and memory failures in logs and crash reports.

        Reads text logs (devicectl --console output, a copy of the Xcode console) and .ips crash
        reports (JetsamEvent too) without a trace, and lists each failure once, with its count,
        meaning, advice and upstream link.

        Exits 0 whether or not anything was found.
        """
        from profiler.analysis.diagnostics import triage_files
        from profiler.cli.output import document
        from profiler.report.triage import TriageDocument

        found = triage_files(files)
        document("triage", str(fmt), TriageDocument(found, tuple(str(f) for f in files)))
