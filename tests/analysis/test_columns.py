"""Column and schema lookup: engineering type first, then aliases; never a crash."""

from __future__ import annotations

from profiler.analysis import columns as C
from profiler.analysis.summary import Unavailable
from tests.analysis.tables_for_tests import table


def test_camelcase_schema_names_map_to_kebab_case():
    assert C.canonical_schema("OSSignpostIntervals") == "os-signpost-interval"
    assert C.canonical_schema("os-signpost-interval") == "os-signpost-interval"
    assert C.canonical_schema("ane-hw-intervals-internal") == "ane-hw-intervals-internal"
    assert C.canonical_schema("time-profile") == "time-profile"  # unknown: unchanged


def test_type_beats_alias_and_alias_picks_among_shared_types():
    t = table("activity-monitor-process-live",
              [("start", "start-time"), ("memory-real", "size-in-bytes"),
               ("memory-physical-footprint", "size-in-bytes")], {"start": [1]})
    want = C.Want("footprint", ("size-in-bytes",), ("memory-physical-footprint",),
                  unique_type_ok=False)
    assert C.find(t, want).mnemonic == "memory-physical-footprint"
    start = C.Want("start", ("start-time",), ("time",))
    assert C.find(t, start).mnemonic == "start"


def test_shared_type_without_alias_is_not_guessed():
    t = table("x", [("a", "size-in-bytes"), ("b", "size-in-bytes")], {"a": [1], "b": [2]})
    want = C.Want("footprint", ("size-in-bytes",), ("footprint",), unique_type_ok=False)
    assert C.find(t, want) is None


def test_renamed_type_found_by_mnemonic():
    t = table("x", [("footprint", "memory-quantity")], {"footprint": [1]})
    want = C.Want("footprint", ("size-in-bytes",), ("footprint",))
    assert C.find(t, want).mnemonic == "footprint"


def test_unknown_layout_gives_the_standard_reason():
    t = table("activity-monitor-process-live", [("sample-start", "start-time"),
                                                ("phys", "memory-quantity")], {"phys": [1]})
    wants = {"footprint": C.Want("physical footprint", ("size-in-bytes",), ("footprint",))}
    result = C.resolve("memory", t, wants)
    assert isinstance(result, Unavailable)
    assert result.reason == (
        "not available: table activity-monitor-process-live has no column of type size-in-bytes "
        "for physical footprint (columns: sample-start:start-time, phys:memory-quantity)")


def test_pids_from_derived_column_or_formatted_process():
    import pandas as pd

    frame = pd.DataFrame({"process": ["CoreDiffuse (1234)", "kernel (0)"]})
    assert list(C.pids(frame, "process")) == [1234, 0]
    frame["process_pid"] = [7, 8]
    assert list(C.pids(frame, "process")) == [7, 8]
    assert list(C.process_names(frame, "process")) == ["CoreDiffuse", "kernel"]
