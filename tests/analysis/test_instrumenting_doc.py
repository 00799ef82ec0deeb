"""docs/instrumenting-your-app.md states the exact convention the analysis reads."""

from __future__ import annotations

import re

from profiler.analysis import steps
from tests.conftest import ROOT

DOC = ROOT / "docs" / "instrumenting-your-app.md"


def _swift() -> str:
    """The Swift block of the "Swift example" section (later sections have their own)."""
    text = DOC.read_text("utf-8")
    section = text[text.index("## Swift example"):]
    section = section[:section.index("\n## ", 1)] if "\n## " in section[1:] else section
    blocks = re.findall(r"```swift\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 1
    return blocks[0]


def test_swift_example_uses_the_category_the_analysis_reads():
    categories = set(re.findall(r'OSSignposter\(subsystem: "[^"]+", category: "([^"]+)"\)',
                                _swift()))
    assert categories == {steps.SIGNPOST_CATEGORY}


def test_swift_example_uses_exactly_the_interval_names_the_analysis_reads():
    code = _swift()
    names = set(re.findall(r'(?:beginInterval|interval)\("([^"]+)"', code))
    assert names == set(steps.INTERVAL_NAMES)
    ended = set(re.findall(r'endInterval\("([^"]+)"', code))
    assert ended <= names


def test_doc_table_lists_the_same_names():
    text = DOC.read_text("utf-8")
    text = text[:text.index("## Swift example")]  # the convention's own tables
    listed = set(re.findall(r"^\| `([a-zA-Z]+)` \|", text, flags=re.M))
    assert listed == set(steps.INTERVAL_NAMES)
    assert f"| Category | `{steps.SIGNPOST_CATEGORY}`" in text
