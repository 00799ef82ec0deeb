"""Issue-ready Markdown for a comparison (at most 65,536 characters, trace strings escaped).

Order: verdict list, environment warnings, the side-by-side headline table, the environment
table, then step and load tables inside ``<details>``. When the text would pass the limit, the
``<details>`` sections are dropped, last first, and a note says so.
"""

from __future__ import annotations

from typing import Any

from profiler.report import compare_view as view
from profiler.report import fmt
from profiler.report.base import register_text
from profiler.report.escape import md

MAX_CHARS = 65_536


def render_markdown(document: Any) -> str:
    doc = view.document(document)
    c = doc.comparison
    core = [_title(c), _verdicts(c), _warnings(c), _headline(c), _environment(c)]
    optional = [_steps(doc), _loads(doc), _rules(c)]
    while True:
        text = "\n".join(part for part in core + optional if part)
        if len(text) <= MAX_CHARS or not optional:
            break
        optional.pop()
        core.append("_Some sections were left out to stay within GitHub's 65,536-character "
                    "limit; see the HTML or JSON comparison._\n")
    return text[:MAX_CHARS]


def _title(c: Any) -> str:
    names = " vs ".join(md(r.label, limit=80) for r in c.runs)
    return (f"# Comparison: {names}\n\nBaseline: **{md(c.baseline, limit=80)}** · threshold "
            f"{c.threshold * 100:g} % · α = {c.alpha:g} · tested with ≥ {c.min_recordings} "
            f"recordings per side\n")


def _verdicts(c: Any) -> str:
    reg, imp = c.regressions, c.improvements
    lines = [f"**{md(view.tally(c))}**\n"]
    for f in reg + imp:
        fig = view.figure_by_metric(c, f.metric)
        mark = "🔴" if f in reg else "🟢"
        lines.append(f"- {mark} **{md(f.label, limit=80)}** {f.verdict}: "
                     f"{md(view.finding(f, fig))}")
    if c.missing:
        lines.append(f"- ⚪ missing (the baseline has them): {md(c.missing_text(), limit=400)}")
    return "\n".join(lines) + ("\n" if len(lines) > 1 else "")


def _warnings(c: Any) -> str:
    if not c.warnings:
        return ""
    return "\n".join(f"> ⚠️ {md(w, limit=400)}" for w in c.warnings) + "\n"


def _headline(c: Any) -> str:
    head = ["Figure", "Better", f"{md(c.baseline, limit=60)} (baseline)"]
    for label in view.others(c):
        head += [md(label, limit=60), f"Δ vs {md(c.baseline, limit=30)}", "Verdict"]
    rows = [_row(head), _row(["---"] * len(head))]
    for fig in c.figures:
        cells = {cell.label: cell for cell in fig.cells}
        row = [fig.title, view.arrow(fig.better), view.value(fig.unit, cells[c.baseline].value)]
        for label in view.others(c):
            cell = cells[label]
            row += [view.value(fig.unit, cell.value), view.delta(fig.unit, cell),
                    view.verdict(cell)]
        rows.append(_row([md(x) for x in row]))
    return "## Headline figures\n\n" + "\n".join(rows) + "\n"


def _environment(c: Any) -> str:
    head = ["", *(md(r.label, limit=60) for r in c.runs)]
    rows = [_row(head), _row(["---"] * len(head))]
    for field in c.environment:
        title = f"⚠️ {md(field.title)}" if field.differs else md(field.title)
        rows.append(_row([title, *(md(fmt.text(v), limit=120) for _, v in field.values)]))
    return "## Environment\n\n" + "\n".join(rows) + "\n"


def _steps(doc: Any) -> str:
    if not doc.inputs:
        return ""
    head = ["Run", "Recordings", "Warm steps", "Step 1", "Median", "p90", "Max"]
    rows = [_row(head), _row(["---"] * len(head))]
    for label, s in view.step_stats(doc):
        rows.append(_row([md(label, limit=60), str(s.recordings), str(s.steps),
                          *(fmt.seconds(v) for v in (s.first_s, s.median_s, s.p90_s, s.max_s))]))
    return _details("Per-step latency (warm steps pooled over recordings)", rows)


def _loads(doc: Any) -> str:
    if not doc.inputs:
        return ""
    keys, table = view.loads_per_model(doc)
    if not keys:
        return _details("Loads per model", ["No model loads in any run."])
    labels = [i.label for i in doc.inputs]
    head = ["Model", "Kind", *(md(label, limit=60) for label in labels)]
    rows = [_row(head), _row(["---"] * len(head))]
    for model, kind in keys:
        values = table[(model, kind)]
        rows.append(_row([md(model, limit=80), kind,
                          *(fmt.seconds(values.get(label)) for label in labels)]))
    return _details("Loads per model, uncached (cold) and cached (warm)", rows)


def _rules(c: Any) -> str:
    return _details("How verdicts are made", [md(line) + "\n" for line in view.rule_text(c)])


def _details(summary: str, lines: list[str]) -> str:
    return f"<details><summary>{md(summary)}</summary>\n\n" + "\n".join(lines) + "\n\n</details>\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


register_text("compare", "md", ".md", render_markdown)
