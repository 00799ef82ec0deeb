"""docs/store.md stays true: its column tables are the store's columns, in order."""

from __future__ import annotations

import re
from pathlib import Path

from profiler.analysis.store.columns import LAUNCH_COLUMNS, RUN_COLUMNS, SAMPLES, Column

DOC = Path(__file__).resolve().parents[3] / "docs" / "store.md"


def _tables() -> list[list[tuple[str, str, str, str]]]:
    tables, current = [], []
    for line in DOC.read_text("utf-8").splitlines():
        row = re.fullmatch(r"\| `(\w+)` \| ([^|]+) \| ([^|]*) \| ([^|]+) \|", line)
        if row:
            current.append(tuple(part.strip() for part in row.groups()))
        elif current:
            tables.append(current)
            current = []
    return tables


def _expected(columns: tuple[Column, ...]) -> list[tuple[str, str, str, str]]:
    return [(c.name, str(c.kind), c.unit, c.doc) for c in columns]


def test_the_column_tables_are_the_stores() -> None:
    assert _tables() == [_expected(RUN_COLUMNS), _expected(LAUNCH_COLUMNS), _expected(SAMPLES)]


def test_the_page_is_linked_from_the_readme_and_the_compare_page() -> None:
    root = DOC.parents[1]
    assert "docs/store.md" in (root / "README.md").read_text("utf-8")
    assert "store.md" in (root / "docs" / "compare.md").read_text("utf-8")
