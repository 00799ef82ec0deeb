"""``profiler triage`` output: grouped diagnostics as text, Markdown and JSON reporters.

Evidence is text from logs and devices, so Markdown puts it in code spans fenced with more
backticks than it contains (:func:`profiler.report.escape.code_span`), and never inside a table
cell. The JSON document is ``coreml-profiler.triage`` v1.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from profiler.analysis.summary import Diagnostic
from profiler.report.base import register_text
from profiler.report.escape import code_span
from profiler.severity import Severity


@dataclass(frozen=True)
class TriageDocument:
    """What the triage reporters render: the grouped diagnostics and the files scanned."""

    diagnostics: tuple[Diagnostic, ...]
    files: tuple[str, ...]








TRIAGE_FORMAT = "coreml-profiler.triage"
TRIAGE_VERSION = 1


def _text(doc: TriageDocument) -> str:
    return to_text(doc.diagnostics, doc.files)


def _markdown(doc: TriageDocument) -> str:
    return to_markdown(doc.diagnostics, heading="# Triage")


def _json(doc: TriageDocument) -> str:
    return json.dumps(to_json_dict(doc.diagnostics, doc.files), indent=2, ensure_ascii=False) + "\n"


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
    return "\n".join(lines) + "\n"  # the CLI's terminal filter cleans it on the way out


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


register_text("triage", "text", ".txt", _text)
register_text("triage", "md", ".md", _markdown)
register_text("triage", "json", ".json", _json)
