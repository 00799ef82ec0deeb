"""`profiler report --format perfetto`, `-o run.pftrace` and `--perfetto` beside the reports
(on the SYNTHETIC sample run): exact lines, exit codes, and the HTML's link to the trace."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from profiler.cli import app
from profiler.errors import ExitCode
from tests.report.perfetto_decode import decode
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
    assert result.exit_code == 0, result.output
    return result


def test_format_perfetto_writes_only_the_trace(sample: Path, work: Path) -> None:
    result = _ok(["report", str(sample), "--format", "perfetto"])
    assert result.stdout.splitlines() == [f"Wrote reports/{sample.name}.pftrace"]
    assert [p.name for p in (work / "reports").iterdir()] == [f"{sample.name}.pftrace"]
    assert len(decode((work / "reports" / f"{sample.name}.pftrace").read_bytes())) == 2


def test_output_extension_pftrace_picks_perfetto_and_is_deterministic(sample: Path,
                                                                      work: Path) -> None:
    assert _ok(["report", str(sample), "-o", "a.pftrace"]).stdout.splitlines() == ["Wrote a.pftrace"]
    _ok(["report", str(sample), "-o", "b.pftrace", "--format", "perfetto"])
    assert (work / "a.pftrace").read_bytes() == (work / "b.pftrace").read_bytes()


def test_perfetto_beside_the_default_reports_is_linked_from_the_html(sample: Path,
                                                                     work: Path) -> None:
    result = _ok(["report", str(sample), "--perfetto"])
    name = sample.name
    assert result.stdout.splitlines() == [f"Wrote reports/{name}.html", f"Wrote reports/{name}.md",
                                          f"Wrote reports/{name}.json",
                                          f"Wrote reports/{name}.pftrace"]
    page = (work / "reports" / f"{name}.html").read_text("utf-8")
    assert f'<a href="{name}.pftrace" download>{name}.pftrace</a>' in page
    assert 'href="https://ui.perfetto.dev"' in page


def test_perfetto_beside_an_html_elsewhere_links_it_relatively(sample: Path, work: Path) -> None:
    result = _ok(["report", str(sample), "-o", "out/r.html", "--perfetto"])
    assert result.stdout.splitlines() == ["Wrote out/r.html", "Wrote out/r.pftrace"]
    assert '<a href="r.pftrace" download>' in (work / "out" / "r.html").read_text("utf-8")


def test_without_perfetto_the_html_has_no_link(sample: Path, work: Path) -> None:
    _ok(["report", str(sample), "-o", "r.html"])
    assert "perfetto-link" not in (work / "r.html").read_text("utf-8")


@pytest.mark.parametrize(("args", "lines"), [
    (["-o", "-", "--format", "perfetto"], ["error: a perfetto file cannot be written to stdout",
                                           "hint: use -o FILE.pftrace"]),
    (["-o", "r.json", "--format", "perfetto"],
     ["error: r.json: --format perfetto does not match the output's extension",
      "hint: use an output name ending in .pftrace"]),
    (["-o", "r.pftrace", "--format", "md"],
     ["error: r.pftrace: --format md does not match the output's extension",
      "hint: use an output name ending in .md"]),
])
def test_bad_perfetto_output_choices(sample: Path, work: Path, args: list[str],
                                     lines: list[str]) -> None:
    result = runner.invoke(app, ["report", str(sample), *args])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.splitlines()[-2:] == lines


def test_an_existing_trace_is_not_overwritten_without_force(sample: Path, work: Path) -> None:
    (work / "t.pftrace").write_bytes(b"keep")
    result = runner.invoke(app, ["report", str(sample), "-o", "t.pftrace"])
    assert result.exit_code == ExitCode.OUTPUT_EXISTS
    assert result.stderr.splitlines()[-2:] == ["error: t.pftrace: output exists",
                                               "hint: pass --force to overwrite, or choose another -o"]
    assert (work / "t.pftrace").read_bytes() == b"keep"
    _ok(["report", str(sample), "-o", "t.pftrace", "--force"])
    assert (work / "t.pftrace").read_bytes() != b"keep"
