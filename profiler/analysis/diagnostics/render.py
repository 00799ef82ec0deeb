"""Plain text, Markdown and JSON renderings of grouped diagnostics (used by ``profiler triage``).

Evidence is text from logs and devices, so Markdown puts it in code spans fenced with more
backticks than it contains, and never inside a table cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from profiler.analysis.summary import Diagnostic, Severity
from profiler.text import terminal_safe

TRIAGE_FORMAT = "coreml-profiler.triage"
TRIAGE_VERSION = 1


def _when(d: Diagnostic) -> str:
    if d.first_s is None:
        return ""
    if d.last_s is None or d.last_s == d.first_s:
        return f" at {d.first_s:.1f} s"
    return f" from {d.first_s:.1f} s to {d.last_s:.1f} s"


def tally(diagnostics: Sequence[Diagnostic]) -> str:
    """``2 errors, 1 warning, 0 info`` (counted per group)."""
    n = {s: sum(1 for d in diagnostics if d.severity == s) for s in Severity}
    e, w = n[Severity.ERROR], n[Severity.WARNING]
    return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}, {n[Severity.INFO]} info"


def to_text(diagnostics: Sequence[Diagnostic], files: Sequence[str]) -> str:
    """Terminal text: one block per group, then a tally line."""
    lines: list[str] = []
    for d in diagnostics:
        times = f" ×{d.count}" if d.count > 1 else ""
        lines.append(f"[{d.severity.value}] {d.code}{times}{_when(d)}: {d.message}")
        if d.evidence is not None:
            lines.append(f"  evidence: {d.evidence.source}: {d.evidence.text}")
        if d.advice:
            lines.append(f"  advice: {d.advice}")
        if d.link:
            lines.append(f"  link: {d.link}")
    plural = "s" if len(files) != 1 else ""
    if diagnostics:
        lines.append(
            f"{len(diagnostics)} finding{'s' * (len(diagnostics) != 1)} "
            f"in {len(files)} file{plural}: {tally(diagnostics)}"
        )
    else:
        lines.append(f"no known failure signatures in {len(files)} file{plural}")
    # File names and evidence reach a terminal: no escape sequence may act on it.
    return terminal_safe("\n".join(lines)) + "\n"


def code_span(text: str) -> str:
    """``text`` as a Markdown code span that its own backticks cannot close."""
    text = " ".join(text.split())
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def to_markdown(diagnostics: Sequence[Diagnostic], *, heading: str = "## Diagnostics") -> str:
    """A Markdown section: a bullet per group with evidence, advice and link."""
    if not diagnostics:
        return f"{heading}\n\nNo known failure signatures found.\n"
    lines = [heading, "", tally(diagnostics) + ".", ""]
    for d in diagnostics:
        times = f" ×{d.count}" if d.count > 1 else ""
        lines.append(f"- **{d.severity.value}** `{d.code}`{times}{_when(d)}: {d.message}")
        if d.evidence is not None:
            lines.append(
                f"  - evidence ({code_span(d.evidence.source)}): {code_span(d.evidence.text)}"
            )
        if d.advice:
            lines.append(f"  - advice: {d.advice}")
        if d.link:
            lines.append(f"  - link: <{d.link}>")
    return "\n".join(lines) + "\n"


def to_dict(d: Diagnostic) -> dict[str, Any]:
    """One diagnostic as in the summary contract's ``diagnostics[]``."""
    ev = d.evidence
    return {
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
        "evidence": None
        if ev is None
        else {"text": ev.text, "source": ev.source, "time_s": ev.time_s},
        "source": d.source,
        "link": d.link,
        "advice": d.advice,
        "count": d.count,
        "first_s": d.first_s,
        "last_s": d.last_s,
    }


def to_json_dict(diagnostics: Sequence[Diagnostic], files: Sequence[str]) -> dict[str, Any]:
    """The ``profiler triage --format json`` document."""
    return {
        "format": TRIAGE_FORMAT,
        "version": TRIAGE_VERSION,
        "files": list(files),
        "diagnostics": [to_dict(d) for d in diagnostics],
    }
