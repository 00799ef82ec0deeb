"""`profiler report --perfetto`: a Perfetto trace beside the reports, linked from the HTML."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from profiler.report.outputs import STDOUT, Output


def beside(planned: tuple[Output, ...], stem: str | Path,
           output: str | None) -> tuple[tuple[Output, ...], str | None]:
    """``planned`` plus ``<stem>.pftrace`` (or ``-o``'s name with ``.pftrace``), and the link
    an HTML page among them gives it (relative to the page's folder, URL-quoted)."""
    if any(o.fmt == "perfetto" for o in planned):
        return planned, None
    base = Path(f"{stem}.pftrace") if output in (None, STDOUT) \
        else Path(str(output)).with_suffix(".pftrace")
    trace = Output("perfetto", str(base))
    link = None
    html = next((o for o in planned if o.fmt == "html" and not o.to_stdout), None)
    if html is not None:
        rel = os.path.relpath(str(base), start=str(Path(html.target).parent))
        link = quote(Path(rel).as_posix())
    return (*planned, trace), link
