"""`profiler tables`: text/JSON output, --to parquet/csv, hostile inputs, lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from profiler.cli import app

runner = CliRunner()
HOSTILE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"
EXPECTED = tomllib.loads((HOSTILE / "expected.toml").read_text(encoding="utf-8"))
THERMAL = "skastr0__probe-cli__fixture-host-selftrace.device-thermal-state-intervals.xml"
CONSOLE = Path(sys.executable).parent / "profiler"


def _invoke(*args: str):  # noqa: ANN202
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def test_table_export_text(real_traces: Path) -> None:
    path = real_traces / THERMAL
    result = _invoke("tables", str(path))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{path}: table export, 1 table(s)",
        "device-thermal-state-intervals (run 1, table[4]): 1 rows",
        "  MNEMONIC       ENGINEERING TYPE          DTYPE",
        "  start          start-time                Int64",
        "  duration       duration                  Int64",
        "  end            start-time                Int64",
        "  thermal-state  thermal-state             string",
        "  track-label    string                    string",
        "  is-induced     boolean                   boolean",
        "  narrative      narrative                 string",
    ]
    assert result.stderr == ""


def test_toc_text(real_traces: Path) -> None:
    path = real_traces / "openjdk__jmh__time-toc.xml"
    result = _invoke("tables", str(path))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        f"{path}: TOC, 1 run(s)",
        "run 1",
        "  device: Filipp’s MacBook Pro (MacBook Pro), macOS 13.5.1 (22G90)",
        "  target: java (pid 11826, unknown), exit 0, exit(0)",
        "  recorded: 2023-08-27T18:26:46.998000+02:00 to 2023-08-27T18:26:47.744000+02:00, "
        "0.746006 s, Target app exited",
        "  template: TimeProfile, instruments 14.3.1 (14E300c)",
    ]
    assert lines[6] == "  tables (9):"
    assert lines[11] == "    [5] tick  frequency=10"
    assert len(lines) == 16


def test_json_for_table_and_toc(real_traces: Path) -> None:
    table, toc = real_traces / THERMAL, real_traces / "skastr0__probe-cli__fixture-network.toc.xml"
    result = _invoke("tables", str(table), str(toc), "--format", "json")
    assert result.exit_code == 0
    docs = json.loads(result.stdout)
    assert [d["kind"] for d in docs] == ["table", "toc"]
    (thermal,) = docs[0]["tables"]
    assert (thermal["schema"], thermal["rows"], thermal["table_index"]) == (
        "device-thermal-state-intervals", 1, 4,
    )
    assert thermal["columns"][0] == {
        "name": "start", "engineering_type": "start-time", "derived_from": None, "dtype": "Int64",
    }
    run = docs[1]["runs"][0]
    assert run["summary"]["start_date"] is None and run["all_processes"] is True
    assert run["tables"][0] == {
        "index": 1, "schema": "com-apple-cfnetwork-transaction-intervals-full-info",
        "attributes": {"schema": "com-apple-cfnetwork-transaction-intervals-full-info"},
    }


def test_derived_columns_listed(real_traces: Path) -> None:
    result = _invoke("tables", str(real_traces / "robtaylor__apple-profiler__hangs_potential_hangs.xml"))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[3:] == [
        "  start        start-time                Int64",
        "  duration     duration                  Int64",
        "  hang-type    hang-type                 string",
        "  thread       thread                    string",
        "  thread_tid   (from thread)             Int64",
        "  thread_pid   (from thread)             Int64",
        "  process      process                   string",
        "  process_pid  (from process)            Int64",
    ]


def test_to_parquet_keeps_dtypes_and_refuses_overwrite(real_traces: Path, tmp_path: Path) -> None:
    src = real_traces / "openjdk__jmh__time-profile.xcode26.4.1.xml"
    out = tmp_path / "out"
    result = _invoke("tables", str(src), "--to", "parquet", str(out))
    target = out / "openjdk__jmh__time-profile.xcode26.4.1.time-profile.parquet"
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"Wrote {target}"
    frame = pd.read_parquet(target, dtype_backend="numpy_nullable")
    assert len(frame) == 85
    assert str(frame["time"].dtype) == "Int64"
    assert int(frame["time"].iloc[0]) == 648438208
    assert frame["thread_tid"].iloc[0] == 20860147
    again = _invoke("tables", str(src), "--to", "parquet", str(out))
    assert again.exit_code == 5
    assert again.stderr.splitlines() == [
        f"error: {target}: output exists",
        "hint: pass --force to overwrite, or choose another DIR",
    ]
    forced = _invoke("tables", str(src), "--to", "parquet", str(out), "--force")
    assert forced.exit_code == 0


def test_to_csv(real_traces: Path, tmp_path: Path) -> None:
    src = real_traces / "sforteln__xctrace-query-mcp-server__Leaks__Leaks.xml"
    result = _invoke("tables", str(src), "--to", "csv", str(tmp_path))
    target = tmp_path / "sforteln__xctrace-query-mcp-server__Leaks__Leaks.track-detail.csv"
    assert result.exit_code == 0
    assert f"Wrote {target}" in result.stdout.splitlines()
    frame = pd.read_csv(target)
    assert list(frame.columns) == [
        "leaked-object", "size", "responsible-frame", "count", "responsible-library", "address",
    ]
    assert frame["size"].tolist()[:3] == [32, 48, 448]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_fixture_through_cli(name: str) -> None:
    expected = EXPECTED[name]
    path = HOSTILE / name
    result = _invoke("tables", str(path))
    if expected["outcome"] == "error":
        where = f"{path}:{expected['line']}" if "line" in expected else str(path)
        assert result.exit_code == expected["exit_code"]
        assert result.stderr.splitlines()[0] == f"error: {where}: {expected['message']}"
        assert result.stderr.splitlines()[1].startswith("hint: ")
        assert result.stdout == ""
    elif expected.get("reader") == "toc":
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0] == f"{path}: TOC, 1 run(s)"
        found = expected.get("warnings", [expected["warning"]] if "warning" in expected else [])
        assert result.stderr.splitlines() == [f"warning: {path}: {w}" for w in found]
    else:
        assert result.exit_code == 0
        assert f": {expected['rows']} rows" in result.stdout.splitlines()[1]
        found = expected.get("warnings", [expected["warning"]] if "warning" in expected else [])
        assert result.stderr.splitlines() == [f"warning: {path}: {w}" for w in found]


def test_verbose_says_which_reader_read_each_table(real_traces: Path) -> None:
    from profiler.trace import compiled

    path = real_traces / "openjdk__jmh__counters-profile.xml"  # `any` column: the Python reader
    result = _invoke("tables", "--verbose", str(path))
    assert result.exit_code == 0
    (line,) = result.stderr.splitlines()
    why = compiled.unavailable()
    if why is None:
        assert line == (
            "table 1 (counters-profile) reader: python (compiled reader handed back the table: "
            "column 'weight' (any): a column type the compiled reader does not type)"
        )
        typed = _invoke("tables", "--verbose", str(real_traces / "openjdk__jmh__time-profile.xml"))
        assert typed.stderr.splitlines() == ["table 1 (time-profile) reader: compiled"]
    else:
        assert line == f"table 1 (counters-profile) reader: python (compiled reader {why})"
    assert "reader" not in _invoke("tables", str(path)).stderr  # only when asked


def test_directory_through_cli(tmp_path: Path) -> None:
    result = _invoke("tables", str(tmp_path))
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        f"error: {tmp_path}: is a directory, expected an xctrace export XML file",
        "hint: pass one XML file written by `xcrun xctrace export`",
    ]


def test_bad_format_is_a_usage_error(real_traces: Path) -> None:
    result = _invoke("tables", str(real_traces / THERMAL), "--format", "yaml")
    assert result.exit_code == 2


def test_console_script_help_is_light() -> None:
    """`--help` imports neither pandas nor lxml, nor typer's pydantic adapters or rich's help
    renderer (issue 13: each cost about 0.1 s at every --help; `make bench` times it)."""
    assert CONSOLE.exists()
    for args in (["--help"], ["tables", "--help"], ["report", "--help"]):
        env = dict(os.environ, PYTHONPROFILEIMPORTTIME="1")
        out = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [str(CONSOLE), *args], capture_output=True, text=True, env=env, check=True
        )
        imported = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines() if "|" in line}
        assert "typer" in imported  # the import log is really there
        heavy = ("pandas", "lxml", "pyarrow", "pydantic", "rich", "markdown_it")
        assert not {m for m in imported if m.split(".")[0] in heavy}, args
        assert "typer._adapters" not in imported and "typer.rich_utils" not in imported


def test_terminal_escapes_in_a_toc_are_dropped(tmp_path: Path) -> None:
    # A device name is whatever the phone's owner typed; XML 1.0 allows C1 controls such as CSI.
    toc = (Path(__file__).resolve().parents[2] / "traces" / "sample-sd15-iphone13promax" / "run-1"
           / "toc.xml").read_text("utf-8")
    assert "SYNTHETIC iPhone" in toc
    path = tmp_path / "toc.xml"
    path.write_text(toc.replace("SYNTHETIC iPhone", "Bob\u009b2J\u009b31m’s iPhone"), "utf-8")
    result = _invoke("tables", str(path))
    assert result.exit_code == 0
    assert "  device: Bob’s iPhone (iPhone 13 Pro Max), iOS 17.0 (21A329)" in result.stdout.splitlines()
    assert "\u009b" not in result.stdout
