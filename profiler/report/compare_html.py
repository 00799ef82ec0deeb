"""Self-contained HTML for a comparison: jinja2 (autoescape on), plotly.js inlined once.

Deterministic: stable ``div_id``s, figure JSON with sorted keys, no timestamps of its own. The
figure JSON is embedded with ``<``, ``>`` and ``&`` as ``\\u`` escapes, so no trace string can
close the ``<script>`` element.
"""

from __future__ import annotations

from typing import Any

from profiler.report.base import register_text

MAX_BYTES = 6 * 1024 * 1024


def render_html(document: Any) -> str:
    from profiler.report import compare_charts as charts
    from profiler.report import compare_view as view
    from profiler.report.html import jinja_env, plotly_js, script_json

    doc = view.document(document)
    c = doc.comparison
    steps = charts.steps_chart(doc) if doc.inputs else None
    loads = charts.loads_chart(doc) if doc.inputs else None
    memory, memory_notes = charts.memory_chart(doc.inputs) if doc.inputs else (None, ())
    figures = {fig.metric: fig for fig in c.figures}
    rows = []
    for fig in c.figures:
        cells = {cell.label: cell for cell in fig.cells}
        rows.append({
            "title": fig.title, "better": view.arrow(fig.better),
            "baseline": view.value(fig.unit, cells[c.baseline].value),
            "others": [{"value": view.value(fig.unit, cells[label].value),
                        "delta": view.delta(fig.unit, cells[label]),
                        "verdict": view.verdict(cells[label]),
                        "kind": str(cells[label].verdict)} for label in view.others(c)],
        })
    findings = [{"label": f.label, "verdict": str(f.verdict),
                 "text": view.finding(f, figures[f.metric])}
                for f in c.regressions + c.improvements]
    charts_used = [ch for ch in (steps, loads, memory) if ch is not None]
    context = {
        "c": c, "rows": rows, "others": view.others(c), "findings": findings,
        "tally": view.tally(c),
        "rules": view.rule_text(c), "has_inputs": bool(doc.inputs),
        "step_stats": view.step_stats(doc),
        "steps": steps, "loads": loads, "memory": memory, "memory_notes": memory_notes,
        "plotly_js": plotly_js() if charts_used else "",
        "chart_json": {ch.div_id: script_json(ch.figure) for ch in charts_used},
    }
    return jinja_env().get_template("compare.html.j2").render(**context)


register_text("compare", "html", ".html", render_html)
