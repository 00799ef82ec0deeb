"""Self-contained HTML for ``profiler store trend``: jinja2 (autoescape on), plotly.js inlined
once, one chart and two tables per figure.

Deterministic: stable ``div_id``s, key-sorted chart JSON embedded with ``<``, ``>`` and ``&`` as
``\\u`` escapes (no trace string can close the ``<script>``), no clock time of its own.
"""

from __future__ import annotations

from typing import Any

from profiler.report.base import register_text


def render_html(document: Any) -> str:
    from profiler import __version__
    from profiler.report import trend_view as view
    from profiler.report.html import jinja_env, plotly_js, script_json
    from profiler.report.trend_charts import div_id, trend_chart

    figures, charts = [], {}
    for fig in document.figures:
        chart = trend_chart(fig)
        if chart is not None:
            charts[chart.div_id] = script_json(chart.figure)
        figures.append({"metric": fig.metric, "title": fig.title, "arrow": view.arrow(fig.better),
                        "div_id": div_id(fig), "chart": chart, "latest": view.latest(fig),
                        "changes": view.changes(fig)})
    context = {
        "title": view.title(document),
        "subtitle": view.subtitle(document), "notes": view.notes(document),
        "figures": figures, "rules": view.rules(document), "store": document.store,
        "version": __version__, "plotly_js": plotly_js() if charts else "",
        "chart_json": charts,
    }
    return jinja_env().get_template("trend.html.j2").render(**context)


register_text("trend", "html", ".html", render_html)
