"""Markdown report: GitHub-issue ready, escaped, within the body limit."""

from __future__ import annotations

import re
from dataclasses import replace

from profiler.analysis.result import Analysis
from profiler.analysis.summary import Diagnostic, Evidence, Severity
from profiler.report.markdown import MAX_CHARS, render_markdown, thin
from tests.report.conftest import HOSTILE, hostile_diagnostic, make_analysis


def _mermaid(text: str) -> str:
    blocks = re.findall(r"```mermaid\n(.*?)```", text, re.S)
    assert len(blocks) == 1
    return blocks[0]


def test_order_diagnostics_headline_environment() -> None:
    text = render_markdown(make_analysis(diagnostics=(hostile_diagnostic(),)))
    pos = [text.index(h) for h in ("### Diagnostics", "### Headline", "### Environment",
                                   "### Per-step latency", "<summary>Loads per model</summary>")]
    assert pos == sorted(pos)


def test_tables_inside_details(analysis: Analysis) -> None:
    text = render_markdown(analysis)
    for name in ("Loads per model", "Per-step latency table", "About this data"):
        block = text[text.index(f"<details><summary>{name}</summary>"):]
        block = block[: block.index("</details>")]
        assert "| --- |" in block
    assert text.count("<details>") == text.count("</details>")
    assert analysis.summary.load_rule.split(":")[0] in text


def test_mermaid_chart_thinned_to_50_points_with_peak() -> None:
    a = make_analysis(recordings=1, steps=400)
    chart = _mermaid(render_markdown(a))
    lines = chart.splitlines()
    assert lines[0].startswith("%%{init:") and lines[1] == "xychart-beta"  # the palette directive
    xs = re.search(r'x-axis "step" \[(.*?)\]', chart).group(1).split(", ")
    values = re.search(r"line \[(.*?)\]", chart).group(1).split(", ")
    assert len(xs) == len(values) <= 50
    durations = a.summary.recordings[0].steps.durations_s
    slowest = max(range(len(durations)), key=durations.__getitem__)
    assert str(slowest + 1) in xs and xs[0] == "1" and xs[-1] == "400"


def test_thin_helper() -> None:
    assert thin(10, 50) == list(range(10))
    picked = thin(1000, 50, keep=(333,))
    assert len(picked) <= 50 and 333 in picked and picked[0] == 0 and picked[-1] == 999


def test_hostile_strings_escaped(hostile: Analysis) -> None:
    text = render_markdown(hostile)
    assert HOSTILE not in text
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "javascript:" not in text.replace("javascript:alert(1)", "") or "](javascript" not in text
    assert "](javascript" not in text
    # the backtick, pipe, mention and issue link in the evidence are inert
    evidence = next(line for line in text.splitlines() if "Evidence" in line)
    assert "&#96;tick&#96;" in evidence and "&#124;" in evidence and "&#64;team" in evidence


def test_limit_holds_with_huge_diagnostics() -> None:
    many = tuple(Diagnostic(f"D{i}", Severity.WARNING, "m" * 5000, Evidence("e" * 5000, "log"),
                            "log", None, "a" * 5000, 1, float(i), float(i)) for i in range(500))
    text = render_markdown(make_analysis(diagnostics=many, steps=3000))
    assert len(text) <= MAX_CHARS
    assert text.count("<details>") == text.count("</details>")


def test_no_steps_no_chart(analysis: Analysis) -> None:
    recs = tuple(replace(r, steps=None) for r in analysis.summary.recordings)
    text = render_markdown(Analysis(replace(analysis.summary, recordings=recs), analysis.series))
    assert "```mermaid" not in text


def test_model_block_when_inspected(analysis: Analysis) -> None:
    class Inspection:
        def to_dict(self) -> dict:
            return {"path": "m", "models": [{"name": f"Unet{HOSTILE}", "size_bytes": 2 * 1024**3}],
                    "findings": [{"severity": "warning", "code": "W1", "message": "chunk it"}]}

    text = render_markdown(replace(analysis, inspection=Inspection()))
    block = text[text.index("<summary>Model</summary>"):]
    assert "2.00 GiB" in block and "chunk it" in block and HOSTILE not in text


def test_a_forced_cut_keeps_lines_whole_and_details_closed(analysis: Analysis) -> None:
    from profiler.report.markdown import _document

    full = _document(analysis, 3)  # row caps shrink 200 → 3 before anything is cut
    note = "_(report truncated to fit a GitHub issue; see the JSON report)_"
    for limit in range(1_000, len(full), 97):  # cuts land anywhere in the document
        text = render_markdown(analysis, max_chars=limit)
        assert len(text) <= limit and text.endswith(note + "\n")
        body = text[: -len(note) - 3]
        assert full.startswith(body.removesuffix("\n</details>"))  # cut at a line end
        assert full[len(body.removesuffix("\n</details>"))] == "\n"
        assert text.count("<details>") == text.count("</details>")


def _diagnostics_section(text: str) -> str:
    return text[text.index("### Diagnostics"):text.index("### Headline")]


def test_diagnostics_are_github_alert_blocks_by_severity() -> None:
    diags = tuple(Diagnostic(f"C{sev.value}", sev, f"message {sev.value}", Evidence("ev", "log", 3.0),
                             "log", None, "advice", 1, 3.0, 3.0, recording="run-1")
                  for sev in (Severity.INFO, Severity.ERROR, Severity.WARNING))
    section = _diagnostics_section(render_markdown(make_analysis(diagnostics=diags)))
    blocks = [b for b in section.split("\n\n")[1:] if b.strip()]
    assert [b.splitlines()[0] for b in blocks] == ["> [!CAUTION]", "> [!WARNING]", "> [!NOTE]"]
    for block in blocks:
        assert all(line.startswith("> ") for line in block.splitlines()), block
    assert "> - run-1 at t = 3.0 s; source: log" in blocks[0]
    assert "> - Evidence (run-1 at t = 3.0 s): ev" in blocks[0]


def test_a_hostile_trace_string_cannot_leave_or_forge_an_alert() -> None:
    evil = "line\n\n> [!CAUTION]\n# owned <img src=x> @team"
    diag = Diagnostic("E1", Severity.WARNING, evil, Evidence(evil, evil, 1.0), evil, None, evil,
                      1, 1.0, 1.0, recording=evil)
    section = _diagnostics_section(render_markdown(make_analysis(diagnostics=(diag,))))
    blocks = [b for b in section.split("\n\n")[1:] if b.strip()]
    assert len(blocks) == 1 and blocks[0].count("[!") == 1  # only the block's own marker
    assert all(line.startswith("> ") for line in blocks[0].splitlines())
    assert "<img" not in section and "@team" not in section and "\\[\\!CAUTION\\]" in section
