"""os-log tables as the reader produces them (synthetic rows; schema per the os-log schema spike)."""

from __future__ import annotations

import pandas as pd

from profiler.analysis.diagnostics import scan_os_log
from profiler.analysis.diagnostics.oslog import find_columns
from profiler.analysis.summary import Severity
from profiler.trace.model import Column, Schema, Table

OS_LOG_COLUMNS = (
    ("time", "event-time"),
    ("thread", "thread"),
    ("process", "process"),
    ("message-type", "event-type"),
    ("format-string", "format-string"),
    ("backtrace", "text-backtrace"),
    ("subsystem", "subsystem"),
    ("category", "category"),
    ("message", "os-log-metadata"),
    ("emit-location", "return-location"),
)


def os_log_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["time"] = frame["time"].astype("Int64")
    return frame


def table(frame: pd.DataFrame, columns=OS_LOG_COLUMNS) -> Table:  # type: ignore[no-untyped-def]
    schema = Schema(name="os-log", columns=tuple(Column(m, None, t) for m, t in columns))
    return Table(
        path="synthetic-os-log.xml",
        xpath=None,
        run_number=1,
        table_index=1,
        schema=schema,
        frame=frame,
        row_count=len(frame),
    )


ROWS = [
    {
        "time": 1_500_000_000,
        "process": "SDDemo (4321)",
        "process_pid": 4321,
        "message-type": "Error",
        "format-string": "%{public}s",
        "subsystem": "com.apple.espresso",
        "category": "espresso",
        "message": "E5RT encountered an STL exception. msg = MILCompilerForANE error: failed",
    },
    {
        "time": 2_000_000_000,
        "process": "SDDemo (4321)",
        "process_pid": 4321,
        "message-type": "Default",
        "format-string": "Invalid group id in source layers: %s",
        "subsystem": "com.apple.coreml",
        "category": "coreml",
        "message": None,  # composed message missing: the format string is scanned instead
    },
    {
        "time": 2_500_000_000,
        "process": "SDDemo (4321)",
        "process_pid": 4321,
        "message-type": "Fault",
        "format-string": "%s",
        "subsystem": "com.apple.runtime-issues",
        "category": "CoreML",
        "message": "The model's input is being copied on every prediction",
    },
    {
        "time": None,
        "process": "SDDemo (4321)",
        "process_pid": 4321,
        "message-type": "Default",
        "format-string": "%s",
        "subsystem": "com.example.sddemo",
        "category": "pipeline",
        "message": "Step 3 of 20",
    },
]


def test_scan_os_log_table() -> None:
    found = scan_os_log(table(os_log_frame(ROWS)), "rec1: os-log")
    got = [(d.code, d.severity, d.evidence.time_s, d.evidence.source) for d in found]  # type: ignore[union-attr]
    assert got == [
        (
            "ane-compile-failed",
            Severity.ERROR,
            1.5,
            "rec1: os-log · com.apple.espresso/espresso · SDDemo (4321)",
        ),
        (
            "invalid-group-id-benign",
            Severity.INFO,
            2.0,
            "rec1: os-log · com.apple.coreml/coreml · SDDemo (4321)",
        ),
        (
            "coreml-runtime-issue",
            Severity.WARNING,
            2.5,
            "rec1: os-log · com.apple.runtime-issues/CoreML · SDDemo (4321)",
        ),
    ]
    assert found[1].evidence.text == "Invalid group id in source layers: %s"  # type: ignore[union-attr]
    assert all(d.source == "rec1: os-log" for d in found)


def test_runtime_issue_fallback_yields_to_a_specific_signature() -> None:
    rows = [dict(ROWS[2], message="Error computing NN outputs -1")]
    assert [d.code for d in scan_os_log(os_log_frame(rows), "x")] == ["nn-output-error"]


def test_columns_found_by_engineering_type_before_mnemonic() -> None:
    # the composed message sits under another mnemonic; a decoy "message" column is plain text
    frame = os_log_frame(ROWS).rename(columns={"message": "composed"})
    frame["message"] = "nothing to see"
    columns = [(("composed" if m == "message" else m), t) for m, t in OS_LOG_COLUMNS]
    columns.append(("message", "string"))
    t = table(frame, tuple(columns))
    assert find_columns(t)["message"] == "composed"
    assert [d.code for d in scan_os_log(t, "x")][0] == "ane-compile-failed"


def test_bare_frame_uses_mnemonic_aliases() -> None:
    found = scan_os_log(os_log_frame(ROWS), "frame")
    assert [d.code for d in found] == [
        "ane-compile-failed",
        "invalid-group-id-benign",
        "coreml-runtime-issue",
    ]


def test_empty_or_messageless_tables_give_nothing() -> None:
    assert scan_os_log(pd.DataFrame(), "x") == []
    assert scan_os_log(os_log_frame(ROWS).drop(columns=["message", "format-string"]), "x") == []
