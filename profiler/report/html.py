"""The self-contained HTML report (jinja2 templates, plotly charts, plotly.js inlined once).

Output is deterministic: chart ``div_id``s are fixed, chart JSON is key-sorted, and the page has
no clock time of its own. If a page would exceed :data:`MAX_HTML_BYTES`, charts are re-rendered
with fewer points until it fits.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from typing import Any, TextIO

from profiler.analysis.result import Analysis
from profiler.report import diagnostic_text, extra_view, issue_view, limits_text, view
from profiler.report.base import register
from profiler.report.model_view import model_section

MAX_HTML_BYTES = 6_000_000
MAX_POINTS = 5000
MAX_SEGMENTS = 1000
#: time-series charts draw up to 5 series per recording; keep their total bounded
POINT_BUDGET = 60_000
MAX_TABLE_ROWS = 200


@register("analysis", "html")
class HtmlReporter:
    name = "html"
    extension = ".html"

    def __init__(self, plotlyjs: str = "inline") -> None:
        self.plotlyjs = plotlyjs
        #: the relative link to the run's .pftrace written beside the page (``--perfetto``)
        self.perfetto_link: str | None = None

    def render(self, document: Analysis, out: TextIO) -> None:
        out.write(render_html(document, plotlyjs=self.plotlyjs, perfetto_link=self.perfetto_link))


def render_html(analysis: Analysis, *, plotlyjs: str = "inline",
                max_bytes: int = MAX_HTML_BYTES, perfetto_link: str | None = None) -> str:
    """The whole page as a string; ``plotlyjs`` is ``inline`` (default) or ``cdn``;
    ``perfetto_link`` the relative URL of a Perfetto trace of the run written beside it."""
    n_rec = max(1, len(analysis.series))
    points = min(MAX_POINTS, max(100, POINT_BUDGET // (5 * n_rec)))
    segments = min(MAX_SEGMENTS, max(50, POINT_BUDGET // (7 * n_rec)))
    page = ""
    for _ in range(8):
        page = _page(analysis, plotlyjs, points, segments, perfetto_link)
        if len(page.encode("utf-8")) <= max_bytes:
            return page
        points, segments = max(20, points // 2), max(10, segments // 2)
    from profiler.errors import ProfilerError

    # The cap is a promise: never a page over it, said loudly rather than written anyway.
    raise ProfilerError(f"the HTML report would be {len(page.encode('utf-8')) / 1e6:.1f} MB, "
                        f"over its {max_bytes / 1e6:.0f} MB cap",
                        hint="write --format md or json instead, or report fewer recordings")


def _charts(analysis: Analysis, points: int, segments: int) -> dict[str, Any]:
    from profiler.report import charts
    from profiler.report.timeline import timeline_chart

    s = analysis.summary
    out: dict[str, Any] = {
        "loads": charts.loads_chart(analysis),
        "steps": charts.steps_chart(s, points),
        "stages": charts.stages_chart(s),
        "memory": charts.memory_chart(analysis, points),
        "cpu": charts.cpu_chart(analysis, points),
        "timelines": [c for i, ser in enumerate(analysis.series)
                      if (c := timeline_chart(ser, i, segments)) is not None],
    }
    return out


def chart_json(charts: dict[str, Any]) -> str:
    """All figures as one key-sorted JSON object, safe inside a <script> element."""
    figures = {}
    for value in charts.values():
        for chart in value if isinstance(value, list) else [value]:
            if chart is not None:
                figures[chart.div_id] = chart.figure
    return script_json(figures)


def script_json(value: Any) -> str:
    """Key-sorted JSON with ``<``, ``>`` and ``&`` as ``\\u`` escapes: a trace string inside it
    cannot close the ``<script>`` element it is embedded in."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def plotly_js() -> str:
    """The plotly.js bundle (read once per process)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def plotly_tag(mode: str) -> str:
    """The single script element that provides plotly.js."""
    from markupsafe import Markup

    if mode == "cdn":
        from plotly.io._utils import plotly_cdn_url

        digest = hashlib.sha384(plotly_js().encode("utf-8")).digest()
        sri = "sha384-" + base64.b64encode(digest).decode()
        return Markup(f'<script charset="utf-8" src="{plotly_cdn_url()}" integrity="{sri}" '
                      'crossorigin="anonymous"></script>')
    js = plotly_js()
    if "</script" in js.lower():  # pragma: no cover - plotly's own bundle never contains it
        raise ValueError("plotly.js bundle contains </script>")
    return Markup(f"<script>{js}</script>")


@cache
def jinja_env() -> Any:
    """The one jinja2 environment of the reports (package templates, autoescape on, strict)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("profiler.report", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined, finalize=_shown,
    )
    from profiler.report import fmt

    env.globals.update(fmt=fmt, view=view, diag=diagnostic_text, safe_url=_safe_url)
    return env


def _shown(value: Any) -> Any:
    """Every string a template prints is cut to size (markup the code built is left alone)."""
    from markupsafe import Markup

    from profiler.text import shown

    return shown(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def _safe_url(url: str | None) -> str | None:
    from profiler.report.escape import safe_url

    return safe_url(url)


def _page(analysis: Analysis, plotlyjs: str, points: int, segments: int,
          perfetto_link: str | None = None) -> str:
    from markupsafe import Markup

    from profiler import __version__

    s = analysis.summary
    charts = _charts(analysis, points, segments)
    # The template sees view values only: no summary, no series.
    context = {
        "title": f"{s.name or 'Recording'} — {view.framework_title(s)} profile", "subtitle": view.subtitle(s),
        "version": __version__, "column_count": len(view.recordings_table(s).headers) - 1,
        "load_rule": s.load_rule, "about": view.about(analysis),
        "unverified_note": view.UNVERIFIED_NOTE,
        "cards": view.headline_cards(analysis), "groups": analysis.diagnostic_groups,
        "env": view.environment(analysis) + issue_view.settings(analysis),
        "images": issue_view.images_table(s), "published": issue_view.baseline_line(analysis), "images_note": issue_view.IMAGES_NOTE,
        "recordings": view.recordings_table(s),
        "loads": view.load_table(analysis), "stages": view.stage_table(s),
        "sources": view.sources(analysis),
        "fm": extra_view.foundation_models(analysis),
        "fm_tally": extra_view.foundation_models_tally(analysis),
        "not_analysed": extra_view.not_analysed(analysis),
        "rules": view.headline_rules(), "charts": charts, "peak": analysis.peak,
        "model": model_section(view.inspection_dict(analysis)), "max_rows": MAX_TABLE_ROWS,
        "points": points, "segments": segments, "memory_note": limits_text.memory_note(analysis),
        "cpu_note": limits_text.cpu_note(analysis),
        "chart_json": Markup(chart_json(charts)), "plotly": plotly_tag(plotlyjs),
        "perfetto_link": perfetto_link,
    }
    return jinja_env().get_template("analysis.html.j2").render(**context)
