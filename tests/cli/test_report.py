"""`profiler report`: output files, stdout, --force, formats and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import profiler
from profiler.cli import app
from profiler.errors import ExitCode
from tests.report.sample import sample_run

runner = CliRunner()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_run(tmp_path_factory.mktemp("sample"))


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _ok(args: list[str]):
    result = runner.invoke(app, args)
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    return result


def test_default_writes_three_reports(sample: Path, work: Path) -> None:
    result = _ok(["report", str(sample)])
    name = sample.name
    assert result.stdout.splitlines() == [f"Wrote reports/{name}.html", f"Wrote reports/{name}.md",
                                          f"Wrote reports/{name}.json"]
    for ext in ("html", "md", "json"):
        assert (work / "reports" / f"{name}.{ext}").stat().st_size > 0
    data = json.loads((work / "reports" / f"{name}.json").read_text())
    assert data["format"] == "coreml-profiler.summary"
    # the console summary goes to stderr, not stdout
    assert "Uncached load" in result.stderr and "Uncached load" not in result.stdout


def test_refuses_to_overwrite_without_force(sample: Path, work: Path) -> None:
    _ok(["report", str(sample), "--format", "json"])
    before = (work / "reports" / f"{sample.name}.json").read_bytes()
    result = runner.invoke(app, ["report", str(sample)])
    assert result.exit_code == ExitCode.OUTPUT_EXISTS
    assert result.stderr.splitlines()[-2:] == [
        f"error: reports/{sample.name}.json: output exists",
        "hint: pass --force to overwrite, or choose another -o",
    ]
    assert result.stdout == ""
    assert "Uncached load" not in result.stderr  # refused before the analysis ran
    assert not (work / "reports" / f"{sample.name}.html").exists()  # nothing half-written
    assert (work / "reports" / f"{sample.name}.json").read_bytes() == before
    forced = _ok(["report", str(sample), "--force"])
    assert len(forced.stdout.splitlines()) == 3


def test_stdout_markdown_and_json(sample: Path, work: Path) -> None:
    md = _ok(["report", str(sample), "-o", "-"])
    assert md.stdout.startswith("## Core ML profile: ")
    assert "Wrote" not in md.stdout
    js = _ok(["report", str(sample), "-o", "-", "--format", "json"])
    # the environment names the report's own command, options in their long spelling
    expected = profiler.analyze(profiler.load(sample), command=[
        "report", str(sample), "--output", "-", "--format", "json"]).summary.to_dict()
    assert json.loads(js.stdout) == json.loads(json.dumps(expected))
    assert not (work / "reports").exists()


def test_output_extension_picks_format(sample: Path, work: Path) -> None:
    result = _ok(["report", str(sample), "-o", "out/r.html"])
    assert result.stdout.splitlines() == ["Wrote out/r.html"]
    assert (work / "out" / "r.html").read_text().startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in (work / "out").iterdir()) == ["r.html"]


@pytest.mark.parametrize(("args", "lines"), [
    (["-o", "r.txt"], ["error: r.txt: cannot tell the output format from the extension '.txt'",
                       "hint: use .html, .md, .json or .pftrace, or pass --format"]),
    (["-o", "-", "--format", "html"], ["error: HTML cannot be written to stdout",
                                       "hint: use -o FILE.html, or --format md or json with -o -"]),
    (["-o", "r.md", "--format", "json"], ["error: r.md: --format json does not match the output's extension",
                                          "hint: use an output name ending in .json"]),
])
def test_bad_output_choices(sample: Path, work: Path, args: list[str], lines: list[str]) -> None:
    result = runner.invoke(app, ["report", str(sample), *args])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.splitlines()[-2:] == lines
    assert "Traceback" not in result.output


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_unwritable_output_is_one_line(sample: Path, work: Path, force: list[str]) -> None:
    (work / "folder.md").mkdir()
    (work / "file.json").write_text("{}")
    for target, line in (
        ("folder.md", "error: folder.md: is a folder; the output must be a file name"),
        ("file.json/r.md", "error: file.json/r.md: cannot write below file.json: it is a file, "
                           "not a folder"),
    ):
        result = runner.invoke(app, ["report", str(sample), "-o", target, *force])
        assert result.exit_code == ExitCode.BAD_INPUT
        assert result.stderr.splitlines()[0] == line  # checked before the analysis runs
        assert len(result.stderr.splitlines()) == 2 and "Traceback" not in result.output
    assert (work / "file.json").read_text() == "{}"


def test_bad_path_is_one_line(work: Path) -> None:
    result = runner.invoke(app, ["report", "no/such/run"])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.splitlines() == [
        "error: no/such/run: no such file or folder",
        "hint: pass a run folder, a recording folder, a table export or a .trace",
    ]
    assert result.stdout == ""


def test_console_script_writes_json_to_stdout(sample: Path, work: Path) -> None:
    argv = [sys.executable, "-m", "profiler", "report", str(sample), "-o", "-", "--format", "json"]
    out = subprocess.run(argv, capture_output=True, text=True, check=True)  # noqa: S603 - our argv
    data = json.loads(out.stdout)
    assert data["version"] == 3
    # started as `python -m profiler`, the command still reads as `profiler …`
    assert data["environment"]["report_command"] == (
        f"profiler report {sample} --output - --format json")
    assert "Neural Engine busy" in out.stderr


def test_log_and_model_path_pass_through(sample: Path, work: Path) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    log = fixtures / "logs" / "ane-compile-failed.log"
    js = _ok(["report", str(sample), "--log", str(log), "-o", "-", "--format", "json"])
    assert "ane-compile-failed" in {d["code"] for d in json.loads(js.stdout)["diagnostics"]}
    md = _ok(["report", str(sample), "--model-path", str(fixtures / "mlmodelc" / "sd15-chunked"),
              "-o", "-"])
    assert "<details><summary>Model</summary>" in md.stdout and "UnetChunk1" in md.stdout
