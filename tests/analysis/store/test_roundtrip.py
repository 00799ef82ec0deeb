"""What the store gives back is what the analysis said: summaries rebuilt from rows."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import profiler
from profiler.analysis.aggregate import launches
from profiler.analysis.compare import compare
from profiler.analysis.store.history import select
from profiler.analysis.store.identity import parse_time, run_id
from profiler.analysis.store.query import connect
from tests.analysis.store.fleet import FleetRun

#: Recording-level facts of summary v2 the store keeps only in part (process name and pid of the
#: launch) or not at all: how the app was identified, the launch list itself, other processes.
NOT_STORED = ("app", "launches", "other_processes")


def _stored(store: Path) -> dict:
    with connect(store) as con:
        return {r.run_id: r for r in select(con)}


def test_rebuilt_summaries_equal_the_analysis(fleet: list[FleetRun], fleet_store: Path) -> None:
    stored = _stored(fleet_store)
    for run in fleet[:3]:
        original = profiler.analyze(profiler.load(run.path)).summary
        back = stored[run_id(run.path)].summary
        assert back.device == original.device and back.headline == original.headline
        assert (back.name, back.load_rule) == (original.name, original.load_rule)
        # the store's unit is the launch: each comes back as a recording of one launch
        assert len(back.recordings) == len(launches(original.recordings)) == len(original.recordings)
        for a, b in zip(original.recordings, back.recordings, strict=True):
            assert parse_time(a.start_date) == parse_time(b.start_date)  # stored as UTC
            for f in fields(a):
                if f.name not in ("start_date", *NOT_STORED):
                    assert getattr(b, f.name) == getattr(a, f.name), f.name


def test_the_gate_sees_the_same_thing_from_the_store(fleet: list[FleetRun],
                                                     fleet_store: Path) -> None:
    stored = _stored(fleet_store)
    a, b = fleet[0], fleet[1]
    direct = compare([("a", profiler.analyze(profiler.load(a.path)).summary, None),
                      ("b", profiler.analyze(profiler.load(b.path)).summary, None)])
    via = compare([("a", stored[run_id(a.path)].summary, None),
                   ("b", stored[run_id(b.path)].summary, None)])
    assert via == direct
