"""`profiler store add|query|trend` and `profiler compare --baseline-store` through the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from profiler.analysis.store.identity import run_id
from profiler.cli import app
from profiler.errors import ExitCode
from tests.analysis.store.fleet import IPHONE_14_PRO, FleetRun, write_fleet

runner = CliRunner()


def _invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def slow_fleet(tmp_path_factory: pytest.TempPathFactory) -> list[FleetRun]:
    """Four daily runs of one device; the last one's steps are 25 % slower (SYNTHETIC)."""
    return write_fleet(tmp_path_factory.mktemp("slow"), days=4, slow_last=True,
                       devices=((IPHONE_14_PRO, 0.62),))


@pytest.fixture()
def history(slow_fleet: list[FleetRun], tmp_path: Path) -> Path:
    store = tmp_path / "store"
    for run in slow_fleet[:3]:
        assert _invoke("store", "add", str(store), str(run.path), "--branch", "main",
                       "--commit", run.commit).exit_code == 0
    return store


def test_add_prints_one_line_per_run(slow_fleet: list[FleetRun], tmp_path: Path) -> None:
    store = tmp_path / "s"
    a, b = slow_fleet[0].path, slow_fleet[1].path
    result = _invoke("store", "add", str(store), str(a), str(b), "--label", "farm=lab")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"added {run_id(p)} {p} (device iPhone15,2, OS build 21B80, 3 launches)" for p in (a, b)]
    again = _invoke("store", "add", str(store), str(a))
    assert again.stdout.splitlines() == [f"skipped {run_id(a)} {a}: already in the store"]


def test_a_bad_run_among_good_ones_exits_4_after_adding_the_rest(slow_fleet: list[FleetRun],
                                                                  tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = _invoke("store", "add", str(tmp_path / "s"), str(tmp_path / "empty"),
                     str(slow_fleet[0].path))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stdout.startswith(f"added {run_id(slow_fleet[0].path)} ")
    assert result.stderr.splitlines()[0] == (f"error: {tmp_path / 'empty'}: holds no xctrace "
                                             "exports to store")
    assert "error: 1 of 2 runs could not be added" in result.stderr


def test_query_prints_a_table(history: Path, slow_fleet: list[FleetRun]) -> None:
    result = _invoke("store", "query", str(history),
                     "SELECT commit, count(*) AS launches FROM runs GROUP BY commit ORDER BY 1")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["commit", "launches"]
    assert [line.split() for line in lines[2:-1]] == [[run.commit, "3"] for run in slow_fleet[:3]]
    assert lines[-1] == "(3 rows)"


def test_query_writes_csv_json_and_parquet(history: Path, tmp_path: Path) -> None:
    sql = "SELECT run_id, recording, step_median_s, labels FROM runs ORDER BY run_id, recording"
    as_json = json.loads(_invoke("store", "query", str(history), sql, "--format", "json").stdout)
    as_csv = list(csv.DictReader(io.StringIO(
        _invoke("store", "query", str(history), sql, "--format", "csv").stdout)))
    out = tmp_path / "r.parquet"
    result = _invoke("store", "query", str(history), sql, "-o", str(out))
    assert result.exit_code == 0 and result.stdout.splitlines() == [f"Wrote {out}"]
    table = pq.read_table(out).to_pylist()
    assert len(as_json) == len(as_csv) == len(table) == 9
    for j, c, t in zip(as_json, as_csv, table, strict=True):
        assert j["run_id"] == c["run_id"] == t["run_id"]
        assert float(c["step_median_s"]) == pytest.approx(j["step_median_s"]) == t["step_median_s"]
        assert j["labels"] == {} and c["labels"] == "{}"
    assert _invoke("store", "query", str(history), sql, "-o", str(out)).exit_code \
        == ExitCode.OUTPUT_EXISTS


@pytest.mark.parametrize(("sql", "message"), [
    ("SELECT nosuch FROM runs", "error: query failed: Binder Error"),
    ("SELECT 1; SELECT 2", "error: the query must be exactly one SELECT statement"),
    ("DELETE FROM runs", "error: the query must be exactly one SELECT statement"),
    ("SELECT * FROM read_csv('/etc/passwd')", "error: query failed: Permission Error"),
])
def test_bad_queries_are_one_line_errors(history: Path, sql: str, message: str) -> None:
    result = _invoke("store", "query", str(history), sql)
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.startswith(message)
    assert "hint: write one SELECT" in result.stderr


def test_query_refuses_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    result = _invoke("store", "query", str(tmp_path), "SELECT 1")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.splitlines()[0] == f"error: {tmp_path}: not a profiler store (no store.json)"


def test_parquet_never_goes_to_stdout(history: Path) -> None:
    result = _invoke("store", "query", str(history), "SELECT 1", "--format", "parquet")
    assert result.exit_code == ExitCode.BAD_INPUT and "-o FILE.parquet" in result.stderr


def test_compare_gates_a_slow_run_against_the_stores_history(history: Path,
                                                             slow_fleet: list[FleetRun],
                                                             tmp_path: Path) -> None:
    slow = slow_fleet[3]
    assert slow.slow
    out = tmp_path / "c.json"
    result = _invoke("compare", "--baseline-store", str(history), "--where",
                     "branch = 'main' AND device = 'iPhone15,2'", "--last", "10", str(slow.path),
                     "--fail-on-regression", "-o", str(out))
    assert result.exit_code == ExitCode.REGRESSION, result.output
    data = json.loads(out.read_text())
    assert data["baseline"] == "store" and data["runs"][0]["recordings"] == 9
    flagged = {(r["metric"], r["basis"]) for r in data["regressions"]}
    assert ("step_median_s", "tested") in flagged
    # an unchanged run of the same device passes the same gate
    ok = _invoke("compare", "--baseline-store", str(history), "--where", "device = 'iPhone15,2'",
                 str(slow_fleet[2].path), "--fail-on-regression", "-o", str(tmp_path / "ok.md"))
    assert ok.exit_code == 0, ok.output


def test_compare_with_no_matching_history_is_bad_input(history: Path,
                                                       slow_fleet: list[FleetRun]) -> None:
    result = _invoke("compare", "--baseline-store", str(history), "--where", "branch = 'nope'",
                     str(slow_fleet[3].path), "-o", "-")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "no stored run matches (where branch = 'nope')" in result.stderr


@pytest.mark.parametrize("args", [("--where", "true", "a", "b"),
                                  ("--baseline-store", "s", "--baseline", "a", "b"),
                                  ("--baseline-store", "s")])
def test_compare_store_usage_errors(args: tuple[str, ...]) -> None:
    result = _invoke("compare", *args)
    assert result.exit_code == ExitCode.USAGE


def test_trend_writes_html_and_markdown(history: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = _invoke("store", "trend", str(history), "--metric", "step_median_s")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["Wrote reports/trend-step_median_s.html",
                                          "Wrote reports/trend-step_median_s.md"]
    text = (tmp_path / "reports" / "trend-step_median_s.md").read_text()
    assert text.startswith("# Trend: Median step\n")
    assert "| iPhone15,2 · loaded: TextEncoder, Unet, VAEDecoder | 3 |" in text
    bad = _invoke("store", "trend", str(history), "--metric", "nope", "-o", "-")
    assert bad.exit_code == ExitCode.USAGE and "use one of: uncached_load_s" in bad.stderr
