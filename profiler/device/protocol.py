"""The cold/warm recording protocol behind ``profiler run``.

Preflight (device found, paired, unlocked, Developer Mode on; app installed or ``--install``;
template and instruments listed), then N recordings of one app launch each. With ``--cold`` the
app is uninstalled and reinstalled before run 1, because Core ML caches the compiled model keyed
by its path: the cache survives relaunches but not a reinstall (or an OS update), so run 1
measures the uncached Neural Engine compile and later runs measure cached loads.

Nothing here prints: progress goes to an ``on_event`` callback, failures are ProfilerErrors.
``run.json`` is rewritten after every step, so whatever happens, what was recorded is described.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from profiler.device import devicectl, export, selection, xctrace
from profiler.device.options import DEFAULT_INSTRUMENTS, RunOptions
from profiler.device.runfile import RunFile
from profiler.device.xcrun import Xcrun
from profiler.errors import (
    DeviceError,
    ExitCode,
    Interrupted,
    OutputExistsError,
    ProfilerError,
    RecordingError,
)
from profiler.runrecord import ExportStatus, RecordingKind

#: In each ``run-K/``: the app's stdout (``xctrace record --target-stdout``), which the analysis
#: reads as ``LoadedRecording.console_log`` and the triage scans; and xctrace's own output.
CONSOLE_LOG = "console.log"
XCTRACE_LOG = "xctrace.log"


class EventKind(StrEnum):
    STEP = "step"  # a preparation step: message
    RECORDING = "recording"  # current = elapsed s, total = time limit s
    STARTING = "starting"  # waiting for the start line: current = elapsed s, total = timeout
    SAVING = "saving"  # xctrace is writing the bundle: current = elapsed s
    EXPORTING = "exporting"  # current = i, total = n, message = schema
    WARNING = "warning"
    DONE = "done"  # one recording finished: message = summary


@dataclass(frozen=True)
class RunEvent:
    kind: EventKind
    message: str = ""
    recording: int | None = None
    current: float | None = None
    total: float | None = None


OnEvent = Callable[[RunEvent], None]


@dataclass
class RunOutcome:
    run_dir: Path
    exported: list[int] = field(default_factory=list)  # recordings whose tables were exported
    error: ProfilerError | None = None


def prepare_folder(opts: RunOptions, name: str) -> Path:
    """The run folder: refused if it exists (without --force), and recordings are never reused."""
    run_dir = opts.out / name
    if run_dir.exists():
        if not opts.force:
            raise OutputExistsError(f"run folder {run_dir} already exists", path=run_dir,
                                    hint="pass --name NEW, or --force to add to this folder")
        taken = [f"run-{k}" for k in range(1, opts.runs + 1) if (run_dir / f"run-{k}").exists()]
        if taken:
            raise OutputExistsError(
                f"run folder {run_dir} already holds {', '.join(taken)}; recordings are never "
                "overwritten, even with --force", path=run_dir, hint="pass --name NEW")
    return run_dir


def preflight(xcrun: Xcrun, opts: RunOptions, emit: OnEvent) -> tuple[devicectl.Device, bool,
                                                                       tuple[str, ...]]:
    """Select the device and check it, the app, the template and the instruments."""
    emit(RunEvent(EventKind.STEP, "finding the device"))
    device = selection.select(devicectl.list_devices(xcrun), opts.device)
    selection.check_ready(device)
    if devicectl.is_locked(xcrun, device):
        raise selection.locked_error(device)
    if not device.udid:
        raise DeviceError(f"devicectl reports no hardware UDID for {device.label()}",
                          hint="update Xcode; xctrace needs the hardware UDID")
    emit(RunEvent(EventKind.STEP, f"device: {device.label()}"))
    installed = devicectl.app_installed(xcrun, device, opts.bundle_id)
    if not installed and opts.install is None:
        raise DeviceError(f"{opts.bundle_id} is not installed on {device.name}",
                          hint="pass --install path/to/App.app, or build and run it once from "
                          "Xcode (a development build signed with get-task-allow)")
    if opts.template:
        templates = xctrace.listed(xcrun, "templates")
        if opts.template not in templates:
            raise RecordingError(f"template {opts.template!r} is not listed by `xcrun xctrace "
                                 "list templates`", hint="pick one it lists, or use --instrument")
    instruments = opts.instrument_list
    available = set(xctrace.listed(xcrun, "instruments"))
    missing = [i for i in instruments if i not in available]
    if missing and opts.instruments:
        raise RecordingError(f"instrument(s) not listed by `xcrun xctrace list instruments`: "
                             f"{', '.join(missing)}", hint="check the names against that list")
    if missing:  # defaults only: drop what this Xcode lacks, and say so
        emit(RunEvent(EventKind.WARNING, f"this Xcode lacks {', '.join(missing)}; recording "
                      "without them"))
        instruments = tuple(i for i in DEFAULT_INSTRUMENTS if i not in missing)
    return device, installed, instruments


def _install(xcrun: Xcrun, opts: RunOptions, device: devicectl.Device, installed: bool,
             emit: OnEvent) -> None:
    assert opts.install is not None
    if opts.cold and installed:
        emit(RunEvent(EventKind.STEP, f"uninstalling {opts.bundle_id} (cold run: clears the "
                      "Core ML compiled-model cache)"))
        devicectl.uninstall(xcrun, device, opts.bundle_id)
    emit(RunEvent(EventKind.STEP, f"installing {opts.install}"))
    devicectl.install(xcrun, device, str(opts.install))


def execute(opts: RunOptions, argv: Sequence[str], on_event: OnEvent | None = None,
            xcrun: Xcrun | None = None) -> RunOutcome:
    """Preflight, record ``opts.runs`` launches, export each; see the module docstring."""
    emit = on_event or (lambda _e: None)
    opts.validate()
    name = opts.run_name()
    run_dir = prepare_folder(opts, name)
    xcrun = xcrun or Xcrun()
    device, installed, instruments = preflight(xcrun, opts, emit)
    xcode = xctrace.version(xcrun)
    claim_folder(run_dir, force=opts.force)
    runfile = RunFile(run_dir, name, list(argv), opts, device, xcode, xcrun.history,
                      xcrun.path)
    runfile.write()
    outcome = RunOutcome(run_dir)
    try:
        if opts.install is not None:
            _install(xcrun, opts, device, installed, emit)
        for k in range(1, opts.runs + 1):
            interrupted = _one_recording(xcrun, opts, device, instruments, runfile, k, emit,
                                         outcome.exported)
            if interrupted:
                raise Interrupted(f"interrupted during run-{k}; its trace was saved and exported",
                                  path=runfile.run_dir / f"run-{k}" / f"run-{k}.trace",
                                  hint="the report covers what was recorded before Ctrl-C")
    except ProfilerError as exc:
        outcome.error = exc
    except KeyboardInterrupt:
        done = ", ".join(f"run-{k}" for k in outcome.exported) or "no recording"
        outcome.error = Interrupted(
            f"interrupted between recordings; every trace is kept; exported: {done}",
            path=run_dir, hint="the report covers the exported recordings; record more with "
            "`profiler run` and another --name")
    runfile.finish(outcome.error)
    return outcome


def claim_folder(run_dir: Path, *, force: bool) -> None:
    """Create the run folder atomically: of two runs with the same --out/--name, one wins and
    the other gets a clean error (the existence check in :func:`prepare_folder` is too early)."""
    try:
        run_dir.parent.mkdir(parents=True, exist_ok=True)
        run_dir.mkdir(exist_ok=force)
    except FileExistsError:
        raise OutputExistsError(f"run folder {run_dir} was just created by another run",
                                path=run_dir, hint="two runs never share a folder; pass "
                                "--name NEW") from None
    except OSError as exc:
        raise OutputExistsError(f"cannot create the run folder: {exc.strerror or exc}",
                                path=run_dir, hint="choose another --out, or check the "
                                "folder's permissions and free space") from None


def _one_recording(xcrun: Xcrun, opts: RunOptions, device: devicectl.Device,
                   instruments: tuple[str, ...], runfile: RunFile, k: int, emit: OnEvent,
                   exported_runs: list[int]) -> bool:
    """Record, judge, export and pull crash logs for run-K; True if Ctrl-C ended it.

    ``exported_runs`` gets K as soon as its tables are exported, so a Ctrl-C while its crash
    logs are copied still leaves it in the report.
    """
    folder = runfile.run_dir / f"run-{k}"
    try:
        folder.mkdir()  # atomic: with --force, a second run on this folder stops here
    except FileExistsError:
        raise OutputExistsError(f"{folder} was just created by another run", path=folder,
                                hint="two runs never share a folder; pass --name NEW") from None
    bundle = folder / f"run-{k}.trace"
    args = xctrace.record_args(
        udid=device.udid or "", template=opts.template, instruments=instruments,
        time_limit=opts.time_limit, output=str(bundle),
        env=opts.recording_env(runfile.name, k), bundle_id=opts.bundle_id,
        app_args=opts.app_args, target_stdout=str(folder / CONSOLE_LOG))
    kind = RecordingKind.COLD if (opts.cold and k == 1) else (
        RecordingKind.WARM if k > 1 else RecordingKind.FIRST)
    runfile.add_recording(k, kind, bundle)

    def progress(phase: str, elapsed: float, limit: float | None) -> None:
        emit(RunEvent(EventKind(phase), recording=k, current=elapsed, total=limit))

    emit(RunEvent(EventKind.STEP, f"run-{k} ({kind}): launching {opts.bundle_id} under xctrace",
                  recording=k))
    start = datetime.now().astimezone()
    result = xctrace.record(xcrun, args, bundle, folder / XCTRACE_LOG,
                            time_limit_s=opts.time_limit_s, timeouts=opts.timeouts,
                            progress=progress)
    end = datetime.now().astimezone()
    runfile.update_recording(k, **runfile.record_fields(result, bundle))
    runfile.update_recording(k, xctrace_log=f"run-{k}/{XCTRACE_LOG}", console_log=(
        f"run-{k}/{CONSOLE_LOG}" if (folder / CONSOLE_LOG).is_file() else None))
    runfile.write()
    _judge(result, k, bundle, runfile, opts)
    emit(RunEvent(EventKind.STEP, f"run-{k}: trace saved to {bundle}", recording=k))

    def export_progress(i: int, n: int, schema: str) -> None:
        emit(RunEvent(EventKind.EXPORTING, schema, recording=k, current=i, total=n))

    try:
        exported = export.export_recording(xcrun, bundle, folder, export_progress)
    except RecordingError:
        runfile.update_recording(k, export=ExportStatus.FAILED)
        runfile.write()
        raise
    except KeyboardInterrupt:
        runfile.update_recording(k, export=ExportStatus.FAILED)
        runfile.write()
        raise Interrupted(
            f"interrupted while exporting run-{k}; its trace was saved, some of its tables "
            "were not exported", path=bundle,
            hint=f"`profiler report {shlex.quote(str(runfile.run_dir))}` lists the missing "
            "exports and the `xcrun xctrace export` commands that make them") from None
    runfile.update_recording(k, export=ExportStatus.OK, tables=tuple(exported.tables))
    exported_runs.append(k)
    try:
        kept = export.pull_crash_logs(xcrun, device, start, end, folder / "crashes")
        runfile.update_recording(k, crash_reports=tuple(kept))
    except KeyboardInterrupt:
        runfile.update_recording(k, crash_reports_error="interrupted (Ctrl-C) while copying")
        runfile.write()
        raise Interrupted(
            f"interrupted while copying run-{k}'s crash logs; run-{k} was recorded and "
            "exported, its crash logs were not copied", path=folder / "crashes",
            hint=f"the report covers run-{k}; to add its crash logs run `xcrun devicectl "
            f"{shlex.join(devicectl.crash_logs_args(device.identifier, str(folder / 'crashes')))}`"
            f" then `profiler report {shlex.quote(str(runfile.run_dir))} --force`") from None
    except ProfilerError as exc:  # crash logs are a bonus; never fail a good recording for them
        runfile.update_recording(k, crash_reports_error=exc.message)
        emit(RunEvent(EventKind.WARNING, f"run-{k}: crash logs not pulled: {exc.message}"))
    runfile.write()
    emit(RunEvent(EventKind.DONE, f"run-{k}: exported {len(exported.tables)} tables to {folder}",
                  recording=k))
    return result.interrupted


def _judge(result: xctrace.RecordResult, k: int, bundle: Path, runfile: RunFile,
           opts: RunOptions) -> None:
    """Raise for anything but a saved trace; the bundle is always left where it is."""
    Status = xctrace.RecordStatus
    if result.status is Status.SAVED:
        return
    if result.status is Status.STUCK and result.second_ctrl_c:
        raise Interrupted(
            f"a second Ctrl-C stopped the wait while xctrace (pid {result.pid}) was saving "
            f"run-{k}.trace; it was left running, not killed, so the trace is not destroyed",
            path=bundle,
            hint=f"wait until pid {result.pid} exits, then run: profiler report {bundle}")
    if result.status is Status.STUCK:
        raise RecordingError(
            f"xctrace (pid {result.pid}) was still saving run-{k}.trace after "
            f"{opts.timeouts.finalise_s:g} s; it was left running, not killed, so the trace is "
            "not destroyed", path=bundle,
            hint=f"wait until pid {result.pid} exits, then run: profiler report {bundle}")
    if result.status is Status.NOT_STARTED:
        raise RecordingError(
            f"xctrace did not start recording run-{k} within {opts.timeouts.start_s:g} s",
            path=runfile.run_dir / f"run-{k}" / XCTRACE_LOG,
            hint="keep the device unlocked with the app allowed to launch; raise --start-timeout "
            "for a first launch")
    if result.status is Status.RUN_ISSUES:
        issues = result.issues or ["(no [Error] line)"]
        raise RecordingError(
            f"xctrace reported 'Run issues were detected' for run-{k}: {issues[0]}", path=bundle,
            hint="the app must be a development build signed with get-task-allow, on an "
            "unlocked device with Developer Mode on; the trace was kept")
    saved = "saved" if bundle.exists() else "no bundle on disk"
    raise RecordingError(f"xctrace ended run-{k} without 'Output file saved as:' ({saved}, exit "
                         f"{result.exit_status})", path=runfile.run_dir / f"run-{k}" /
                         XCTRACE_LOG, hint=f"read {XCTRACE_LOG} for xctrace's own message",
                         exit_code=ExitCode.RECORDING)
