"""xctrace helpers and the record lifecycle, against the fake xcrun (SYNTHETIC output)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from profiler.device import xctrace
from profiler.device.options import RunOptions, time_limit_seconds
from profiler.device.xcrun import Xcrun
from profiler.errors import ProfilerError
from tests.fakes import fake_data, harness

fake_xcrun = harness.fake_xcrun  # the fixture, shared through tests/fakes/harness.py


def test_parse_list_drops_headers_and_blanks() -> None:
    assert xctrace.parse_list(fake_data.LISTS["templates"])[:2] == ("Activity Monitor",
                                                                    "Allocations")
    assert "== Standard Instruments ==" not in xctrace.parse_list(fake_data.LISTS["instruments"])
    assert xctrace.parse_list("a\u00a0b\n\n== X ==\n") == ("a b",)


def test_record_args_put_launch_last() -> None:
    args = xctrace.record_args(udid="U", template=None, instruments=["Core ML"], time_limit=None,
                               output="o.trace", env=[("A", "1 2")], bundle_id="b",
                               app_args=["-x"])
    assert args == ["xctrace", "record", "--device", "U", "--instrument", "Core ML", "--output",
                    "o.trace", "--env", "A=1 2", "--launch", "--", "b", "-x"]


def test_target_stdout_goes_before_launch() -> None:
    args = xctrace.record_args(udid="U", template="Core ML", instruments=[], time_limit="5s",
                               output="o.trace", env=[], bundle_id="b", app_args=["-x"],
                               target_stdout="run-1/console.log")
    assert args[args.index("--target-stdout") + 1] == "run-1/console.log"
    assert args[-4:] == ["--launch", "--", "b", "-x"]


@pytest.mark.parametrize(("text", "seconds"), [("90s", 90), ("15m", 900), ("500ms", 0.5),
                                               ("1h", 3600)])
def test_time_limits(text: str, seconds: float) -> None:
    assert time_limit_seconds(text) == seconds


@pytest.mark.parametrize("text", ["15", "1.5m", "m", "10d", ""])
def test_bad_time_limits(text: str) -> None:
    with pytest.raises(ProfilerError, match="is not N followed by"):
        time_limit_seconds(text)


def test_judge_needs_the_line_and_the_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "r.trace"
    saved = ["Output file saved as: r.trace"]
    assert xctrace.judge(saved, bundle) is xctrace.RecordStatus.NOT_SAVED
    bundle.mkdir()
    assert xctrace.judge(saved, bundle) is xctrace.RecordStatus.SAVED
    assert xctrace.judge(["* [Error] x", *saved], bundle) is xctrace.RecordStatus.RUN_ISSUES
    assert xctrace.judge([], bundle) is xctrace.RecordStatus.NOT_SAVED


def _record(tmp: Path, limit: float | None = 60, **timeouts: float) -> xctrace.RecordResult:
    bundle = tmp / "run-1.trace"
    args = xctrace.record_args(udid=fake_data.PHONE_UDID, template="Core ML", instruments=[],
                               time_limit="60s", output=str(bundle), env=[], bundle_id="b",
                               app_args=[])
    phases: list[str] = []
    result = xctrace.record(Xcrun(), args, bundle, tmp / "xctrace.log", time_limit_s=limit,
                            timeouts=xctrace.Timeouts(**timeouts),
                            progress=lambda phase, *_: phases.append(phase))
    result.phases = phases  # type: ignore[attr-defined]
    return result


def test_clean_recording(fake_xcrun) -> None:
    result = _record(fake_xcrun.root)
    assert (result.status, result.exit_status, result.interrupted) == ("saved", 0, False)
    assert result.recording_started_s is not None
    assert result.phases[0] == "starting" and "recording" in result.phases  # type: ignore
    log = (fake_xcrun.root / "xctrace.log").read_text("utf-8").splitlines()
    assert log[1] == "Ctrl-C to stop the recording"
    assert log[-1] == f"Output file saved as: {fake_xcrun.root / 'run-1.trace'}"


def test_no_start_line_within_the_timeout_ends_xctrace(fake_xcrun) -> None:
    # Before the start line nothing is being recorded, so ending the process loses nothing.
    fake_xcrun.scenario(record="no-start")
    t0 = time.monotonic()
    result = _record(fake_xcrun.root, start_s=1.0)
    assert result.status is xctrace.RecordStatus.NOT_STARTED
    assert time.monotonic() - t0 < 10
    assert not (fake_xcrun.root / "run-1.trace").exists()


def test_sigint_after_the_time_limit_when_xctrace_does_not_stop(fake_xcrun) -> None:
    # The fake would record 60 s; with a 0.5 s limit and 0.5 s grace profiler sends one SIGINT,
    # and only that SIGINT can end it before "Target app exited".
    fake_xcrun.scenario(record_seconds=60)
    result = _record(fake_xcrun.root, limit=0.5, stop_grace_s=0.5)
    assert (result.status, result.sigint_sent, result.interrupted) == ("saved", True, False)
    assert fake_xcrun.signals() == ["SIGINT"]
    assert not any("Target app exited" in ln for ln in result.lines)


def test_ctrl_c_is_counted_not_raised_and_forwarded_once(fake_xcrun) -> None:
    # The fake sends SIGINT to this process (the user's Ctrl-C) once recording has started.
    fake_xcrun.scenario(record="ctrl-c")
    before = signal.getsignal(signal.SIGINT)
    result = _record(fake_xcrun.root)
    assert (result.status, result.interrupted, result.sigint_sent) == ("saved", True, True)
    assert fake_xcrun.signals() == ["SIGINT"]
    assert signal.getsignal(signal.SIGINT) is before  # the terminal's handler is back


def test_a_second_ctrl_c_stops_waiting_without_killing(fake_xcrun) -> None:
    # xctrace keeps saving (the fake ignores SIGINT while it "saves"); a second Ctrl-C gives up
    # waiting, and the recorder is left alive.
    fake_xcrun.scenario(record="ctrl-c-twice")
    result = _record(fake_xcrun.root)
    fake_xcrun.started.append(result.pid)  # the fixture ends it after the test
    assert (result.status, result.interrupted, result.sigint_sent) == ("stuck", True, True)
    assert result.exit_status is None
    os.kill(result.pid, 0)  # still alive
    assert fake_xcrun.signals() == ["SIGINT"]  # the second Ctrl-C was not forwarded


def test_run_options_env_contract() -> None:
    opts = RunOptions(device="d", bundle_id="b", env=(("PROFILER_SEED", "1"), ("X", "y")))
    from profiler.device.options import AppConfig

    opts = RunOptions(device="d", bundle_id="b", env=opts.env,
                      app=AppConfig("sd15", 25, "a cat", 7, "cpuAndNeuralEngine"))
    assert opts.recording_env("n", 2) == [
        ("X", "y"), ("PROFILER_MODEL", "sd15"), ("PROFILER_STEPS", "25"),
        ("PROFILER_PROMPT", "a cat"), ("PROFILER_SEED", "7"),
        ("PROFILER_COMPUTE_UNITS", "cpuAndNeuralEngine"), ("PROFILER_RUN_ID", "n/run-2")]
