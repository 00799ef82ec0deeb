"""`profiler compare` through the CLI: outputs, the CI gate's exit codes, and input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from profiler.analysis.summary import Summary
from profiler.cli import app
from profiler.cli.compare import parse_threshold
from profiler.errors import ExitCode
from tests.analysis.compare_summaries import make_summary

runner = CliRunner()
QUIET = dict(noise=0.01, step_noise=0.02)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(path: Path, summary: Summary) -> str:
    path.write_text(json.dumps(summary.to_dict()), encoding="utf-8")
    return str(path.name)


def _invoke(*args: str):
    result = runner.invoke(app, ["compare", *args])
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def _pair(workdir: Path, *, slower: float = 1.0, recordings: int = 3, **other) -> tuple[str, str]:
    a = make_summary("v15", seed=1, recordings=recordings, **QUIET)
    b = make_summary("v21", seed=2, recordings=recordings, step_s=0.75 * slower, **QUIET, **other)
    return _write(workdir / "a.json", a), _write(workdir / "b.json", b)


def test_default_writes_all_three_formats_and_prints_wrote_lines(workdir: Path) -> None:
    a, b = _pair(workdir)
    result = _invoke(a, b)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"Wrote reports/compare-v15-vs-v21.{ext}"
                                          for ext in ("html", "md", "json")]
    data = json.loads((workdir / "reports/compare-v15-vs-v21.json").read_text())
    assert data["format"] == "coreml-profiler.compare" and data["regressions"] == []
    assert (workdir / "reports/compare-v15-vs-v21.md").read_text().startswith(
        "# Comparison: v15 vs v21\n")
    assert "0 regressions, 0 improvements" in result.stderr.splitlines()


def test_fail_on_regression_exits_3_after_writing_the_outputs(workdir: Path) -> None:
    a, b = _pair(workdir, slower=1.15)
    result = _invoke(a, b, "--fail-on-regression")
    assert result.exit_code == ExitCode.REGRESSION == 3
    data = json.loads((workdir / "reports/compare-v15-vs-v21.json").read_text())
    listed = "; ".join(f"v21 {r['title']} {r['relative_delta'] * 100:+.1f} %"
                       for r in data["regressions"])
    assert [r["metric"] for r in data["regressions"]] == ["step_median_s", "steps_per_s"]
    assert result.stderr.splitlines()[-1] == f"error: 2 regressions: {listed}"
    assert "2 regressions, 0 improvements" in result.stderr.splitlines()


def test_without_the_flag_a_regression_is_reported_but_exits_0(workdir: Path) -> None:
    a, b = _pair(workdir, slower=1.15)
    result = _invoke(a, b)
    assert result.exit_code == 0
    assert "2 regressions, 0 improvements" in result.stderr.splitlines()


def test_noisy_runs_without_a_real_change_pass_the_gate(workdir: Path) -> None:
    noisy = dict(noise=0.04, step_noise=0.15, recordings=5)
    a = _write(workdir / "a.json", make_summary("a", seed=11, **noisy))
    b = _write(workdir / "b.json", make_summary("b", seed=12, **noisy))
    result = _invoke(a, b, "--fail-on-regression", "--format", "json", "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["regressions"] == []


def test_one_recording_per_side_fails_the_gate_unless_indicative_is_warn(workdir: Path) -> None:
    a, b = _pair(workdir, slower=1.15, recordings=1)
    strict = _invoke(a, b, "--fail-on-regression", "-o", "out.json")
    assert strict.exit_code == 3
    assert strict.stderr.splitlines()[-2].startswith("error: 2 regressions: v21 Median step +")
    assert strict.stderr.splitlines()[-2].endswith(" % (indicative)")
    assert strict.stderr.splitlines()[-1] == (
        "hint: indicative means fewer than 3 recordings per side: record more runs, or pass "
        "--indicative warn to fail only on tested regressions")
    lenient = _invoke(a, b, "--fail-on-regression", "--indicative", "warn", "-o", "out.json",
                      "--force")
    assert lenient.exit_code == 0
    assert lenient.stdout == "Wrote out.json\n"


def test_environment_differences_are_warned_on_stderr(workdir: Path) -> None:
    a, b = _pair(workdir, product_type="iPhone15,2", os_version="18.0 (22A3354)")
    result = _invoke(a, b, "-o", "x.md")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert "warning: Device differs between runs (v15: iPhone 13 Pro Max (iPhone14,3); v21: "\
           "iPhone 13 Pro Max (iPhone15,2))" in lines
    assert "warning: OS build differs between runs (v15: iOS 17.0 (21A329); v21: iOS 18.0 "\
           "(22A3354))" in lines


def test_baseline_labels_and_threshold(workdir: Path) -> None:
    a, b = _pair(workdir, slower=1.15)
    result = _invoke(a, b, "--label", "old", "--label", "new", "--baseline", "new",
                     "--threshold", "25%", "-o", "-", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["baseline"] == "new" and data["threshold"] == 0.25
    assert [r["label"] for r in data["runs"]] == ["old", "new"]
    assert data["regressions"] == [] and data["improvements"] == []


def test_a_mismatched_summary_version_is_a_one_line_error(workdir: Path) -> None:
    data = make_summary("v15").to_dict()
    data["version"] = 4
    (workdir / "new.json").write_text(json.dumps(data))
    _write(workdir / "b.json", make_summary("v21"))
    result = _invoke("new.json", "b.json")
    assert result.exit_code == ExitCode.BAD_INPUT == 4
    assert result.stderr.splitlines() == [
        "error: new.json: summary version 4 is not supported (this profiler reads versions 1, 2, 3)",
        "hint: re-create the JSON with this version of profiler, or upgrade profiler",
    ]
    assert not (workdir / "reports").exists()


def test_a_json_that_is_not_a_summary_or_not_json(workdir: Path) -> None:
    (workdir / "other.json").write_text('{"format": "something-else"}')
    (workdir / "broken.json").write_text('{"format": \n')
    _write(workdir / "b.json", make_summary("v21"))
    other = _invoke("other.json", "b.json")
    assert other.exit_code == 4
    assert other.stderr.splitlines()[0] == (
        "error: other.json: not a coreml-profiler.summary JSON (format='something-else')")
    broken = _invoke("broken.json", "b.json")
    assert broken.exit_code == 4
    assert broken.stderr.splitlines()[0].startswith("error: broken.json:2: not valid JSON: ")


def test_a_summary_missing_its_sections_names_them(workdir: Path) -> None:
    data = make_summary("v15").to_dict()
    del data["device"], data["headline"]
    (workdir / "cut.json").write_text(json.dumps(data))
    _write(workdir / "b.json", make_summary("v21"))
    result = _invoke("cut.json", "b.json")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.splitlines() == [
        "error: cut.json: malformed summary: Summary is missing device, headline",
        "hint: re-create it with `profiler report --format json`; a hand-edited or truncated "
        "summary cannot be read",
    ]


def test_outputs_are_never_overwritten_without_force(workdir: Path) -> None:
    a, b = _pair(workdir)
    assert _invoke(a, b).exit_code == 0
    again = _invoke(a, b)
    assert again.exit_code == ExitCode.OUTPUT_EXISTS == 5
    assert again.stderr.splitlines()[0] == (
        "error: reports/compare-v15-vs-v21.html: output exists")
    assert _invoke(a, b, "--force").exit_code == 0


@pytest.mark.parametrize(("args", "code", "message"), [
    (["a.json"], 2, "give at least two inputs to compare"),
    (["a.json", "b.json", "--threshold", "ten"], 2, "'ten' is not a threshold"),
    (["a.json", "b.json", "--baseline", "nope"], 4,
     "error: baseline 'nope' is none of the inputs"),
    (["a.json", "b.json", "--label", "x", "--label", "y", "--label", "z"], 4,
     "error: 3 labels given for 2 inputs"),
    (["a.json", "missing.json"], 4, "error: missing.json: no such file or folder"),
    (["a.json", "b.json", "-o", "out.txt"], 4,
     "error: out.txt: cannot tell the output format from the extension '.txt'"),
])
def test_usage_and_input_errors(workdir: Path, args: list[str], code: int, message: str) -> None:
    _pair(workdir)
    result = _invoke(*args)
    assert result.exit_code == code
    assert message in result.stderr


def test_one_input_gets_a_hint(workdir: Path) -> None:
    _pair(workdir)
    result = _invoke("a.json")
    assert result.stderr.splitlines()[1] == (
        "hint: e.g. profiler compare traces/before traces/after (run folders, summary JSON "
        "files or .trace bundles)")


def test_same_run_names_need_labels(workdir: Path) -> None:
    _write(workdir / "a.json", make_summary("same"))
    _write(workdir / "b.json", make_summary("same", seed=3))
    result = _invoke("a.json", "b.json")
    assert result.exit_code == 4
    assert result.stderr.splitlines() == ["error: duplicate run labels: same",
                                          "hint: give each input its own --label"]


@pytest.mark.parametrize(("text", "value"), [("10%", 0.10), ("0.1", 0.1), ("2.5 %", 0.025),
                                             ("0", 0.0), ("1", 1.0)])
def test_parse_threshold(text: str, value: float) -> None:
    assert parse_threshold(text) == pytest.approx(value)


@pytest.fixture(scope="module")
def sd_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two SYNTHETIC run folders: v1.5-like (the sample's setup, four launches) and v2.1-like
    (steps 15 % slower, app footprint 20 % higher)."""
    from dataclasses import replace

    from tests.synthetic import RecordingSpec, sample_scenario, write_run

    root = tmp_path_factory.mktemp("sd-runs")
    recs = (RecordingSpec(cached=False, noise=0.01),) + (RecordingSpec(cached=True, noise=0.01),) * 3
    v15 = replace(sample_scenario(), name="v1.5-like", recordings=recs)
    v21 = replace(v15, name="v2.1-like", seed=21,
                  steps=replace(v15.steps, mean_s=v15.steps.mean_s * 1.15),
                  memory=replace(v15.memory,
                                 footprint_peak_bytes=int(v15.memory.footprint_peak_bytes * 1.2)))
    write_run(v15, root / "v1.5-like")
    write_run(v21, root / "v2.1-like")
    return root


def test_v15_against_v21_run_folders_gives_all_three_formats_and_fails_the_gate(
    sd_runs: Path, workdir: Path
) -> None:
    result = _invoke(str(sd_runs / "v1.5-like"), str(sd_runs / "v2.1-like"), "--fail-on-regression")
    assert result.exit_code == 3
    stem = "reports/compare-v1.5-like-vs-v2.1-like"
    assert result.stdout.splitlines() == [f"Wrote {stem}.{ext}" for ext in ("html", "md", "json")]
    data = json.loads((workdir / f"{stem}.json").read_text())
    assert [(r["metric"], r["basis"]) for r in data["regressions"]] == [
        ("step_median_s", "tested"), ("steps_per_s", "tested"), ("peak_footprint_bytes", "tested")]
    assert [r["has_series"] for r in data["runs"]] == [True, True]
    html = (workdir / f"{stem}.html").read_text()
    assert '<div id="compare-memory"' in html and "no time series" not in html
    assert len(html.encode()) <= 6 * 1024 * 1024
    assert len((workdir / f"{stem}.md").read_text()) <= 65_536
    assert result.stderr.splitlines()[-1].startswith("error: 3 regressions: v2.1-like Median step +")


def test_a_summary_json_against_a_run_folder(sd_runs: Path, workdir: Path) -> None:
    # The baseline saved as JSON (what CI keeps), the candidate as a run folder.
    from profiler.analysis.compare import load_input

    baseline = workdir / "baseline.json"
    baseline.write_text(json.dumps(load_input(sd_runs / "v1.5-like").summary.to_dict()))
    result = _invoke(str(baseline), str(sd_runs / "v2.1-like"), "-o", "cmp.html")
    assert result.exit_code == 0
    html = (workdir / "cmp.html").read_text()
    assert "v1.5-like: no time series (a summary JSON or a store baseline carries none)" in html


def test_console_script_runs_compare(workdir: Path) -> None:
    import subprocess
    import sys

    a, b = _pair(workdir, slower=1.15)
    script = Path(sys.executable).with_name("profiler")
    proc = subprocess.run(  # noqa: S603 - an argument list to our own console script
        [str(script), "compare", a, b, "--fail-on-regression", "-o", "c.json"],
        capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 3
    assert proc.stdout == "Wrote c.json\n"
    assert "Traceback" not in proc.stderr


def test_format_restricts_the_default_outputs(workdir: Path) -> None:
    a, b = _pair(workdir)
    result = _invoke(a, b, "--format", "md")
    assert result.exit_code == 0
    assert result.stdout == "Wrote reports/compare-v15-vs-v21.md\n"
    assert sorted(p.name for p in (workdir / "reports").iterdir()) == ["compare-v15-vs-v21.md"]


def test_a_summary_without_a_name_is_labelled_by_its_file_name(workdir: Path) -> None:
    data = make_summary("ignored").to_dict()
    data["name"] = None
    (workdir / "nightly-2024-05-01.json").write_text(json.dumps(data))
    _write(workdir / "b.json", make_summary("v21"))
    result = _invoke("nightly-2024-05-01.json", "b.json", "-o", "-", "--format", "json")
    assert result.exit_code == 0
    assert [r["label"] for r in json.loads(result.stdout)["runs"]] == ["nightly-2024-05-01", "v21"]


def test_an_unknown_indicative_policy_is_a_usage_error(workdir: Path) -> None:
    a, b = _pair(workdir)
    result = _invoke(a, b, "--indicative", "maybe")
    assert result.exit_code == 2
    flat = " ".join(result.stderr.replace("│", " ").split())  # rich boxes and wraps the message
    assert "Invalid value for '--indicative'" in flat and "'maybe' is not one of" in flat


def test_an_output_that_is_a_folder_is_a_one_line_error(workdir: Path) -> None:
    a, b = _pair(workdir)
    (workdir / "out.md").mkdir()
    result = _invoke(a, b, "-o", "out.md", "--force")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.splitlines() == [
        "error: out.md: is a folder; the output must be a file name",
        "hint: pass a file such as reports/run.html with -o",
    ]


def test_compare_against_an_empty_candidate_fails_the_gate_and_names_what_is_missing(
        workdir: Path, real_traces: Path) -> None:
    base = _write(workdir / "base.json", make_summary("base", seed=1, recordings=3, **QUIET))
    empty = str(real_traces / "openjdk__jmh__time-profile.xml")  # real, holds no Core ML table
    titles = ("Uncached load, Cached load, Median step, Steps per second, Peak app footprint, "
              "System memory used (peak), App CPU peak, System CPU peak, Neural Engine busy (denoise)")
    # the system's CPU peak is context: listed as missing, but it does not fail the gate
    gating = titles.replace(" System CPU peak,", "")
    args = (base, empty, "--label", "base", "--label", "empty", "--fail-on-regression",
            "--format", "json", "-o", "c.json")
    result = _invoke(*args)
    assert result.exit_code == ExitCode.REGRESSION == 3
    assert result.stderr.splitlines()[-3:] == [
        f"0 regressions, 0 improvements, 9 missing (empty: {titles})",
        f"error: 8 figures missing (the baseline has them): empty: {gating}",
        "hint: `profiler report` on that run says why each figure was not measured; "
        "pass --missing warn to report missing figures without failing",
    ]
    data = json.loads((workdir / "c.json").read_text())
    assert [m["title"] for m in data["missing"]] == titles.split(", ")
    relaxed = _invoke(*args, "--force", "--missing", "warn")
    assert relaxed.exit_code == 0, relaxed.output
    assert relaxed.stderr.splitlines()[-1] == f"0 regressions, 0 improvements, 9 missing (empty: {titles})"


def test_a_system_only_cpu_rise_is_reported_as_not_gated_and_passes(workdir: Path) -> None:
    base = _write(workdir / "base.json", make_summary("base", seed=31, **QUIET))
    noisy = _write(workdir / "noisy.json", make_summary("noisy", seed=32, cpu_peak_percent=600.0,
                                                         **QUIET))
    result = _invoke(base, noisy, "--fail-on-regression", "--format", "md", "-o", "c.md")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == (
        "1 regression (1 not gated: System CPU peak), 0 improvements")
    text = (workdir / "c.md").read_text()
    assert "**1 regression (1 not gated: System CPU peak), 0 improvements**" in text
    assert "(context only: never fails the gate)" in text


def test_an_app_cpu_rise_fails_the_gate_with_exit_3(workdir: Path) -> None:
    base = _write(workdir / "base.json", make_summary("base", seed=33, **QUIET))
    busy = _write(workdir / "busy.json", make_summary("busy", seed=34, app_cpu_peak_percent=210.0,
                                                       **QUIET))
    result = _invoke(base, busy, "--fail-on-regression", "--format", "md", "-o", "c.md")
    assert result.exit_code == ExitCode.REGRESSION == 3
    lines = result.stderr.splitlines()
    assert lines[-2:] == ["1 regression, 0 improvements",
                          "error: 1 regression: busy App CPU peak +39.2 %"]


@pytest.mark.parametrize("prefix", ["", "sample-sd15-iphone13promax-"])
def test_an_80_column_ci_log_gets_one_table_per_run_and_no_split_figure(
        workdir: Path, prefix: str) -> None:
    import re

    from profiler.analysis.compare import compare_paths
    from profiler.report import compare_view as view

    names = []
    for label, seed, extra in (("base", 41, {}), ("busy", 42, {"app_cpu_peak_percent": 210.0}),
                               ("other", 43, {"cpu_peak_percent": 600.0})):
        names.append(_write(workdir / f"{label}.json", make_summary(label, seed=seed, **QUIET,
                                                                     **extra)))
    labels = [f"{prefix}{n.removesuffix('.json')}" for n in names]
    runner_80 = CliRunner(env={"COLUMNS": "80"})
    result = runner_80.invoke(app, ["compare", *names, "--format", "md", "-o", "c.md",
                                    *(x for label in labels for x in ("--label", label))])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert max(len(line) for line in lines) <= 80
    tables = [line.split() for line in lines if line.strip().startswith("Figure")]
    if prefix:  # long labels are shortened in the headers (the title names the baseline)
        assert tables == [["Figure", "sampl…x-base", "sampl…x-busy", "Δ", "Verdict"],
                          ["Figure", "sampl…x-base", "sampl…-other", "Δ", "Verdict"]]
    else:
        assert tables == [["Figure", "base", "busy", "Δ", "Verdict"],
                          ["Figure", "base", "other", "Δ", "Verdict"]]
    comparison = compare_paths([workdir / n for n in names], labels=labels).comparison
    text = "\n".join(lines)
    for fig in comparison.figures:  # every delta and value shown whole, on one line
        for cell in fig.cells[1:]:
            head, _, tail = view.delta(fig.unit, cell).partition(" (")
            assert re.search(rf"(^|\s){re.escape(head)}(\s|$)", text, re.M), head
            assert f"({tail}" in text, tail
            assert view.value(fig.unit, cell.value) in text
            verdict, _, why = view.verdict(cell).partition(" (")
            assert verdict in text and (not why or f"({why}" in text), view.verdict(cell)
    assert lines[-1] == "2 regressions (1 not gated: System CPU peak), 0 improvements"
