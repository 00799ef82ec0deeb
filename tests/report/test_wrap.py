"""Console line breaking keeps a number with its unit."""

from __future__ import annotations

from profiler.report.wrap import wrap


def test_no_break_inside_a_figure_at_any_width() -> None:
    text = "peak 2.60 GiB = 93 % of the budget at t = 124.0 s; 1.31 it/s over 120 s"
    for width in range(12, 80):
        lines = wrap(text, width)
        assert " ".join(lines) == text
        assert all(len(line) <= width for line in lines), width
        for figure in ("2.60 GiB", "93 %", "t = 124.0 s", "1.31 it/s", "120 s"):
            assert any(figure in line for line in lines), (width, figure)


def test_a_word_longer_than_the_line_is_cut() -> None:
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
