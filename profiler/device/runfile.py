"""``run.json``: what ``profiler run`` did, rewritten atomically after every step.

Format ``coreml-profiler.run`` version 1: argv, options, device (with catalog chip/RAM/ANE),
app, the inspected model folder (``model_path``, absolute, or null), Xcode (``xctrace version``)
and OS versions, one entry per recording (timings, exit status, outcome, exported tables,
``console_log`` = the app's stdout, ``xctrace_log``, crash reports) and every xcrun command run,
in order.
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import TYPE_CHECKING, Any

from profiler import __version__
from profiler.device.xcrun import CommandRecord, now_iso

if TYPE_CHECKING:
    from profiler.device.devicectl import Device
    from profiler.device.options import RunOptions
    from profiler.device.xctrace import RecordResult
    from profiler.errors import ProfilerError

FORMAT = "coreml-profiler.run"
VERSION = 1


class RunFile:
    """The in-memory run.json; :meth:`write` replaces the file atomically."""

    def __init__(self, run_dir: Path, name: str, argv: list[str], opts: RunOptions,
                 device: Device, xcode: str | None, commands: list[CommandRecord],
                 xcrun_path: str | None = None) -> None:
        self.run_dir = run_dir
        self.name = name
        self.commands = commands
        self.recordings: list[dict[str, Any]] = []
        self.data: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "name": name,
            "status": "recording",
            "error": None,
            "created_at": now_iso(),
            "profiler_version": __version__,
            "argv": argv,
            "options": opts.as_json(),
            "device": device.as_json(),
            "app": {"bundle_id": opts.bundle_id,
                    "install": None if opts.install is None else str(opts.install)},
            # Absolute, so that `profiler report` run from anywhere can inspect it again.
            "model_path": None if opts.model_path is None else str(opts.model_path.resolve()),
            "versions": {"xctrace": xcode, "os": device.os_version,
                         "os_build": device.os_build, "host": platform.platform(),
                         "xcrun": xcrun_path},
            "note": "recorded through xcrun devicectl and xcrun xctrace",
        }

    @property
    def path(self) -> Path:
        return self.run_dir / "run.json"

    def add_recording(self, index: int, kind: str, bundle: Path) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": f"run-{index}", "index": index, "kind": kind,
                                 "folder": f"run-{index}", "bundle": _rel(bundle, self.run_dir),
                                 "status": "recording"}
        self.recordings.append(entry)
        self.write()
        return entry

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
            "issues": result.issues,
            "recorder_pid": result.pid,
        }

    def finish(self, error: ProfilerError | None) -> None:
        if error is None:
            self.data["status"] = "complete"
        else:
            self.data["status"] = "interrupted" if int(error.exit_code) == 130 else "failed"
            self.data["error"] = {"message": error.describe(), "hint": error.hint,
                                  "exit_code": int(error.exit_code)}
        self.data["finished_at"] = now_iso()
        self.write()

    def write(self) -> None:
        self.data["recordings"] = self.recordings
        self.data["commands"] = [c.as_json() for c in self.commands]
        tmp = self.path.with_name("run.json.tmp")
        tmp.write_text(json.dumps(self.data, indent=1, sort_keys=True) + "\n", "utf-8")
        os.replace(tmp, self.path)


def _rel(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)
