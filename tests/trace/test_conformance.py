"""Conformance: every file of the real-export corpus (../shared/real-traces) reads correctly.

Checks are independent of the reader: row counts, cells per row, sentinels and id/ref order come
from the stdlib parser (``xml.etree``, fine for these small files) and regexes; the spot values
(GOLDEN, TOC_GOLDEN) were looked up by hand in the XML text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

from profiler.trace import read_tables, read_toc, sniff
from tests.conftest import REAL_TRACES

FILES = sorted(p.name for p in REAL_TRACES.glob("*.xml")) if REAL_TRACES.is_dir() else []

# file -> {(column, row): expected}. Read by hand from the first rows of each file.
GOLDEN: dict[str, dict[tuple[str, int], object]] = {
    "jonhoo__inferno__basic.xml": {
        ("time", 0): 57246708, ("thread_tid", 0): 8683713, ("thread_pid", 0): 49374,
        ("process_pid", 0): 49374, ("stack_top_frame", 0): "0x18d3df0f1", ("core", 0): 3,
    },
    "openjdk__jmh__time-profile.xcode12.5.xml": {
        ("time", 0): 354034583, ("thread_tid", 0): 958241, ("process_pid", 0): 23759,
        ("stack", 0): "mach_msg2_trap ← (8 other frames)", ("stack_top_frame", 0): None,
    },
    "openjdk__jmh__time-profile.xml": {
        ("time", 0): 70294787, ("thread_tid", 0): 947990, ("process_pid", 0): 23369,
        ("stack_top_frame", 0): "_kernelrpc_mach_vm_protect_trap", ("weight", 0): 1000000,
    },
    "openjdk__jmh__time-profile.xcode26.4.1.xml": {
        ("time", 0): 648438208, ("thread_tid", 0): 20860147, ("thread_pid", 0): 34963,
        ("stack_top_frame", 0): "dyld4::PrebuiltLoader::map(Diagnostics&, dyld4::RuntimeState&, "
        "dyld4::Loader::LoadOptions const&, bool) const",
        ("thread", 0): "Main Thread (0x13e4cf3) (a.out, pid: 34963)",
    },
    "openjdk__jmh__cpu-profile.xcode14.0.1.xml": {
        ("time", 0): 397835333, ("thread_tid", 0): 56336, ("process_pid", 0): 2444,
        ("weight", 0): 34860,
    },
    "openjdk__jmh__cpu-profile.xcode26.4.1.xml": {
        ("time", 0): 890178500, ("thread_tid", 0): 20865434, ("process_pid", 0): 35242,
        ("stack_top_frame", 0): "0x10251a67d", ("weight", 0): 335273,
    },
    "openjdk__jmh__cpu-profile.xml": {
        ("time", 0): 464248740, ("thread_tid", 0): 809382, ("process_pid", 0): 414,
        ("stack_top_frame", 0): "dyld4::PrebuiltLoader::isValid(dyld4::RuntimeState const&) const",
    },
    "openjdk__jmh__counters-profile.xml": {
        ("time", 0): 434050426, ("thread_tid", 0): 869375, ("process_pid", 0): 1512,
        ("stack_top_frame", 0): "0x10e403d74", ("stack_top_frame", 1): "c", ("weight", 0): 1000000,
    },
    "openjdk__jmh__counters-profile.xcode26.4.1.xml": {
        ("time", 0): 412434541, ("thread_tid", 0): 1251, ("thread_pid", 0): 0,
        ("stack", 0): None, ("weight", 0): 1000000,
    },
    "openjdk__jmh__counters-time-profile.xml": {
        ("time", 0): 402129330, ("thread_tid", 0): 443773, ("process_pid", 0): 13748,
    },
    "robtaylor__apple-profiler__finder_cpu_profile.xml": {
        ("time", 0): 575214000, ("thread_tid", 0): 105161155, ("process_pid", 0): 751,
        ("stack_top_frame", 0): "CF_IS_OBJC",
    },
    "robtaylor__apple-profiler__hangs_potential_hangs.xml": {
        ("start", 0): 597113458, ("duration", 0): 2075111540, ("thread_tid", 0): 105218341,
        ("thread_pid", 0): 95121, ("hang-type", 0): "Severe Hang",
    },
    "robtaylor__apple-profiler__signpost_events.xml": {
        ("time", 0): 573703666, ("thread_tid", 0): 105227482, ("process_pid", 0): 394,
        ("identifier", 0): 125359813, ("event-type", 0): "Begin",
    },
    "robtaylor__apple-profiler__signpost_intervals.xml": {
        ("start", 0): 573703666, ("duration", 0): 21779500, ("process_pid", 0): 394,
        ("start-thread_tid", 0): 105227482, ("end-thread_tid", 1): 5125,
        ("identifier", 1): 17216892719917625070, ("name", 0): "FrameLifetime",
    },
    "skastr0__probe-cli__fixture-host-selftrace.device-thermal-state-intervals.xml": {
        ("start", 0): 0, ("duration", 0): 4135359048, ("end", 0): 4135359048,
        ("thermal-state", 0): "Fair", ("is-induced", 0): False, ("track-label", 0): "Current",
    },
    "landaire__xct2cli__time-sample.xml": {
        ("time", 0): 267064416, ("thread_tid", 0): 10334940, ("thread_pid", 0): 83138,
        ("core-index", 0): None, ("thread-state", 0): "Blocked", ("core-index", 2): 8,
    },
    "sforteln__xctrace-query-mcp-server__Leaks__Leaks.xml": {
        ("leaked-object", 0): "Malloc 32 Bytes", ("size", 0): 32, ("address", 0): "0x7ca911bf40",
        ("responsible-frame", 0): "<Call stack limit reached>", ("responsible-library", 5): "AppKit",
    },
    "sforteln__xctrace-query-mcp-server__potential-hangs.xml": {
        ("start", 0): 4933931583, ("duration", 0): 234838875, ("thread_tid", 0): 2568891,
        ("thread_pid", 0): 12345,
    },
    "sforteln__xctrace-query-mcp-server__ModelLoadingTable.xml": {
        ("start", 0): 24456569500, ("duration", 0): 118225541,
    },
    "sforteln__xctrace-query-mcp-server__SwiftTaskStateTable.xml": {
        ("start", 0): 0, ("duration", 0): 28902973000,
    },
    "sforteln__xctrace-query-mcp-server__SwiftTaskLifetime.xml": {("duration", 0): 28903115625},
    "sforteln__xctrace-query-mcp-server__com-apple-cfnetwork-task-intervals.xml": {
        ("start", 0): 4749800666, ("duration", 0): 173599250, ("process_pid", 0): 1572,
    },
    "sforteln__xctrace-query-mcp-server__core-data-save.xml": {
        ("start", 0): 6181618125, ("duration", 0): 3284666, ("thread_tid", 0): 2568891,
    },
    "sforteln__xctrace-query-mcp-server__detected-fs-antipattern.xml": {("duration", 0): 833},
    "sforteln__xctrace-query-mcp-server__hitches.xml": {
        ("start", 0): 4961155833, ("duration", 0): 216666666, ("process_pid", 0): 12345,
    },
    "sforteln__xctrace-query-mcp-server__runloop-intervals.xml": {
        ("start", 0): 1996500791, ("duration", 0): 9640834,
    },
    "sforteln__xctrace-query-mcp-server__SYNTHROWS_PointsOfInterestEvents.xml": {
        ("time", 0): 1000000000, ("process_pid", 0): 2033, ("thread_tid", 0): 6659,
    },
    "skastr0__probe-cli__TRIMMED_system-trace.thread-state.no-target.xml": {
        ("start", 0): 0, ("thread_tid", 0): 1631, ("thread_pid", 0): 0,
    },
    "skastr0__probe-cli__TRIMMED_time-profiler.time-sample.xml": {
        ("time", 0): 359163375, ("thread_tid", 0): 27932915, ("thread_pid", 0): 45472,
    },
    "skastr0__probe-cli__TRIMMED_metal-system-trace.metal-gpu-intervals.xml": {
        ("start", 0): 358223833, ("duration", 0): 6083, ("start-latency", 0): 1117250,
    },
}

_MINUS3 = timezone(timedelta(hours=-3))
TOC_GOLDEN: dict[str, dict[str, object]] = {
    "skastr0__probe-cli__fixture-time-profiler.toc.xml": {
        "device.name": "iPhone 17 Pro", "device.platform": "iOS Simulator",
        "host_device.platform": "macOS", "target.pid": 27364, "target.type": "attached",
        "summary.start_date": datetime(2026, 4, 9, 23, 29, 58, 204000, tzinfo=_MINUS3),
    },
    "skastr0__probe-cli__fixture-network.toc.xml": {
        "summary.start_date": None, "summary.end_date": None, "summary.duration_s": 0.0,
        "summary.instruments_version": None, "all_processes": True, "target": None,
    },
    "openjdk__jmh__time-toc.xml": {
        "target.name": "java", "target.pid": 11826, "target.arguments": "Test",
        "target.return_exit_status": 0, "summary.duration_s": 0.746006,
        "summary.template_name": "TimeProfile",
    },
}


def _cell(frame: pd.DataFrame, column: str, row: int) -> object:
    value = frame[column].iloc[row]
    return None if value is pd.NA or (not isinstance(value, tuple) and pd.isna(value)) else value


def _attr(obj: object, dotted: str) -> object:
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def test_every_golden_file_exists(real_traces: Path) -> None:
    missing = sorted((set(GOLDEN) | set(TOC_GOLDEN)) - set(FILES))
    assert not missing
    assert len(FILES) >= 59


@pytest.mark.parametrize("name", FILES or ["(corpus missing)"])  # skips via real_traces
def test_file_reads(real_traces: Path, name: str) -> None:
    path = real_traces / name
    raw = path.read_text(encoding="utf-8")
    root = ET.fromstring(raw.encode("utf-8"))
    if root.tag == "trace-toc":
        assert sniff(path) == "toc"
        toc = read_toc(path)
        assert len(toc.runs) == len(root.findall("run"))
        for run, elem in zip(toc.runs, root.findall("run"), strict=True):
            assert [t.schema for t in run.tables] == [t.get("schema") for t in elem.findall("data/table")]
            assert [t.index for t in run.tables] == list(range(1, len(run.tables) + 1))
        for dotted, expected in TOC_GOLDEN.get(name, {}).items():
            assert _attr(toc.runs[0], dotted) == expected, dotted
        return
    assert sniff(path) == "table"
    tables = read_tables(path)
    nodes = root.findall("node")
    assert len(tables) == len(nodes)
    # every ref points back to an id already written (counted by regex on the raw text)
    seen: set[str] = set()
    for match in re.finditer(r'\b(id|ref)="(\d+)"', raw):
        if match.group(1) == "id":
            seen.add(match.group(2))
        else:
            assert match.group(2) in seen
    previous = None  # a node without a <schema> uses the previous node's (one id space)
    for table, node in zip(tables, nodes, strict=True):
        rows = node.findall("row")
        assert table.row_count == len(rows) == len(table.frame)
        assert table.xpath == node.get("xpath")
        if table.track_detail:
            names = {k for r in rows for k in r.attrib}
            assert set(table.frame.columns) == names
            continue
        schema = node.find("schema") if node.find("schema") is not None else previous
        assert schema is not None
        previous = schema
        assert table.schema.name == schema.get("name")
        mnemonics = [c.findtext("mnemonic") for c in schema.findall("col")]
        assert [c.mnemonic for c in table.schema.columns] == mnemonics
        for row in rows:
            assert len(row) == len(mnemonics)
        for i, mnemonic in enumerate(mnemonics):
            sentinels = sum(1 for r in rows if r[i].tag == "sentinel")
            assert int(table.frame[mnemonic].isna().sum()) == sentinels, mnemonic
    if not nodes:  # a query that matched nothing: zero tables, nothing else to check
        assert tables == [] and not GOLDEN.get(name)
        return
    frame = tables[0].frame
    for (column, row), expected in GOLDEN.get(name, {}).items():
        assert _cell(frame, column, row) == expected, (column, row)
