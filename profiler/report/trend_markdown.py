"""Issue-ready Markdown for ``profiler store trend`` (trace strings escaped, at most 65,536
characters: the change lists are cut first, newest kept)."""

from __future__ import annotations

from typing import Any

from profiler.report.base import register_text
from profiler.report.escape import md

MAX_CHARS = 65_536
MAX_CHANGES = 50


def render_markdown(document: Any) -> str:
    from profiler.report import trend_view as view

    out = [f"# {md(view.title(document))}", "",
           md(view.subtitle(document), limit=400), ""]
    out += [f"_{md(n)}_\n" for n in view.notes(document)]
    for fig in document.figures:
        out += [f"## {md(fig.title)} ({view.arrow(fig.better)} is better)", "",
                "| Series | Runs | Latest | Band | Verdict |", "|---|---:|---:|---|---|"]
        out += [f"| {md(r.label, limit=120)} | {r.runs} | {md(r.value)} | {md(r.band)} | "
                f"{md(r.verdict)} |" for r in view.latest(fig)]
        changes = view.changes(fig)
        out.append("")
        if changes:
            shown = changes[-MAX_CHANGES:]
            out += [f"Changes against the window ({len(changes)}"
                    + (f", the newest {len(shown)} shown" if len(shown) < len(changes) else "")
                    + "):", "",
                    "| Recorded | Series | Run | Commit | Value | Δ vs window | Verdict |",
                    "|---|---|---|---|---:|---:|---|"]
            out += [f"| {md(c.when)} | {md(c.label, limit=120)} | {md(c.run, limit=80)} | "
                    f"{md(c.commit, limit=40)} | {md(c.value)} | {md(c.delta)} | "
                    f"{md(c.verdict)} |" for c in shown]
        else:
            out.append("No run changed by more than the threshold against its window.")
        out.append("")
    out += ["<details><summary>How to read this</summary>", ""]
    out += [md(line) + "\n" for line in view.rules(document)]
    out += ["</details>", ""]
    text = "\n".join(out)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 2] + "\n"


register_text("trend", "md", ".md", render_markdown)
