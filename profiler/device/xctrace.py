"""``xcrun xctrace``: list instruments/templates, version, and the ``record`` lifecycle.

Recording rules (../shared/docs/device-cli.md §2.5):

- wait for ``Ctrl-C to stop the recording`` before anything counts as recording, under a timeout;
- stop with SIGINT only, once, then wait for xctrace to finish saving; never kill it after
  recording has begun (a killed xctrace leaves a bundle nothing can open) -- a stuck recorder is
  reported and left running;
- judge success from the output lines and the bundle on disk, not from the exit code; exit 54
  after xctrace ends a ``--launch`` target at the time limit is normal.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from profiler.device.xcrun import Xcrun, now_iso
from profiler.errors import RecordingError

START_LINE = "Ctrl-C to stop the recording"
SAVED_PREFIX = "Output file saved as:"
ISSUES_LINE = "Run issues were detected"
ERROR_MARK = "[Error]"
ENDING_MARKS = ("ending recording", "Saving output file", "Recording completed",
                "Recording failed")


def list_args(what: str) -> list[str]:
    return ["xctrace", "list", what]


VERSION_ARGS = ["xctrace", "version"]


def parse_list(text: str) -> tuple[str, ...]:
    """Names from ``xctrace list instruments|templates``: drop ``== … ==`` headers and blanks."""
    out = []
    for raw in text.splitlines():
        line = raw.replace("\u00a0", " ").strip()
        if line and not (line.startswith("==") and line.endswith("==")):
            out.append(line)
    return tuple(out)


def listed(xcrun: Xcrun, what: str) -> tuple[str, ...]:
    done = xcrun.run(list_args(what), timeout=120)
    if done.returncode != 0:
        raise RecordingError(f"`xcrun xctrace list {what}` failed (exit {done.returncode}): "
                             f"{done.stderr.strip()[:200]}",
                             hint="check the Xcode install with `xcrun xctrace version`")
    return parse_list(done.stdout)


def version(xcrun: Xcrun) -> str | None:
    """``xctrace version 16.0 (16A242d)`` -> ``16.0 (16A242d)``; None if it cannot be read."""
    done = xcrun.run(VERSION_ARGS, timeout=60)
    text = (done.stdout or done.stderr).strip().splitlines()
    if done.returncode != 0 or not text:
        return None
    return text[0].removeprefix("xctrace version").strip() or None


def record_args(*, udid: str, template: str | None, instruments: Sequence[str],
                time_limit: str | None, output: str, env: Sequence[tuple[str, str]],
                bundle_id: str, app_args: Sequence[str],
                target_stdout: str | None = None) -> list[str]:
    """``xctrace record … --launch -- BUNDLE args…``; ``--launch`` must be the last option.

    ``target_stdout`` is the file that receives the launched app's stdout (``console.log``).
    """
    args = ["xctrace", "record", "--device", udid]
    if template:
        args += ["--template", template]
    for name in instruments:
        args += ["--instrument", name]
    if time_limit:
        args += ["--time-limit", time_limit]
    args += ["--output", output]
    if target_stdout:
        args += ["--target-stdout", target_stdout]
    for key, value in env:
        args += ["--env", f"{key}={value}"]
    return [*args, "--launch", "--", bundle_id, *app_args]


class RecordStatus(StrEnum):
    SAVED = "saved"  # "Output file saved as:" and the bundle exists, no issues
    RUN_ISSUES = "run-issues"  # "Run issues were detected" / "[Error]" lines
    NOT_SAVED = "not-saved"  # xctrace ended without saving a bundle
    STUCK = "stuck"  # still saving after the finalisation timeout; left running
    NOT_STARTED = "not-started"  # no start line within the start timeout


@dataclass(frozen=True)
class Timeouts:
    start_s: float = 300.0  # first launch on a device can mount the DDI and install support files
    stop_grace_s: float = 60.0  # after the time limit, before we send SIGINT ourselves
    finalise_s: float = 600.0  # saving took ~22 s for a 10 s simulator capture; allow far more


@dataclass
class RecordResult:
    status: RecordStatus
    exit_status: int | None
    started_at: str
    recording_started_s: float | None  # seconds from launch to the start line
    duration_s: float
    interrupted: bool
    sigint_sent: bool
    pid: int
    lines: list[str] = field(default_factory=list)
    second_ctrl_c: bool = False  # the user gave up waiting for the save (status STUCK)

    @property
    def issues(self) -> list[str]:
        return [ln.strip() for ln in self.lines if ERROR_MARK in ln]

    @property
    def time_limit_reached(self) -> bool:
        return any("Reached specified time limit" in ln for ln in self.lines)


Progress = Callable[[str, float, float | None], None]  # phase, elapsed_s, limit_s


def _reader(stream, lines: queue.Queue, log) -> None:
    for line in stream:
        log.write(line)
        log.flush()
        lines.put(line.rstrip("\r\n"))
    lines.put(None)


def _sigint(proc) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGINT)


@contextlib.contextmanager
def _counting_ctrl_c() -> Iterator[list[int]]:
    """Count Ctrl-C presses instead of raising KeyboardInterrupt, for the whole recording.

    A KeyboardInterrupt can surface at any bytecode -- between two turns of the wait loop, in the
    middle of drawing the progress bar -- and escape the code that must forward exactly one
    SIGINT to xctrace. A handler that only counts leaves every decision to the wait loop. It is
    installed before xctrace starts, so no Ctrl-C falls into a gap. Python delivers signals to
    the main thread only, so elsewhere nothing is installed (and no Ctrl-C can arrive).
    """
    presses = [0]
    if threading.current_thread() is not threading.main_thread():
        yield presses
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous == signal.SIG_IGN:  # started with Ctrl-C ignored (nohup, &): keep it that way
        yield presses
        return

    def count(_signum, _frame) -> None:
        presses[0] += 1

    signal.signal(signal.SIGINT, count)
    try:
        yield presses
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)


def record(xcrun: Xcrun, args: Sequence[str], bundle: Path, xctrace_log: Path, *,
           time_limit_s: float | None, timeouts: Timeouts = Timeouts(),
           progress: Progress | None = None) -> RecordResult:
    """Run ``xctrace record`` to the end and judge the outcome; see the module docstring.

    xctrace's own output (not the app's stdout, which ``--target-stdout`` sends elsewhere) is
    appended to ``xctrace_log`` as it arrives.
    """
    with _counting_ctrl_c() as presses:
        return _record(xcrun, args, bundle, xctrace_log, time_limit_s, timeouts,
                       progress or (lambda *_: None), presses)


def _record(xcrun: Xcrun, args: Sequence[str], bundle: Path, xctrace_log: Path,
            time_limit_s: float | None, timeouts: Timeouts, progress: Progress,
            presses: list[int]) -> RecordResult:
    started_at = now_iso()
    proc, cmd = xcrun.popen(args)
    lines: queue.Queue = queue.Queue()
    log = xctrace_log.open("a", encoding="utf-8")
    reader = threading.Thread(target=_reader, args=(proc.stdout, lines, log), daemon=True)
    reader.start()
    seen: list[str] = []
    t0 = time.monotonic()
    rec_t: float | None = None
    finalise_deadline: float | None = None
    sigint_sent = interrupted = eof = False
    status: RecordStatus | None = None
    last_tick = 0.0
    last_phase = ""

    def stop_once() -> None:
        nonlocal sigint_sent, finalise_deadline
        if not sigint_sent:
            _sigint(proc)
            sigint_sent = True
        finalise_deadline = finalise_deadline or time.monotonic() + timeouts.finalise_s

    while True:
        if presses[0] >= 2:
            # A second Ctrl-C: stop waiting, but still never kill a recorder that may be saving.
            status = RecordStatus.STUCK
            break
        if presses[0] == 1 and not interrupted:
            interrupted = True
            stop_once()
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            line = ""
        if line is None:
            eof = True
            break
        now = time.monotonic()
        if line:
            seen.append(line)
            if START_LINE in line and rec_t is None:
                rec_t = now
            if any(mark in line for mark in ENDING_MARKS) and finalise_deadline is None:
                finalise_deadline = now + timeouts.finalise_s
        if rec_t is None and now - t0 > timeouts.start_s:
            # Nothing is being recorded yet, so ending xctrace here cannot destroy a trace.
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            status = RecordStatus.NOT_STARTED
            break
        if (rec_t is not None and time_limit_s is not None and finalise_deadline is None
                and now - rec_t > time_limit_s + timeouts.stop_grace_s):
            stop_once()
        if finalise_deadline is not None and now > finalise_deadline:
            status = RecordStatus.STUCK
            break
        phase = ("saving" if finalise_deadline is not None
                 else "recording" if rec_t is not None else "starting")
        if now - last_tick >= 0.5 or phase != last_phase:
            last_tick, last_phase = now, phase
            since = {"saving": finalise_deadline and finalise_deadline - timeouts.finalise_s,
                     "recording": rec_t}.get(phase) or t0
            limit = {"recording": time_limit_s, "starting": timeouts.start_s}.get(phase)
            progress(phase, now - since, limit)
    exit_status = None
    if eof:
        try:
            exit_status = proc.wait(timeout=timeouts.finalise_s)
        except subprocess.TimeoutExpired:  # stdout closed early; treat like a stuck recorder
            status = RecordStatus.STUCK
    cmd.exit_status = exit_status
    cmd.duration_s = time.monotonic() - t0
    if status is RecordStatus.STUCK:
        cmd.note = f"still running (pid {proc.pid}) when profiler stopped waiting; not killed"
    if status is None:
        status = judge(seen, bundle)
    if status is not RecordStatus.STUCK:
        reader.join(timeout=5)
        log.close()
    return RecordResult(status, exit_status, started_at,
                        None if rec_t is None else rec_t - t0, time.monotonic() - t0,
                        interrupted, sigint_sent, proc.pid, seen, second_ctrl_c=presses[0] >= 2)


def judge(lines: Sequence[str], bundle: Path) -> RecordStatus:
    """Success = ``Output file saved as:``, no issue lines, and the bundle on disk."""
    if any(ISSUES_LINE in ln or ERROR_MARK in ln for ln in lines):
        return RecordStatus.RUN_ISSUES
    if any(ln.startswith(SAVED_PREFIX) for ln in lines) and bundle.is_dir():
        return RecordStatus.SAVED
    return RecordStatus.NOT_SAVED
