"""``run.json`` while ``profiler run`` runs: a :class:`~profiler.runrecord.RunRecord`, rewritten
atomically after every step.

It holds argv, options, device (with catalog chip/RAM/ANE), app, the inspected model folder
(``model_path``, absolute, or null), Xcode (``xctrace version``) and OS versions, one entry per
recording (timings, exit status, outcome, exported tables, ``console_log`` = the app's stdout,
``xctrace_log``, crash reports) and every xcrun command run, in order.
"""

from __future__ import annotations

import platform
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from profiler import __version__
from profiler.codec import from_plain
from profiler.device.xcrun import CommandRecord, now_iso
from profiler.runrecord import (
    AppRecord,
    DeviceRecord,
    RecordedOptions,
    RecordingEntry,
    RecordingKind,
    RunError,
    RunRecord,
    RunStatus,
    Versions,
)

if TYPE_CHECKING:
    from profiler.device.devicectl import Device
    from profiler.device.options import RunOptions
    from profiler.device.xctrace import RecordResult
    from profiler.errors import ProfilerError


class RunFile:
    """The run's record; :meth:`write` replaces ``run.json`` atomically."""

    def __init__(self, run_dir: Path, name: str, argv: list[str], opts: RunOptions,
                 device: Device, xcode: str | None, commands: list[CommandRecord],
                 xcrun_path: str | None = None) -> None:
        self.run_dir = run_dir
        self.name = name
        self.commands = commands  # the Xcrun's history: grows as commands run
        self.record = RunRecord(
            name=name, status=RunStatus.RECORDING, recordings=(), created_at=now_iso(),
            profiler_version=__version__, argv=tuple(argv),
            options=from_plain(RecordedOptions, opts.as_json()),
            device=from_plain(DeviceRecord, device.as_json()),
            app=AppRecord(bundle_id=opts.bundle_id,
                          install=None if opts.install is None else str(opts.install)),
            # Absolute, so that `profiler report` run from anywhere can inspect it again.
            model_path=None if opts.model_path is None else str(opts.model_path.resolve()),
            versions=Versions(xctrace=xcode, os=device.os_version, os_build=device.os_build,
                              host=platform.platform(), xcrun=xcrun_path),
            note="recorded through xcrun devicectl and xcrun xctrace",
        )

    @property
    def path(self) -> Path:
        return self.run_dir / "run.json"

    def add_recording(self, index: int, kind: RecordingKind, bundle: Path) -> None:
        entry = RecordingEntry(name=f"run-{index}", index=index, kind=kind,
                               folder=f"run-{index}", bundle=_rel(bundle, self.run_dir))
        self.record = replace(self.record, recordings=(*self.record.recordings, entry))
        self.write()

    def update_recording(self, index: int, **changes: Any) -> None:
        """Change fields of recording ``index`` (written with the next :meth:`write`)."""
        self.record = replace(self.record, recordings=tuple(
            replace(r, **changes) if r.index == index else r for r in self.record.recordings))

    @staticmethod
    def record_fields(result: RecordResult, bundle: Path) -> dict[str, Any]:
        return {
            "status": str(result.status),
            "exit_status": result.exit_status,
            "started_at": result.started_at,
            "recording_started_after_s": None if result.recording_started_s is None
            else round(result.recording_started_s, 3),
            "duration_s": round(result.duration_s, 3),
            "time_limit_reached": result.time_limit_reached,
            "interrupted": result.interrupted,
            "sigint_sent": result.sigint_sent,
            "bundle_exists": bundle.is_dir(),
            "issues": tuple(result.issues),
            "recorder_pid": result.pid,
        }

    def finish(self, error: ProfilerError | None) -> None:
        if error is None:
            status, failure = RunStatus.COMPLETE, None
        else:
            status = RunStatus.INTERRUPTED if int(error.exit_code) == 130 else RunStatus.FAILED
            failure = RunError(error.describe(), error.hint, int(error.exit_code))
        self.record = replace(self.record, status=status, error=failure, finished_at=now_iso())
        self.write()

    def write(self) -> None:
        self.record = replace(self.record, commands=tuple(c.entry() for c in self.commands))
        self.record.write(self.path)


def _rel(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
