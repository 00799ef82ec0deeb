"""Foundation Models' ModelLoadingTable (profiler.analysis.foundation_models): loads end in
``loaded``, unloads in ``unloaded``; their own section, never the Stable Diffusion headline."""

from __future__ import annotations

from pathlib import Path

import pytest

import profiler
from profiler.analysis.context import Context
from profiler.analysis.foundation_models import kind, summarise
from tests.analysis.tables_for_tests import recording, table

REAL = "sforteln__xctrace-query-mcp-server__ModelLoadingTable.xml"
_COLUMNS = [("start", "start-time"), ("duration", "duration"), ("asset-id", "string"),
            ("from-state", "string"), ("to-state", "string"), ("transition", "string")]


@pytest.mark.parametrize(("to", "expected"), [("loaded", "load"), ("unloaded", "unload"),
                                               ("dynamicMode", "other"), (" Loaded ", "load")])
def test_the_state_a_transition_ends_in_decides_its_kind(to: str, expected: str) -> None:
    assert kind(to) == expected


def test_hand_built_rows_give_loads_unloads_and_their_total() -> None:
    rows = {"start": [1_000_000_000, 2_000_000_000, 3_000_000_000],
            "duration": [250_000_000, 10_000_000, 5_000_000],
            "asset-id": ["a", "b", "a"], "from-state": ["unloaded", "unloaded", "loaded"],
            "to-state": ["loaded", "loaded", "unloaded"], "transition": ["", "", ""]}
    ctx = Context(recording(table("ModelLoadingTable", _COLUMNS, rows)))
    fm = summarise(ctx)
    assert fm is not None
    assert (fm.loads, fm.unloads) == (2, 1)
    assert fm.load_s == pytest.approx(0.26)
    assert [(t.asset, t.kind, t.start_s) for t in fm.transitions] == [
        ("a", "load", 1.0), ("b", "load", 2.0), ("a", "unload", 3.0)]
    assert ctx.used == ["ModelLoadingTable"] and ctx.unavailable == []


def test_no_table_is_no_section_and_no_missing_figure() -> None:
    ctx = Context(recording())
    assert summarise(ctx) is None and ctx.unavailable == []


def test_the_real_export_has_its_own_section_and_stays_out_of_the_headline(
        real_traces: Path) -> None:
    analysis = profiler.analyze(profiler.load(real_traces / REAL))
    (rec,) = analysis.summary.recordings
    fm = rec.foundation_models
    assert fm is not None
    # The file's 22 rows: "dynamicMode → loaded" once and "unloaded → loaded" 9 times (loads),
    # "loaded → unloaded" 10 times (unloads), "loaded → dynamicMode" twice (other).
    assert (fm.loads, fm.unloads, len(fm.transitions)) == (10, 10, 22)
    assert fm.transitions[0].asset == "com.apple.fm.language.instruct_300m.base"
    assert fm.transitions[0].duration_s == pytest.approx(0.118225541)
    assert rec.loads == ()  # not Core ML loads
    assert all(v is None for v in vars(analysis.summary.headline).values())
    assert analysis.measured and analysis.not_analysed == ()
    from profiler.report.markdown import render_markdown

    text = render_markdown(analysis)
    assert "### Foundation Models" in text
    assert "10 loads (2.08 s in all), 10 unloads" in text
    assert text.index("### Foundation Models") > text.index("### Headline")


def test_tables_the_catalog_does_not_read_are_named_as_not_analysed(real_traces: Path) -> None:
    from profiler.report.markdown import render_markdown

    analysis = profiler.analyze(profiler.load(real_traces / "openjdk__jmh__time-profile.xml"))
    assert analysis.not_analysed == (("time-profile", 105),)
    assert ("**Not analysed** (tables of the input this profiler does not read): "
            "time-profile (105 rows)") in render_markdown(analysis)
