"""The one place that starts ``xcrun``: argument lists, timeouts, captured output, a command log.

``xcrun`` is found through ``PROFILER_XCRUN`` (tests point it at the fake in ``tests/fakes/``) or
on ``PATH``, by :func:`find_xcrun` only. Every command that is started is appended to :attr:`Xcrun.history` so that
``run.json`` can list the exact commands run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from profiler.errors import ExitCode, ProfilerError, ToolMissingError
from profiler.runrecord import CommandEntry
from profiler.trace.export_commands import shown as display

ENV_VAR = "PROFILER_XCRUN"


@dataclass(frozen=True)
class Completed:
    """A finished command: its argv (without the xcrun path), exit status and captured text."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    duration_s: float


@dataclass
class CommandRecord:
    """One started command as written to ``run.json``; mutable until the command ends."""

    argv: list[str]
    started_at: str
    duration_s: float | None = None
    exit_status: int | None = None
    note: str | None = None

    def entry(self) -> CommandEntry:
        """As ``run.json`` lists it (``argv`` starts with ``xcrun``, whatever the real path)."""
        return CommandEntry(
            argv=tuple(self.argv), command=display(self.argv[1:]), started_at=self.started_at,
            duration_s=None if self.duration_s is None else round(self.duration_s, 3),
            exit_status=self.exit_status, note=self.note)


def find_xcrun() -> str:
    """The xcrun executable to use, or :class:`ToolMissingError` with the fix."""
    configured = os.environ.get(ENV_VAR)
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return configured
        raise ToolMissingError(
            f"{ENV_VAR} points to {configured}, which is not an executable file",
            hint=f"unset {ENV_VAR} to use xcrun from PATH, or point it at an executable",
        )
    found = shutil.which("xcrun")
    if found:
        return found
    raise ToolMissingError(
        "xcrun not found: recording needs macOS with Xcode 15 or later",
        hint=(
            "install Xcode 15+ and run `sudo xcode-select -s /Applications/Xcode.app`; "
            "`profiler report` works anywhere on traces exported on a Mac"
        ),
    )


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class Xcrun:
    """Runs ``xcrun`` subcommands; never through a shell."""

    path: str = field(default_factory=find_xcrun)
    history: list[CommandRecord] = field(default_factory=list)

    def start_record(self, args: Sequence[str]) -> CommandRecord:
        record = CommandRecord(argv=["xcrun", *args], started_at=now_iso())
        self.history.append(record)
        return record

    def run(self, args: Sequence[str], *, timeout: float) -> Completed:
        """Run to completion and capture stdout and stderr; a timeout is a :class:`ProfilerError`."""
        record = self.start_record(args)
        t0 = time.monotonic()
        try:
            proc = subprocess.run(  # noqa: S603 - argument list, no shell
                [self.path, *args],
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            # Safe to kill: only `xctrace record` must never be killed, and it does not come here.
            record.duration_s = time.monotonic() - t0
            record.note = f"timed out after {timeout:g} s"
            raise ProfilerError(
                f"`{display(args)}` did not finish within {timeout:g} s",
                hint="check that the device is connected and unlocked, then retry",
                exit_code=ExitCode.DEVICE if tuple(args[:1]) == ("devicectl",)
                else ExitCode.RECORDING,
            ) from exc
        except OSError as exc:
            raise ToolMissingError(
                f"cannot run {self.path}: {exc.strerror or exc}",
                hint="recording needs macOS with Xcode 15 or later",
            ) from exc
        record.duration_s = time.monotonic() - t0
        record.exit_status = proc.returncode
        return Completed(tuple(args), proc.returncode, proc.stdout, proc.stderr, record.duration_s)

    def popen(self, args: Sequence[str]) -> tuple[subprocess.Popen[str], CommandRecord]:
        """Start a long-running command with stdout+stderr merged into one text pipe.

        The child gets its own session so that a Ctrl-C in the terminal reaches only us; we then
        forward exactly one SIGINT (two would abort xctrace's saving of the trace).
        """
        record = self.start_record(args)
        try:
            proc = subprocess.Popen(  # noqa: S603 - argument list, no shell
                [self.path, *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                text=True,
                errors="replace",
                bufsize=1,
                start_new_session=True,
            )
        except OSError as exc:
            raise ToolMissingError(
                f"cannot run {self.path}: {exc.strerror or exc}",
                hint="recording needs macOS with Xcode 15 or later",
            ) from exc
        return proc, record
