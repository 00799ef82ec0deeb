"""Catalog spellings and column lookup: engineering type first, then aliases; never a crash."""

from __future__ import annotations

from profiler.trace import catalog, lookup
from profiler.trace.catalog import ColumnSpec
from tests.analysis.tables_for_tests import table


def test_camelcase_schema_names_map_to_kebab_case():
    assert catalog.canonical("OSSignpostIntervals") == "os-signpost-interval"
    assert catalog.canonical("os-signpost-interval") == "os-signpost-interval"
    assert catalog.canonical("ane-hw-intervals-internal") == "ane-hw-intervals-internal"
    assert catalog.canonical("time-profile") == "time-profile"  # unknown: unchanged


def test_type_beats_alias_and_alias_picks_among_shared_types():
    t = table("activity-monitor-process-live",
              [("start", "start-time"), ("memory-real", "size-in-bytes"),
               ("memory-physical-footprint", "size-in-bytes")], {"start": [1]})
    spec = ColumnSpec("footprint", ("size-in-bytes",), ("memory-physical-footprint",),
                      unique_type_ok=False)
    assert lookup.find(t.schema, spec).mnemonic == "memory-physical-footprint"
    start = ColumnSpec("start", ("start-time",), ("time",))
    assert lookup.find(t.schema, start).mnemonic == "start"


def test_shared_type_without_alias_is_not_guessed():
    t = table("x", [("a", "size-in-bytes"), ("b", "size-in-bytes")], {"a": [1], "b": [2]})
    spec = ColumnSpec("footprint", ("size-in-bytes",), ("footprint",), unique_type_ok=False)
    assert lookup.find(t.schema, spec) is None


def test_renamed_type_found_by_mnemonic():
    t = table("x", [("footprint", "memory-quantity")], {"footprint": [1]})
    spec = ColumnSpec("footprint", ("size-in-bytes",), ("footprint",))
    assert lookup.find(t.schema, spec).mnemonic == "footprint"


def test_unknown_layout_gives_the_standard_reason():
    t = table("activity-monitor-process-live", [("sample-start", "start-time"),
                                                ("phys", "memory-quantity")], {"phys": [1]})
    specs = {"footprint": ColumnSpec("physical footprint", ("size-in-bytes",), ("footprint",),
                                     required=True)}
    result = lookup.resolve(t, specs)
    assert isinstance(result, lookup.MissingColumn) and result.role == "footprint"
    assert result.reason == (
        "not available: table activity-monitor-process-live has no column of type size-in-bytes "
        "for physical footprint (columns: sample-start:start-time, phys:memory-quantity)")


def test_optional_columns_that_are_absent_are_left_out():
    t = table("x", [("start", "start-time")], {"start": [1]})
    specs = {"start": ColumnSpec("start", ("start-time",), required=True),
             "label": ColumnSpec("label", ("formatted-label",), ("label",))}
    assert lookup.resolve(t, specs) == {"start": "start"}


def test_pick_prefers_the_first_entry_with_rows_and_reads_any_spelling():
    empty = table("ane-hw-intervals", [("start", "start-time")], {"start": []})
    full = table("ane-hw-intervals-internal", [("start", "start-time")], {"start": [1, 2]})
    ane = catalog.of_role(catalog.Role.ANE)
    picked = lookup.pick({"ane-hw-intervals": (empty,), "ane-hw-intervals-internal": (full,)}, ane)
    assert picked is not None and picked.entry.name == "ane-hw-intervals-internal"
    only_empty = lookup.pick({"ane-hw-intervals": (empty,)}, ane)
    assert only_empty is not None and not only_empty.has_rows  # present, so it can say "empty"
    camel = table("OSSignpostIntervals", [("start", "start-time")], {"start": [1]})
    signposts = catalog.of_role(catalog.Role.APP_SIGNPOSTS)
    assert lookup.pick({"OSSignpostIntervals": (camel,)}, signposts).tables == (camel,)


def test_a_bare_frame_is_looked_up_by_its_column_names():
    import pandas as pd

    schema = lookup.frame_schema(pd.DataFrame({"eventMessage": ["x"], "time": [1]}))
    message = catalog.main(catalog.Role.LOG).columns["message"]
    assert lookup.find(schema, message).mnemonic == "eventMessage"
