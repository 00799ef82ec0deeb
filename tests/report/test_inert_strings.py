"""Trace strings never become live links, never reorder text, never show ``&quot;`` (issue 12
item 8). The strings are SYNTHETIC."""

from __future__ import annotations

import pytest

from profiler.report.charts import label
from profiler.report.console import clean
from profiler.report.escape import code_span, md
from profiler.report.html import jinja_env
from profiler.text import terminal_safe

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZWJ = "\u200d"


@pytest.mark.parametrize("raw, expected", [
    ("see https://evil.example/x now", f"see https{ZWJ}://evil.example/x now"),
    ("HTTP://EVIL", f"HTTP{ZWJ}://EVIL"),
    ("go to www.evil.example", f"go to www{ZWJ}.evil.example"),
    ("WWW.EVIL.EXAMPLE", f"WWW{ZWJ}.EVIL.EXAMPLE"),
    ("awww.cute", "awww.cute"),  # not a www. host
])
def test_markdown_has_no_autolinks(raw: str, expected: str) -> None:
    assert md(raw) == expected


def test_bidi_controls_are_removed_everywhere() -> None:
    raw = f"model{BIDI}gpj.exe"
    assert md(raw) == "modelgpj.exe"
    assert code_span(raw) == "`modelgpj.exe`"
    assert terminal_safe(raw) == "modelgpj.exe"
    assert clean(raw) == "modelgpj.exe"
    assert label(raw) == "modelgpj.exe"
    assert jinja_env().from_string("{{ x }}").render(x=raw) == "modelgpj.exe"


def test_plotly_labels_keep_quotes_as_quotes() -> None:
    assert label('say "hi" <b>') == 'say "hi" &lt;b&gt;'  # plotly.js shows &quot; literally
