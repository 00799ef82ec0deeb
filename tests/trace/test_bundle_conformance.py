"""Real bundles against real ``xctrace export`` XML of the same recordings (robtaylor/apple-profiler).

The XML files hold the first 50 (signposts) or all 91 (cpu-profile) rows of each table; every
one of them must equal the bundle reader's row at the same position, column by column with the
same dtypes. Backtraces: the bundle's frame addresses are checked against an independent parse
of the XML's ``<frame addr>``; frame *names* are not read from bundles (docs/bundles.md), so the
two name columns are the only ones allowed to differ, and they must hold the top address.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from profiler.trace import read_tables, read_toc
from profiler.trace.bundle import read_bundle
from profiler.trace.xml import iterparse

PAIRS = [
    ("signpost", "signpost_intervals", "os-signpost-interval", 50),
    ("signpost", "signpost_events", "os-signpost", 50),
    ("finder", "finder_cpu_profile", "cpu-profile", 91),
]
NAMES = {"stack", "stack_top_frame"}  # frame names: from the symbols archive, not read


def _bundle(real: Path, name: str) -> Path:
    return real / "bundles" / f"robtaylor__apple-profiler__{name}.trace.zip"


def _xml(real: Path, name: str) -> Path:
    return real / f"robtaylor__apple-profiler__{name}.xml"


def _cells(series: pd.Series) -> list[Any]:
    return [None if v is pd.NA else v for v in series.astype(object).tolist()]


@pytest.mark.parametrize(("bundle", "xml", "schema", "rows"), PAIRS, ids=[p[2] for p in PAIRS])
def test_every_xml_row_equals_the_bundle_row(real_traces: Path, bundle: str, xml: str, schema: str,
                                             rows: int) -> None:
    (expected,) = read_tables(_xml(real_traces, xml))
    (table,) = read_bundle(_bundle(real_traces, bundle), schemas={schema}).run(1).tables[schema]
    assert expected.row_count == rows and table.row_count >= rows
    assert table.schema.columns == expected.schema.columns  # mnemonic, name, engineering type
    assert list(table.frame.columns) == list(expected.frame.columns)
    head = table.frame.iloc[:rows].reset_index(drop=True)
    for column in expected.frame.columns:
        assert head[column].dtype == expected.frame[column].dtype, column
        if column not in NAMES:
            assert _cells(head[column]) == _cells(expected.frame[column]), column
    assert head[head.columns[0]].is_monotonic_increasing  # rows come in time order


def _xml_stacks(path: Path) -> list[list[int]]:
    """Frame addresses per row, by an independent parse (ids and refs resolved by hand)."""
    frames: dict[str, int] = {}
    stacks: dict[str, list[int]] = {}
    out = []
    for _, row in iterparse(path, tag="row"):
        bt = row.find("backtrace")
        if bt.get("ref") is not None:
            out.append(stacks[bt.get("ref")])
            continue
        addrs = []
        for frame in bt.iterchildren("frame"):
            if frame.get("ref") is not None:
                addrs.append(frames[frame.get("ref")])
            else:
                frames[frame.get("id")] = int(frame.get("addr"), 16)
                addrs.append(frames[frame.get("id")])
        stacks[bt.get("id")] = addrs
        out.append(addrs)
    return out


def test_cpu_profile_stacks_have_the_xml_frame_addresses(real_traces: Path) -> None:
    expected = _xml_stacks(_xml(real_traces, "finder_cpu_profile"))
    contents = read_bundle(_bundle(real_traces, "finder"), schemas={"cpu-profile"})
    run = contents.run(1)
    (table,) = run.tables["cpu-profile"]
    stacks = run.stacks(table, "stack")
    assert len(expected) == 91 and [list(s or ()) for s in stacks] == expected
    assert _cells(table.frame["stack_top_frame"]) == [f"0x{s[0]:x}" for s in expected]


@pytest.mark.parametrize("name", ["signpost", "finder"])
def test_toc_facts_equal_the_xml_toc(real_traces: Path, name: str) -> None:
    (expected,) = read_toc(real_traces / f"robtaylor__apple-profiler__{name}_toc.xml").runs
    (run,) = read_bundle(_bundle(real_traces, name), schemas=()).toc.runs
    assert run.device == expected.device
    assert run.target == expected.target
    assert run.all_processes == expected.all_processes
    for fact in ("start_date", "end_date", "duration_s", "end_reason", "instruments_version",
                 "template_name", "recording_mode", "time_limit"):
        assert getattr(run.summary, fact) == getattr(expected.summary, fact), fact

    def tables(toc_run: Any) -> list[tuple[str, list[tuple[str, str]]]]:
        return sorted((t.schema, sorted(t.attributes.items())) for t in toc_run.tables)

    assert tables(run) == tables(expected)  # same tables and attributes; xctrace's order differs
    assert set(run.processes) <= set(expected.processes)


def test_every_store_of_the_real_bundles_is_read_or_listed(real_traces: Path) -> None:
    for name in ("signpost", "finder"):
        run = read_bundle(_bundle(real_traces, name)).run(1)
        assert {s.store for s in run.stores} == {t.path.split("!/", 1)[1].split("/", 1)[1]
                                                 for ts in run.tables.values() for t in ts} | {
            s.store for s in run.stores if s.reason}
        for s in run.stores:
            assert (s.rows is None) == (s.reason is not None)
            if s.reason:
                assert run.unreadable[s.schema].startswith("corespace/")
        assert {s.schema for s in run.stores if s.verified} <= {"os-signpost-interval",
                                                                "os-signpost", "cpu-profile"}
