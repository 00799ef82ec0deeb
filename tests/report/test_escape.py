"""Markdown/mermaid escaping of trace strings."""

from __future__ import annotations

import pytest

from profiler.report.escape import md, md_link, mermaid, safe_url

HOSTILE = "<script>alert(1)</script>"


def test_html_becomes_entities() -> None:
    out = md(HOSTILE)
    assert "<" not in out and ">" not in out
    assert out == "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.mark.parametrize("raw", ["a|b", "`code`", "@someone", "#12", "[x](javascript:1)", "**b**"])
def test_table_and_markdown_syntax_is_inert(raw: str) -> None:
    out = md(raw)
    for ch in "|`@#":
        assert ch not in out.replace("&#124;", "").replace("&#96;", "").replace("&#64;", "").replace("&#35;", "")
    assert "](" not in out or "\\]" in out
    assert "**" not in out


def test_one_line_and_limit() -> None:
    assert md("a\nb\r\nc\x00") == "a b c"
    assert md("x" * 50, limit=10) == "x" * 9 + "…"


def test_md_link_only_for_http() -> None:
    assert md_link("docs", "https://example.com/a") == "[docs](https://example.com/a)"
    assert md_link("x", "javascript:alert(1)") == "x"
    assert md_link("x", "https://e.com/a)b") == "x"


def test_mermaid_label_and_url() -> None:
    assert mermaid('run-1 "x" <b>') == "run-1 x b"
    assert safe_url("https://github.com/apple/ml-stable-diffusion#faq")
    assert safe_url("javascript:alert(1)") is None
    assert safe_url('https://e.com/"onmouseover=') is None
