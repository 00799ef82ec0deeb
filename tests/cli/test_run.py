"""`profiler run`, tested against a fake xcrun (tests/fakes/xcrun); no device or Xcode is used.

Every scenario asserts the exit code, the exact error line, the exact argv the fake logged, and
that nothing recorded was lost or overwritten.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from profiler.cli import app
from profiler.errors import ExitCode
from profiler.runrecord import RunRecord
from tests.fakes import fake_data, harness
from tests.fakes.harness import PHONE_ID, PHONE_UDID, PREFLIGHT, json_call
from tests.run_schema import validate_run_json

runner = CliRunner()
BUNDLE = "com.example.CoreDiffuse"
BASE = ["run", "--device", "iphone13", "--app", BUNDLE, "--name", "t", "--time-limit", "60s"]
INSTRUMENTS = ["--instrument", "Activity Monitor", "--instrument", "os_signpost",
               "--instrument", "Thermal State"]
INTEREST = {"coreml-os-signpost", "ane-hw-intervals", "metal-gpu-intervals",
            "activity-monitor-process-live", "activity-monitor-system", "os-signpost-interval",
            "OSSignpostIntervals", "os-log", "device-thermal-state-intervals"}
# The synthetic TOC also lists tables that are never exported (time-profile, os-signpost, ...).
LISTED = re.findall(r'<table schema="([^"]+)"', fake_data.toc(1))
TABLES = tuple(s for s in LISTED if s in INTEREST)

fake_xcrun = harness.fake_xcrun  # the fixture, shared through tests/fakes/harness.py
XCTRACE_LINES = ("Starting recording", "Ctrl-C to stop", "Target app exited", "Recording ",
                 "Output file saved as:", "Reached specified time limit")
ANE_FAILURE = ("E5RT: MILCompilerForANE error: failed to compile ANE model using ANEF. "
               "Error=_ANECompiler : ANECCompile() FAILED (11)")
MODEL = Path(__file__).resolve().parents[1] / "fixtures" / "mlmodelc" / "mixed-ios18.mlmodelc"


def invoke(*extra: str):
    result = runner.invoke(app, [*BASE, *extra])
    assert "Traceback" not in result.output
    return result


def record_call(k: int, *, env: tuple[str, ...] = (), args: tuple[str, ...] = ()) -> list[str]:
    envs = [x for e in (*env, f"PROFILER_RUN_ID=t/run-{k}") for x in ("--env", e)]
    return ["xctrace", "record", "--device", PHONE_UDID, "--template", "Core ML", *INSTRUMENTS,
            "--time-limit", "60s", "--output", f"traces/t/run-{k}/run-{k}.trace",
            "--target-stdout", f"traces/t/run-{k}/console.log", *envs,
            "--launch", "--", BUNDLE, *args]


def export_calls(k: int) -> list[list[str]]:
    bundle = f"traces/t/run-{k}/run-{k}.trace"
    calls = [["xctrace", "export", "--input", bundle, "--toc", "--output",
              f"traces/t/run-{k}/toc.xml"]]
    for schema in TABLES:
        calls.append(["xctrace", "export", "--input", bundle, "--xpath",
                      f'/trace-toc/run[@number="1"]/data/table[@schema="{schema}"]',
                      "--output", f"traces/t/run-{k}/{schema}.xml"])
    return calls


CRASHES = json_call("device", "copy", "from", "--device", PHONE_ID, "--domain-type",
                    "systemCrashLogs", "--source", ".", "--destination", "<tmp>")


def run_json() -> dict:
    """traces/t/run.json, checked against the published schema and the typed reader first."""
    doc = json.loads(Path("traces/t/run.json").read_text("utf-8"))
    validate_run_json(doc)
    assert RunRecord.from_dict(doc).to_dict() == doc  # nothing written that the record lacks
    return doc


@pytest.fixture(autouse=True)
def every_run_json_follows_the_schema(request: pytest.FixtureRequest):
    """Whatever a scenario ends with, the run.json it wrote is valid (checked before the fake's
    working folder goes away)."""
    if "fake_xcrun" not in request.fixturenames:
        yield
        return
    work = request.getfixturevalue("fake_xcrun") and Path.cwd()
    yield
    if (work / "traces/t/run.json").is_file():
        doc = json.loads((work / "traces/t/run.json").read_text("utf-8"))
        validate_run_json(doc)


def error_lines(result) -> list[str]:
    return [ln for ln in result.stderr.splitlines() if ln.startswith(("error:", "hint:"))]


def test_happy_path_cold_then_warm(fake_xcrun) -> None:
    Path("CoreDiffuse.app").mkdir()
    result = invoke("--cold", "--install", "CoreDiffuse.app", "--steps", "25", "--seed", "7",
                    "--model", "sd15", "--app-arg", "--autorun")
    assert result.exit_code == 0, result.output
    env = ("PROFILER_MODEL=sd15", "PROFILER_STEPS=25", "PROFILER_SEED=7")
    assert fake_xcrun.calls() == [
        *PREFLIGHT,
        json_call("device", "uninstall", "app", "--device", PHONE_ID, BUNDLE),
        json_call("device", "install", "app", "--device", PHONE_ID, "CoreDiffuse.app"),
        record_call(1, env=env, args=("--autorun",)), *export_calls(1), CRASHES,
        record_call(2, env=env, args=("--autorun",)), *export_calls(2), CRASHES,
    ]
    assert fake_xcrun.signals() == []  # the app ended by itself: no SIGINT needed
    doc = run_json()
    assert doc["format"] == "coreml-profiler.run" and doc["status"] == "complete"
    assert [(r["name"], r["kind"], r["status"], r["exit_status"]) for r in doc["recordings"]] == [
        ("run-1", "cold", "saved", 0), ("run-2", "warm", "saved", 0)]
    assert doc["device"]["udid"] == PHONE_UDID and doc["device"]["chip"] == "A15 Bionic"
    assert doc["versions"]["xctrace"] == "16.0 (16A242d)"
    assert [c["argv"][1:3] for c in doc["commands"]][:2] == [["devicectl", "list"],
                                                            ["devicectl", "device"]]
    assert len(doc["commands"]) == len(fake_xcrun.calls())
    for k in (1, 2):
        folder = Path(f"traces/t/run-{k}")
        assert (folder / f"run-{k}.trace" / "UI_state_metadata.bin").is_file()
        assert sorted(doc["recordings"][k - 1]["tables"]) == sorted(f"{s}.xml" for s in TABLES)
        # console.log is the app's stdout (--target-stdout); xctrace's own lines are apart.
        console = (folder / "console.log").read_text("utf-8").splitlines()
        assert console == fake_data.app_stdout(k) and console
        assert not any(ln.startswith(XCTRACE_LINES) for ln in console)
        xctrace_log = (folder / "xctrace.log").read_text("utf-8").splitlines()
        assert xctrace_log[1] == "Ctrl-C to stop the recording"
        assert xctrace_log[-1] == f"Output file saved as: {folder}/run-{k}.trace"
        assert (doc["recordings"][k - 1]["console_log"],
                doc["recordings"][k - 1]["xctrace_log"]) == (f"run-{k}/console.log",
                                                             f"run-{k}/xctrace.log")
        # The fake writes one report from now and one from 2020: only the first is in the window.
        crashes = [p.name for p in (folder / "crashes").iterdir()]
        assert len(crashes) == 1 and "2020" not in crashes[0]
    assert {"time-profile", "os-signpost"} <= set(LISTED) and len(TABLES) >= 5
    assert result.stdout.splitlines() == [
        "Wrote traces/t/run.json", "Wrote reports/t.html", "Wrote reports/t.md",
        "Wrote reports/t.json", "Regenerate the report with: profiler report traces/t --force"]
    report = json.loads(Path("reports/t.json").read_text("utf-8"))
    assert [r["name"] for r in report["recordings"]] == ["run-1", "run-2"]


def test_exit_54_at_time_limit_is_success(fake_xcrun) -> None:
    fake_xcrun.scenario(record="time-limit")
    result = invoke("--runs", "1")
    assert result.exit_code == 0, result.output
    entry = run_json()["recordings"][0]
    assert (entry["exit_status"], entry["status"], entry["time_limit_reached"]) == (54, "saved", True)
    assert fake_xcrun.calls() == [*PREFLIGHT, record_call(1), *export_calls(1), CRASHES]


def test_no_device(fake_xcrun) -> None:
    fake_xcrun.scenario(devices="none")
    result = invoke()
    assert result.exit_code == ExitCode.DEVICE
    assert error_lines(result)[0] == "error: no device found: devicectl lists no iPhone or iPad"
    assert fake_xcrun.calls() == [json_call("list", "devices")]
    assert not Path("traces").exists()


def test_two_ambiguous_devices(fake_xcrun) -> None:
    fake_xcrun.scenario(devices="two")
    result = invoke()
    assert result.exit_code == ExitCode.DEVICE
    assert error_lines(result) == [
        "error: --device iphone13 matches 2 connected devices: Lab iPhone (2) (iPhone 13 Pro Max, "
        "iOS 17.4.1, UDID 00008110-001A2B3C4D5E801E); Spare iPhone (iPhone 13, iOS 17.4.1, UDID "
        "00008110-000C11112222801E)",
        "hint: pass the UDID or the exact name of one of them"]
    assert fake_xcrun.calls() == [json_call("list", "devices")]


def test_locked_device(fake_xcrun) -> None:
    fake_xcrun.scenario(devices="locked")
    result = invoke()
    assert result.exit_code == ExitCode.DEVICE
    assert error_lines(result)[0] == ("error: Lab iPhone (2) (iPhone 13 Pro Max, iOS 17.4.1, UDID "
                                      "00008110-001A2B3C4D5E801E) is locked (devicectl lockState: "
                                      "passcodeRequired)")
    assert fake_xcrun.calls() == PREFLIGHT[:2]


def test_unpaired_device(fake_xcrun) -> None:
    fake_xcrun.scenario(devices="unpaired")
    result = invoke()
    assert result.exit_code == ExitCode.DEVICE
    assert error_lines(result)[0].endswith("is not paired with this Mac (pairingState: unpaired)")
    assert "tap Trust" in error_lines(result)[1]
    assert fake_xcrun.calls() == PREFLIGHT[:1]


def test_developer_mode_off(fake_xcrun) -> None:
    fake_xcrun.scenario(devices="devmode-off")
    result = invoke()
    assert result.exit_code == ExitCode.DEVICE
    assert error_lines(result)[0].endswith("has Developer Mode off (developerModeStatus: disabled)")
    assert "Settings > Privacy & Security > Developer Mode" in error_lines(result)[1]
    assert fake_xcrun.calls() == PREFLIGHT[:1]


def test_app_not_installed(fake_xcrun) -> None:
    fake_xcrun.scenario(app="missing")
    result = invoke()
    assert result.exit_code == ExitCode.DEVICE
    assert error_lines(result)[0] == f"error: {BUNDLE} is not installed on Lab iPhone (2)"
    assert "--install" in error_lines(result)[1]
    assert fake_xcrun.calls() == PREFLIGHT[:3]


def test_app_not_installed_but_install_given(fake_xcrun) -> None:
    fake_xcrun.scenario(app="missing")
    Path("CoreDiffuse.app").mkdir()
    result = invoke("--runs", "1", "--install", "CoreDiffuse.app")
    assert result.exit_code == 0, result.output
    assert fake_xcrun.calls() == [
        *PREFLIGHT, json_call("device", "install", "app", "--device", PHONE_ID, "CoreDiffuse.app"),
        record_call(1), *export_calls(1), CRASHES]


def test_run_issues_were_detected(fake_xcrun) -> None:
    fake_xcrun.scenario(record="run-issues")
    result = invoke()
    assert result.exit_code == ExitCode.RECORDING
    assert error_lines(result)[0] == (
        "error: traces/t/run-1/run-1.trace: xctrace reported 'Run issues were detected' for "
        f"run-1: * [Error] Permission to debug {BUNDLE} was denied.")
    assert "get-task-allow" in error_lines(result)[1]
    assert fake_xcrun.calls() == [*PREFLIGHT, record_call(1)]  # no export, no run-2
    assert Path("traces/t/run-1/run-1.trace").is_dir()  # kept
    doc = run_json()
    assert (doc["status"], doc["recordings"][0]["status"]) == ("failed", "run-issues")
    assert doc["error"]["exit_code"] == ExitCode.RECORDING


def test_recorder_hangs_at_finalisation(fake_xcrun) -> None:
    fake_xcrun.scenario(record="hang")
    result = invoke("--finalise-timeout", "1.5")
    assert result.exit_code == ExitCode.RECORDING
    entry = run_json()["recordings"][0]
    pid = entry["recorder_pid"]
    fake_xcrun.started.append(pid)  # the fixture ends it after the test
    os.kill(pid, 0)  # still alive: never killed once recording began
    assert error_lines(result) == [
        f"error: traces/t/run-1/run-1.trace: xctrace (pid {pid}) was still saving run-1.trace "
        "after 1.5 s; it was left running, not killed, so the trace is not destroyed",
        f"hint: wait until pid {pid} exits, then run: profiler report traces/t/run-1/run-1.trace"]
    assert entry["status"] == "stuck" and entry["exit_status"] is None
    assert fake_xcrun.calls() == [*PREFLIGHT, record_call(1)]
    assert fake_xcrun.signals() == []


def test_ctrl_c_keeps_the_trace_and_reports_what_was_recorded(fake_xcrun) -> None:
    fake_xcrun.scenario(record="ctrl-c")
    result = invoke()
    assert result.exit_code == ExitCode.INTERRUPTED, result.output
    assert fake_xcrun.signals() == ["SIGINT"]  # exactly one, forwarded by profiler
    assert error_lines(result)[0] == ("error: traces/t/run-1/run-1.trace: interrupted during "
                                      "run-1; its trace was saved and exported")
    assert fake_xcrun.calls() == [*PREFLIGHT, record_call(1), *export_calls(1), CRASHES]
    assert Path("traces/t/run-1/run-1.trace").is_dir()
    assert not Path("traces/t/run-2").exists()
    doc = run_json()
    assert doc["status"] == "interrupted"
    assert doc["recordings"][0]["interrupted"] and doc["recordings"][0]["sigint_sent"]
    assert result.stdout.splitlines()[-1] == ("Regenerate the report with: profiler report "
                                              "traces/t --force")
    report = json.loads(Path("reports/t.json").read_text("utf-8"))
    assert [r["name"] for r in report["recordings"]] == ["run-1"]  # what was recorded


def test_failed_export_of_an_aborted_trace(fake_xcrun) -> None:
    fake_xcrun.scenario(record="ctrl-c", export="fail")
    result = invoke()
    assert result.exit_code == ExitCode.RECORDING
    toc = export_calls(1)[0]
    assert error_lines(result)[0] == (
        "error: traces/t/run-1/run-1.trace: `xcrun " + " ".join(toc[:-3]) + " --toc --output "
        "traces/t/run-1/toc.xml` failed (exit 10) exporting the table of contents: Document "
        "Missing Template Error")
    assert fake_xcrun.calls() == [*PREFLIGHT, record_call(1), toc]
    assert Path("traces/t/run-1/run-1.trace/UI_state_metadata.bin").is_file()  # kept
    doc = run_json()
    assert (doc["status"], doc["recordings"][0]["export"]) == ("failed", "failed")
    assert "Regenerate the report" not in result.stdout  # nothing was exported to report on


def test_dry_run_prints_every_command_and_runs_nothing(fake_xcrun) -> None:
    real = invoke("--runs", "1", "--device", PHONE_UDID)  # the same run, for real (fake xcrun)
    assert real.exit_code == 0, real.output
    ran = fake_xcrun.calls()
    fake_xcrun.log.unlink()
    result = runner.invoke(app, [*BASE, "--device", PHONE_UDID, "--runs", "1", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert fake_xcrun.calls() == PREFLIGHT[:1]  # only the read-only device listing ran
    lines = [ln for ln in result.stdout.splitlines() if not ln.startswith("#")]
    assert all(ln.startswith("xcrun ") for ln in lines)
    # Every command without a run-time placeholder is exactly what the real run executed.
    same = [shlex.split(ln)[1:] for ln in lines if "<" not in ln]
    assert same == [c for c in ran if "<json>" not in c and "--xpath" not in c]
    assert lines[0] == "xcrun devicectl list devices --json-output '<tmp>/list.devices.json'"
    assert lines[8] == (
        "xcrun xctrace export --input traces/t/run-1/run-1.trace --xpath "
        "'/trace-toc/run[@number=\"1\"]/data/table[@schema=\"<schema>\"]' --output "
        "'traces/t/run-1/<schema>.xml'")
    assert lines[9] == (  # devicectl takes the CoreDevice identifier the listing resolved
        f"xcrun devicectl device copy from --device {PHONE_ID} --domain-type systemCrashLogs "
        "--source . --destination '<tmp>/crashes' --json-output '<tmp>/device.copy.from.json'")
    assert len(lines) == 10


def test_existing_run_folder_is_refused(fake_xcrun) -> None:
    Path("traces/t/run-1").mkdir(parents=True)
    (Path("traces/t/run-1") / "toc.xml").write_text("keep me", "utf-8")
    result = invoke()
    assert result.exit_code == ExitCode.OUTPUT_EXISTS
    assert error_lines(result)[0] == "error: traces/t: run folder traces/t already exists"
    result = invoke("--force")
    assert result.exit_code == ExitCode.OUTPUT_EXISTS
    assert "recordings are never overwritten, even with --force" in error_lines(result)[0]
    assert fake_xcrun.calls() == []
    assert (Path("traces/t/run-1") / "toc.xml").read_text("utf-8") == "keep me"


def test_xcrun_missing(fake_xcrun, monkeypatch) -> None:
    monkeypatch.delenv("PROFILER_XCRUN")
    monkeypatch.setenv("PATH", str(fake_xcrun.root))
    result = invoke()
    assert result.exit_code == ExitCode.TOOL_MISSING
    assert error_lines(result)[0] == ("error: xcrun not found: recording needs macOS with Xcode "
                                      "15 or later")
    assert "`profiler report` works anywhere" in error_lines(result)[1]


def test_cold_needs_install(fake_xcrun) -> None:
    result = invoke("--cold")
    assert result.exit_code == ExitCode.USAGE
    assert error_lines(result)[0] == ("error: --cold reinstalls the app, so it needs --install "
                                      "path/to/App.app")
    assert fake_xcrun.calls() == []


def test_a_failing_report_keeps_the_traces_and_says_so(fake_xcrun, monkeypatch) -> None:
    import profiler.report

    def boom(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(profiler.report, "write_all", boom)
    result = invoke("--runs", "1")
    assert result.exit_code == ExitCode.ERROR
    assert error_lines(result) == [
        "error: the traces were saved but the report failed: RuntimeError: boom",
        "hint: run `profiler --debug report traces/t` and attach the traceback to a bug report"]
    assert result.stdout.splitlines() == [
        "Wrote traces/t/run.json", "Regenerate the report with: profiler report traces/t --force"]
    assert run_json()["status"] == "complete"
    assert Path("traces/t/run-1/run-1.trace").is_dir()


def test_user_alias_from_profiler_toml_picks_one_of_two(fake_xcrun) -> None:
    fake_xcrun.scenario(devices="two", record="time-limit")
    Path("profiler.toml").write_text('[aliases]\nspare = "Spare iPhone"\n', "utf-8")
    result = runner.invoke(app, [*BASE[:2], "spare", *BASE[3:], "--runs", "1"])
    assert result.exit_code == 0, result.output
    record = next(c for c in fake_xcrun.calls() if c[:2] == ["xctrace", "record"])
    assert record[2:4] == ["--device", harness.SPARE_UDID]
    assert run_json()["device"]["name"] == "Spare iPhone"


def test_an_instrument_this_xcode_lacks(fake_xcrun) -> None:
    result = invoke("--instrument", "Core ML", "--instrument", "Teleporter")
    assert result.exit_code == ExitCode.RECORDING
    assert error_lines(result)[0] == ("error: instrument(s) not listed by `xcrun xctrace list "
                                      "instruments`: Teleporter")
    assert fake_xcrun.calls() == PREFLIGHT[:5]
    assert not Path("traces").exists()


def test_dry_run_through_the_console_entry_point(fake_xcrun) -> None:
    import subprocess
    import sys

    done = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "-m", "profiler", *BASE, "--runs", "1", "--dry-run"],
        capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines()[2] == ("xcrun devicectl list devices --json-output "
                                           "'<tmp>/list.devices.json'")
    assert fake_xcrun.calls() == PREFLIGHT[:1]


def diagnostics(name: str) -> list[tuple[str, str]]:
    report = json.loads(Path(f"reports/{name}.json").read_text("utf-8"))
    return [(d["code"], d["source"]) for d in report["diagnostics"]]


def test_the_apps_stdout_reaches_the_triage(fake_xcrun) -> None:
    # Without a failure in the app's stdout, no ANE finding; with one, `profiler run` reports it
    # from run-1/console.log (the synthetic os-log table carries no such line).
    clean = invoke("--runs", "1")
    assert clean.exit_code == 0, clean.output
    assert "ane-compile-failed" not in [code for code, _ in diagnostics("t")]
    fake_xcrun.scenario(app_stdout=ANE_FAILURE)
    result = invoke("--runs", "1", "--name", "ane")
    assert result.exit_code == 0, result.output
    assert ANE_FAILURE in Path("traces/ane/run-1/console.log").read_text("utf-8").splitlines()
    assert ANE_FAILURE not in Path("traces/ane/run-1/xctrace.log").read_text("utf-8")
    found = [source for code, source in diagnostics("ane") if code == "ane-compile-failed"]
    assert found and all("run-1: console.log" in source for source in found)


def test_model_path_adds_the_inspection(fake_xcrun) -> None:
    result = invoke("--runs", "1", "--model-path", str(MODEL))
    assert result.exit_code == 0, result.output
    assert run_json()["model_path"] == str(MODEL)
    markdown = Path("reports/t.md").read_text("utf-8")
    assert f"| Core ML model | {MODEL.name} |" in markdown
    assert f"| path | {MODEL} |" in markdown
    assert result.stdout.splitlines()[-1] == (
        f"Regenerate the report with: profiler report traces/t --model-path {MODEL} --force")
    assert "Wrote traces/t/model-inspection.json" in result.stdout.splitlines()


def test_a_later_report_keeps_the_model_section_from_the_saved_inspection(fake_xcrun,
                                                                         tmp_path: Path) -> None:
    import shutil

    model = tmp_path / MODEL.name
    shutil.copytree(MODEL, model)
    assert invoke("--runs", "1", "--model-path", str(model)).exit_code == 0
    shutil.rmtree(model)  # the folder is shared: the model is not on the reader's machine
    again = CliRunner().invoke(app, ["report", "traces/t", "--format", "md", "-o", "again.md"])
    assert again.exit_code == 0, again.output
    markdown = Path("again.md").read_text("utf-8")
    assert f"| Core ML model | {MODEL.name} |" in markdown


def test_a_model_path_in_run_json_outside_the_run_folder_is_never_opened(fake_xcrun,
                                                                         tmp_path: Path) -> None:
    assert invoke("--runs", "1").exit_code == 0
    doc = json.loads(Path("traces/t/run.json").read_text("utf-8"))
    for planted in (str(MODEL), os.path.relpath(MODEL)):  # absolute, or relative to the cwd
        doc["model_path"] = planted
        Path("traces/t/run.json").write_text(json.dumps(doc), "utf-8")
        result = CliRunner().invoke(app, ["report", "traces/t", "--format", "md", "-o", "r.md",
                                          "--force"])
        assert result.exit_code == 0, result.output
        markdown = Path("r.md").read_text("utf-8")
        assert MODEL.name not in markdown and "Core ML model" not in markdown
    inside = Path("traces/t/model")
    shutil_copy = __import__("shutil").copytree
    shutil_copy(MODEL, inside / MODEL.name)
    doc["model_path"] = f"model/{MODEL.name}"  # inside the run folder: used
    Path("traces/t/run.json").write_text(json.dumps(doc), "utf-8")
    result = CliRunner().invoke(app, ["report", "traces/t", "--format", "md", "-o", "r.md",
                                      "--force"])
    assert result.exit_code == 0, result.output
    assert f"| Core ML model | {MODEL.name} |" in Path("r.md").read_text("utf-8")


def test_model_path_must_be_a_folder_before_anything_runs(fake_xcrun) -> None:
    result = invoke("--model-path", "missing.mlmodelc")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert error_lines(result)[0] == ("error: missing.mlmodelc: --model-path missing.mlmodelc is "
                                      "not a folder")
    assert fake_xcrun.calls() == []
    assert not Path("traces").exists()


def test_a_second_ctrl_c_while_saving_leaves_xctrace_running(fake_xcrun) -> None:
    fake_xcrun.scenario(record="ctrl-c-twice")
    result = invoke()
    assert result.exit_code == ExitCode.INTERRUPTED, result.output
    entry = run_json()["recordings"][0]
    pid = entry["recorder_pid"]
    fake_xcrun.started.append(pid)  # the fixture ends it after the test
    os.kill(pid, 0)  # still alive: never killed once recording began
    assert error_lines(result) == [
        f"error: traces/t/run-1/run-1.trace: a second Ctrl-C stopped the wait while xctrace (pid "
        f"{pid}) was saving run-1.trace; it was left running, not killed, so the trace is not "
        "destroyed",
        f"hint: wait until pid {pid} exits, then run: profiler report traces/t/run-1/run-1.trace"]
    assert fake_xcrun.signals() == ["SIGINT"]  # the second Ctrl-C was not forwarded
    assert fake_xcrun.calls() == [*PREFLIGHT, record_call(1)]  # nothing exported or run after
    assert (entry["status"], entry["interrupted"]) == ("stuck", True)
    assert run_json()["status"] == "interrupted"


@pytest.mark.parametrize("name", ["../outside", "a/b", ".."])
def test_name_must_be_one_folder_name(fake_xcrun, name: str) -> None:
    result = invoke("--name", name)
    assert result.exit_code == ExitCode.USAGE
    assert error_lines(result) == [f"error: --name {name!r} is not a folder name",
                                   "hint: use letters, digits, '-' and '_', e.g. --name sd15-cold"]
    assert fake_xcrun.calls() == []


def test_ctrl_c_while_copying_crash_logs_still_reports_run_1(fake_xcrun) -> None:
    fake_xcrun.scenario(crashes="ctrl-c")
    result = invoke("--runs", "2")
    assert result.exit_code == ExitCode.INTERRUPTED, result.output
    lines = error_lines(result)
    assert lines[0] == ("error: traces/t/run-1/crashes: interrupted while copying run-1's crash "
                        "logs; run-1 was recorded and exported, its crash logs were not copied")
    assert lines[1].startswith("hint: the report covers run-1; to add its crash logs run "
                               "`xcrun devicectl device copy from --device ")
    assert lines[1].endswith("--destination traces/t/run-1/crashes` then `profiler report "
                             "traces/t --force`")
    report = json.loads(Path("reports/t.json").read_text("utf-8"))
    assert [r["name"] for r in report["recordings"]] == ["run-1"]  # what was recorded
    assert run_json()["recordings"][0]["crash_reports_error"] == \
        "interrupted (Ctrl-C) while copying"
    assert not Path("traces/t/run-2").exists()


def test_ctrl_c_during_export_then_report_names_the_missing_exports(fake_xcrun) -> None:
    fake_xcrun.scenario(export="ctrl-c")
    result = invoke("--runs", "1")
    assert result.exit_code == ExitCode.INTERRUPTED, result.output
    assert error_lines(result)[0] == ("error: traces/t/run-1/run-1.trace: interrupted while "
                                      "exporting run-1; its trace was saved, some of its tables "
                                      "were not exported")
    assert run_json()["recordings"][0]["export"] == "failed"
    again = CliRunner().invoke(app, ["report", "traces/t", "--format", "md", "-o", "r.md"])
    assert again.exit_code == ExitCode.BAD_INPUT, again.output
    assert not Path("r.md").exists()  # never an empty report
    lines = error_lines(again)
    wanted = [f"{s}.xml" for s in TABLES]
    assert lines[0] == ("error: traces/t/run-1: run-1 was not fully exported (interrupted or "
                        f"failed); missing: {', '.join(wanted)}")
    commands = lines[1].removeprefix("hint: on a Mac with the trace, run: ").split(" && ")
    assert commands[-1].endswith(f"--output traces/t/run-1/{wanted[-1]}; then profiler report "
                                 "traces/t")
    assert [shlex.split(c)[:4] for c in commands] == \
        [["xcrun", "xctrace", "export", "--input"]] * len(wanted)


def test_two_runs_with_the_same_name_one_wins(fake_xcrun, monkeypatch) -> None:
    from profiler.device import protocol

    real = protocol.claim_folder

    def racing(run_dir: Path, *, force: bool) -> None:
        run_dir.mkdir(parents=True)  # the other run claims the folder after our early check
        real(run_dir, force=force)

    monkeypatch.setattr(protocol, "claim_folder", racing)
    result = invoke("--runs", "1")
    assert result.exit_code == ExitCode.OUTPUT_EXISTS, result.output
    assert error_lines(result) == [
        "error: traces/t: run folder traces/t was just created by another run",
        "hint: two runs never share a folder; pass --name NEW"]
    assert not Path("traces/t/run.json").exists()  # the winner's folder is left alone


def test_scheduler_guidance_and_reduce_memory_reach_the_app_and_run_json(fake_xcrun) -> None:
    result = invoke("--runs", "1", "--scheduler", "dpmpp", "--guidance", "7.5",
                    "--no-reduce-memory", "--compute-units", "cpuAndNeuralEngine")
    assert result.exit_code == 0, result.output
    env = ("PROFILER_COMPUTE_UNITS=cpuAndNeuralEngine", "PROFILER_SCHEDULER=dpmpp",
           "PROFILER_GUIDANCE=7.5", "PROFILER_REDUCE_MEMORY=0")
    records = [c for c in fake_xcrun.calls() if c[:2] == ["xctrace", "record"]]
    assert records == [record_call(1, env=env)]
    options = RunRecord.from_dict(run_json()).options
    assert (options.scheduler, options.guidance, options.reduce_memory) == ("dpmpp", 7.5, False)


def test_options_not_given_are_not_passed_to_the_app(fake_xcrun) -> None:
    result = invoke("--runs", "1", "--reduce-memory")
    assert result.exit_code == 0, result.output
    records = [c for c in fake_xcrun.calls() if c[:2] == ["xctrace", "record"]]
    assert records == [record_call(1, env=("PROFILER_REDUCE_MEMORY=1",))]
    options = run_json()["options"]
    assert (options["scheduler"], options["guidance"], options["reduce_memory"]) == (
        None, None, True)


def test_a_negative_guidance_is_a_usage_error(fake_xcrun) -> None:
    result = invoke("--guidance", "-1")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.splitlines()[0] == "error: --guidance -1 is not a guidance scale"
    assert fake_xcrun.calls() == []


def _doc_dry_run() -> tuple[str, str]:
    """(command, output) of the dry-run example in docs/recording-on-a-mac.md §5."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "recording-on-a-mac.md").read_text()
    section = text[text.index("## 5. See exactly what will run"):]
    blocks = re.findall(r"```\n(.*?)```", section, flags=re.S)
    return blocks[0].replace("\\\n", " "), blocks[1]


def test_the_dry_run_in_the_docs_is_the_real_output_with_the_fake_xcrun(fake_xcrun) -> None:
    command, expected = _doc_dry_run()
    argv = shlex.split(command)
    assert argv[:2] == ["profiler", "run"] and "--dry-run" in argv
    result = runner.invoke(app, argv[1:])  # in a fresh folder: no .app, no model folder
    assert result.exit_code == 0, result.output
    assert result.stdout == expected
    assert fake_xcrun.calls() == PREFLIGHT[:1]  # only the read-only device listing


def test_dry_run_names_the_device_and_says_what_is_missing(fake_xcrun) -> None:
    result = invoke("--runs", "1", "--install", "Gone.app", "--model-path", "gone", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == [
        f"# device: Lab iPhone (2) (iPhone 13 Pro Max), UDID {PHONE_UDID}, CoreDevice identifier "
        f"{PHONE_ID}",
        "# missing: --install Gone.app does not exist on this machine (the real run refuses it)",
        "# missing: --model-path gone is not a folder on this machine (the real run refuses it)",
    ]
    assert f"xcrun xctrace record --device {PHONE_UDID} " in result.stdout
    assert "<identifier of" not in result.stdout and "<UDID of" not in result.stdout


def test_dry_run_without_xcrun_keeps_placeholders_and_says_why(fake_xcrun, monkeypatch) -> None:
    monkeypatch.delenv("PROFILER_XCRUN")
    monkeypatch.setenv("PATH", "/nonexistent")
    result = invoke("--runs", "1", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "# device: not resolved: xcrun not found (shown as placeholders)")
    assert "--device '<UDID of iphone13>'" in result.stdout
