""".ips crash reports built here in the documented shape (synthetic): JSON header line + JSON body.

Shape: Apple's "Identifying high-memory use with jetsam event reports" and public JetsamEvent
samples: bug_type 298, memoryStatus.pageSize, largestProcess, processes[] with rpages/reason.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from profiler.analysis.diagnostics import read_jetsam, scan_ips
from profiler.analysis.summary import Severity
from profiler.errors import InputError

PAGE = 16384
LIMIT_PAGES = 183_488  # 183,488 pages × 16 KiB = exactly 2,867 MiB (the limit in facts §1.3)


def write_ips(path: Path, header: dict, body: dict | str) -> Path:
    text = body if isinstance(body, str) else json.dumps(body, indent=2)
    path.write_text(json.dumps(header) + "\n" + text, "utf-8")
    return path


def jetsam_body(
    *,
    app_reason: str | None = "per-process-limit",
    page_at_top: bool = False,
    pages: int = LIMIT_PAGES,
) -> dict:
    app = {
        "uuid": "00000000-0000-0000-0000-000000000001",
        "states": ["frontmost", "resume"],
        "lifetimeMax": pages,
        "purgeable": 0,
        "fds": 50,
        "coalition": 633,
        "rpages": pages,
        "pid": 4321,
        "name": "SDDemo",
        "cpuTime": 412.5,
    }
    if app_reason:
        app["reason"] = app_reason
        app["killDelta"] = 13593
    body: dict = {
        "crashReporterKey": "synthetic",
        "product": "iPhone15,3",
        "build": "iPhone OS 18.1 (22B83)",
        "bug_type": "298",
        "memoryStatus": {
            "compressorSize": 103177,
            "memoryPages": {"active": 195361, "free": 11374, "wired": 244813},
            "uncompressed": 292998,
        },
        "largestProcess": "SDDemo",
        "processes": [
            {"pid": 76, "name": "backboardd", "states": ["active"], "rpages": 19240},
            app,
            {
                "pid": 812,
                "name": "financed",
                "states": ["daemon", "idle"],
                "rpages": 804,
                "reason": "vm-pageshortage",
            },
        ],
    }
    if page_at_top:
        body["pageSize"] = PAGE
    else:
        body["memoryStatus"]["pageSize"] = PAGE
    return body


HEADER = {
    "bug_type": "298",
    "timestamp": "2026-11-20 10:11:42.50 +0000",
    "os_version": "iPhone OS 18.1 (22B83)",
    "incident_id": "E0F926D5-4491-4F9F-84F6-83A7E90C43E9",
}


@pytest.mark.parametrize("page_at_top", [False, True])
def test_jetsam_limit_and_footprint_extracted_exactly(tmp_path: Path, page_at_top: bool) -> None:
    path = write_ips(
        tmp_path / "JetsamEvent-2026-11-20-101142.ips", HEADER, jetsam_body(page_at_top=page_at_top)
    )
    jet = read_jetsam(path)
    assert jet is not None
    assert jet.limit_bytes == 2867 * 1024 * 1024
    assert jet.footprint_bytes == 2867 * 1024 * 1024
    assert jet.largest_process == "SDDemo"
    assert jet.reason == "per-process-limit"
    assert (jet.killed_process, jet.killed_pid, jet.killed_frontmost) == ("SDDemo", 4321, True)
    assert jet.page_size_bytes == PAGE
    assert jet.product == "iPhone15,3"
    assert jet.timestamp == HEADER["timestamp"]


def test_jetsam_largest_differs_from_killed(tmp_path: Path) -> None:
    body = jetsam_body(app_reason=None)
    body["largestProcess"] = "backboardd"
    jet = read_jetsam(write_ips(tmp_path / "j.ips", HEADER, body))
    assert jet is not None
    assert jet.largest_process == "backboardd"
    assert jet.footprint_bytes == 19240 * PAGE
    assert (jet.killed_process, jet.reason, jet.limit_bytes) == (
        "financed",
        "vm-pageshortage",
        None,
    )
    assert jet.killed_footprint_bytes == 804 * PAGE


def test_scan_jetsam_is_an_error_for_the_app(tmp_path: Path) -> None:
    path = write_ips(tmp_path / "JetsamEvent.ips", HEADER, jetsam_body())
    start = datetime(2026, 11, 20, 10, 11, 0, tzinfo=UTC)
    (diag,) = scan_ips(path, process="SDDemo", start=start)
    assert diag.code == "jetsam-memory-limit"
    assert diag.severity is Severity.ERROR
    assert diag.evidence is not None
    assert "SDDemo (pid 4321) killed, reason per-process-limit" in diag.evidence.text
    assert "per-process limit 2,867.0 MiB" in diag.evidence.text
    assert diag.evidence.time_s == pytest.approx(42.5)
    assert diag.source == "JetsamEvent.ips"


def test_scan_jetsam_of_another_process_is_info(tmp_path: Path) -> None:
    body = jetsam_body(app_reason=None)
    (diag,) = scan_ips(write_ips(tmp_path / "j.ips", HEADER, body), process="SDDemo")
    assert diag.code == "jetsam-memory-limit"
    assert diag.severity is Severity.INFO
    assert "financed" in diag.evidence.text  # type: ignore[union-attr]


def test_crash_report_strings_are_scanned(tmp_path: Path) -> None:
    header = {"bug_type": "309", "app_name": "SDDemo", "timestamp": HEADER["timestamp"]}
    body = {
        "exception": {"type": "EXC_CRASH", "signal": "SIGABRT"},
        "asi": {
            "libc++abi.dylib": [
                "terminating due to uncaught exception of type std::bad_alloc: std::bad_alloc"
            ]
        },
        "threads": [{"frames": [{"symbol": "__pthread_kill"}]}],
    }
    found = scan_ips(write_ips(tmp_path / "SDDemo-2026-11-20.ips", header, body))
    assert [(d.code, d.evidence.source) for d in found] == [  # type: ignore[union-attr]
        ("bad-alloc", "SDDemo-2026-11-20.ips asi.libc++abi.dylib[0]")
    ]
    assert read_jetsam(tmp_path / "SDDemo-2026-11-20.ips") is None


def test_legacy_text_body_is_scanned_as_lines(tmp_path: Path) -> None:
    body = "Incident Identifier: X\nException Type: EXC_CRASH\nE5RT encountered an STL exception\n"
    found = scan_ips(write_ips(tmp_path / "old.ips", {"bug_type": "109"}, body))
    assert [(d.code, d.evidence.source) for d in found] == [  # type: ignore[union-attr]
        ("ane-compile-failed", "old.ips:3")
    ]


def test_report_saved_as_one_json_object(tmp_path: Path) -> None:
    path = tmp_path / "whole.ips"
    path.write_text(json.dumps(jetsam_body(), indent=2), "utf-8")
    jet = read_jetsam(path)
    assert jet is not None and jet.limit_bytes == LIMIT_PAGES * PAGE


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (
            "Process: SDDemo\nnot json\n",
            "not an IPS crash report: the first line is not a JSON header",
            1,
        ),
        (
            '{"bug_type":"298"}\n{"largestProcess": "SDDemo", "processes": [\n',
            "malformed IPS body",
            3,
        ),
        ("[1, 2]\n{}\n", "the header is not a JSON object", 1),
    ],
)
def test_malformed_ips_is_a_one_line_input_error(
    tmp_path: Path, content: str, message: str, line: int
) -> None:
    path = tmp_path / "bad.ips"
    path.write_text(content, "utf-8")
    with pytest.raises(InputError) as info:
        scan_ips(path)
    assert message in info.value.message
    assert (info.value.path, info.value.line) == (str(path), line)
    assert "\n" not in str(info.value)


def test_static_jetsam_fixture_matches_the_builder(tmp_path: Path) -> None:
    static = Path(__file__).resolve().parents[1] / "fixtures" / "logs" / "JetsamEvent-synthetic.ips"
    built = write_ips(tmp_path / "built.ips", HEADER, jetsam_body())
    assert static.read_text("utf-8") == built.read_text("utf-8")
    jet = read_jetsam(static)
    assert jet is not None and jet.limit_bytes == 2867 * 1024 * 1024


def test_truncated_process_names_still_identify_the_app(tmp_path: Path) -> None:
    long_name = "StableDiffusionBenchmarkRunnerApp"  # 33 characters
    body = jetsam_body()
    body["processes"][1]["name"] = long_name[:32]  # JetsamEvent cuts names to 32 characters
    path = write_ips(tmp_path / "j.ips", HEADER, body)
    (diag,) = scan_ips(path, process=long_name)
    assert diag.severity is Severity.ERROR
    (other,) = scan_ips(path, process="StableDiffusionBenchmarkRunnerXYZ")
    assert other.severity is Severity.INFO
