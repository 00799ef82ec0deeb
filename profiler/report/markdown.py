"""The Markdown report, ready to paste into a GitHub issue (≤ 65,536 characters).

Diagnostics and a headline table come first, then the environment; long tables sit inside
``<details>`` blocks; one mermaid ``xychart-beta`` shows per-step latency with at most 50
points. Every trace string goes through :func:`profiler.report.escape.md`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from profiler.analysis.result import Analysis
from profiler.analysis.summary import Summary
from profiler.report import diagnostic_text, extra_view, fmt, issue_view, view
from profiler.report.base import register_text
from profiler.report.escape import md, md_link, mermaid
from profiler.report.model_view import ModelSection, model_section

MAX_CHARS = 65_536
MAX_CHART_POINTS = 50
PALETTE = ("#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed")
COLOUR_NAMES = ("blue", "pink", "green", "orange", "purple")


def render_markdown(analysis: Analysis, *, max_chars: int = MAX_CHARS) -> str:
    """The whole Markdown document; row caps shrink until it fits in ``max_chars``."""
    rows = 200
    text = ""
    while True:
        text = _document(analysis, rows)
        if len(text) <= max_chars or rows <= 5:
            break
        rows //= 2
    if len(text) > max_chars:  # pathological diagnostics text: cut, and say so
        note = "\n\n_(report truncated to fit a GitHub issue; see the JSON report)_\n"
        close = "\n</details>"  # sections are never nested: at most one is open at the cut
        cut = text[: max_chars - len(note) - len(close)]
        # Cut at a line end, so no escape (``&lt;``) or table row is split, and close an open
        # <details> so that GitHub does not fold the note into it.
        cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
        if cut.count("<details>") > cut.count("</details>"):
            cut += close
        text = cut + note
    return text


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], limit: int | None = None) -> str:
    shown = list(rows[:limit]) if limit is not None else list(rows)
    lines = ["| " + " | ".join(md(h) for h in headers) + " |",
             "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in shown]
    if limit is not None and len(rows) > limit:
        lines.append(f"\n_{len(rows) - limit} more rows are in the JSON report._")
    return "\n".join(lines)


def details(summary: str, body: str) -> str:
    return f"<details><summary>{md(summary)}</summary>\n\n{body}\n\n</details>"


#: GitHub alert kind per severity: errors are CAUTION (red), warnings WARNING, info NOTE.
ALERT = {"error": "CAUTION", "warning": "WARNING", "info": "NOTE"}


def _diagnostics(analysis: Analysis, rows: int) -> str:
    """One GitHub alert block per diagnostic (``> [!WARNING]``), most severe first.

    Every line of a block starts with ``> `` and every trace string goes through :func:`md`,
    which keeps it on one line and escapes ``[``, ``!`` and ``>``: nothing from a trace can end
    the block or start another alert.
    """
    out = ["### Diagnostics", ""]
    shown = 0
    for group in analysis.diagnostic_groups:
        for d in group.items:
            if shown >= rows:
                break
            shown += 1
            body = [f"**{md(group.severity.upper())}** {md(d.message, limit=300)} "
                    f"(<code>{md(d.code, limit=60)}</code>)",
                    f"- {md(diagnostic_text.when(d))}; source: {md(d.source, limit=120)}"]
            if d.evidence:
                at = diagnostic_text.evidence_when(d)
                at = f" ({at})" if at else ""
                body.append(f"- Evidence{md(at)}: {md(d.evidence.text, limit=300)}")
            if d.advice:
                body.append(f"- What to try: {md(d.advice, limit=400)}")
            if d.link:
                body.append(f"- See {md_link(d.link, d.link)}")
            out += [f"> [!{ALERT[str(group.severity)]}]", *(f"> {line}" for line in body), ""]
    total = sum(len(g.items) for g in analysis.diagnostic_groups)
    if total > shown:
        out.append(f"_{total - shown} more diagnostics are in the JSON report._")
    return "\n".join(out).rstrip("\n")


def thin(n: int, k: int, keep: Sequence[int] = ()) -> list[int]:
    """At most ``k`` indices of ``range(n)``: evenly spaced, always the first, last and ``keep``."""
    if n <= k:
        return list(range(n))
    extra = sorted(set(int(i) for i in keep if 0 <= i < n))
    even = np.unique(np.round(np.linspace(0, n - 1, max(2, k - len(extra)))).astype(int))
    picked = sorted(set(even.tolist()) | set(extra))
    while len(picked) > k:  # rounding collisions with `keep`: drop evenly spaced interior points
        interior = [i for i in picked[1:-1] if i not in extra]
        picked.remove(interior[len(interior) // 2])
    return picked


def step_chart(summary: Summary) -> str | None:
    """One mermaid xychart-beta of per-step latency (≤ 50 points, peaks kept)."""
    recs = [r for r in summary.recordings if view.step_durations(r)]
    if not recs:
        return None
    n = max(len(view.step_durations(r)) for r in recs)
    recs = [r for r in recs if len(view.step_durations(r)) == n][: len(PALETTE)]
    peaks = [int(np.argmax(view.step_durations(r))) for r in recs]
    idx = thin(n, MAX_CHART_POINTS, peaks)
    top = max(max(view.step_durations(r)) for r in recs)
    # mermaid's default xychart palette makes the first line almost invisible: set ours
    palette = ", ".join(PALETTE[: len(recs)])
    lines = ["```mermaid",
             f'%%{{init: {{"themeVariables": {{"xyChart": {{"plotColorPalette": "{palette}"}}}}}}}}%%',
             "xychart-beta", '    title "Per-step latency (s)"',
             f'    x-axis "step" [{", ".join(str(i + 1) for i in idx)}]',
             f'    y-axis "latency (s)" 0 --> {top * 1.15:.3g}']
    for r in recs:
        values = view.step_durations(r)
        lines.append(f"    line [{', '.join(f'{values[i]:.3f}' for i in idx)}]")
    lines.append("```")
    order = ", ".join(f"{COLOUR_NAMES[i]} = {mermaid(r.name)}" for i, r in enumerate(recs))
    note = f"_Per-step latency in seconds ({order})"
    if len(idx) < n:
        note += f"; {len(idx)} of {n} steps shown, evenly spaced, slowest step kept"
    return "\n".join(lines) + "\n\n" + note + "._"


def _steps_table(summary: Summary, rows: int) -> str | None:
    recs = [r for r in summary.recordings if view.step_durations(r)]
    if not recs:
        return None
    n = max(len(view.step_durations(r)) for r in recs)
    idx = thin(n, rows)
    body = []
    for i in idx:
        cells: list[object] = [str(i + 1)]
        for r in recs:
            d = view.step_durations(r)
            cells.append(fmt.seconds(d[i]) if i < len(d) else fmt.MISSING)
        body.append(cells)
    out = table(["Step", *(r.name for r in recs)], body)
    if len(idx) < n:
        out += f"\n\n_{len(idx)} of {n} steps shown, evenly spaced; all are in the JSON report._"
    return out


def _about(analysis: Analysis, rows: int) -> str:
    out = []
    for rec in view.about(analysis):
        out.append(f"**{md(rec.name)}**\n")
        used = ", ".join(md(t) for t in rec.tables_used) if rec.tables_used else "none recorded"
        out.append(f"- Tables used: {used}")
        if rec.tables_unverified:
            names = ", ".join(md(t) for t in rec.tables_unverified)
            out.append(f"- Unverified: {names}: {md(view.UNVERIFIED_NOTE)}")
        items = list(rec.tables_missing) + list(rec.unavailable)
        for u in items[:rows]:
            out.append(f"- Not available: {md(u.metric, limit=80)}: {md(u.reason, limit=300)}")
        out.append("")
    ignored = extra_view.not_analysed(analysis)
    if ignored:
        out += [f"**Not analysed** (tables of the input this profiler does not read): "
                f"{md(ignored, limit=1000)}", ""]
    src = view.sources(analysis)
    if src.rows:
        out.append(table(src.headers, src.rows, limit=rows))
    return "\n".join(out)


def _model(model: ModelSection, rows: int) -> str:
    out = []
    if model.facts:
        out += [table(["", ""], model.facts), ""]
    if model.models:
        out += [table(model.models.headers, model.models.rows, limit=rows), ""]
    out += [f"- **{md(sev.upper())}** {md(msg, limit=300)} ({md(code, limit=60)})"
            for sev, code, msg in model.findings[:rows]]
    return "\n".join(out)


def _document(analysis: Analysis, rows: int) -> str:
    from profiler import __version__

    s = analysis.summary
    d = s.device
    parts = [f"## {view.framework_title(s)} profile: {md(s.name or 'recording', limit=120)}", ""]
    sub = [x for x in (d.name or d.model, " ".join(x for x in (d.platform, d.os_version) if x))
           if x]
    sub.append(f"{len(s.recordings)} recording{'s' if len(s.recordings) != 1 else ''}")
    parts += [" · ".join(md(x, limit=80) for x in sub), ""]
    if s.diagnostics:
        parts += [_diagnostics(analysis, rows), ""]
    cards = view.headline_cards(analysis)
    parts += ["### Headline", "",
              table(["Figure", "Value", "Notes"], [(c.label, c.value, c.detail or "") for c in cards]),
              ""]
    published = issue_view.baseline_line(analysis)
    if published:
        parts += [f"_{md(published[0].upper() + published[1:], limit=600)}_", ""]
    t = view.recordings_table(s)
    if len(t.headers) > 2:  # two launches or more: one column each
        parts += ["### Recordings side by side", "", table(t.headers, t.rows), ""]
    env = view.environment(analysis) + issue_view.settings(analysis)
    parts += ["### Environment", "", table(["", ""], env), ""]
    images = issue_view.images_table(s)
    if images.rows:
        parts += ["### Per image", "", table(images.headers, images.rows, limit=rows), "",
                  f"_{md(issue_view.IMAGES_NOTE)}_", ""]
    chart = step_chart(s)
    if chart:
        parts += ["### Per-step latency", "", chart, ""]
    loads = view.load_table(analysis)
    if loads.rows:
        rule = f"Classification rule: {md(s.load_rule or 'not stated', limit=500)}\n\n"
        parts += [details("Loads per model", rule + table(loads.headers, loads.rows, limit=rows)), ""]
    steps = _steps_table(s, rows)
    if steps:
        parts += [details("Per-step latency table", steps), ""]
    stages = view.stage_table(s)
    if stages.rows:
        parts += [details("Stage breakdown", table(stages.headers, stages.rows)), ""]
    fm = extra_view.foundation_models(analysis)
    if fm is not None:
        parts += ["### Foundation Models", "", md(extra_view.foundation_models_tally(analysis)),
                  "", table(fm.headers, fm.rows, limit=rows), ""]
    model = model_section(view.inspection_dict(analysis))
    if model:
        parts += [details("Model", _model(model, rows)), ""]
    parts += [details("About this data", _about(analysis, rows)), ""]
    parts += [f"_Generated by coreml-profiler {md(__version__)}. "
              "Attach the HTML report for the interactive charts._", ""]
    return "\n".join(parts)


register_text("analysis", "md", ".md", render_markdown)
