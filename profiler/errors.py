"""One error hierarchy for the whole tool.

Every expected failure is a :class:`ProfilerError` carrying a one-line message, an optional hint
and the process exit code. The core raises them; only the CLI's error boundary
(:mod:`profiler.cli`) turns them into ``error: …`` / ``hint: …`` lines on stderr.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Process exit codes (documented in docs/cli.md)."""

    OK = 0
    ERROR = 1  # unexpected internal error
    USAGE = 2  # bad command line (typer's own code)
    REGRESSION = 3  # `profiler compare --fail-on-regression` found a regression
    BAD_INPUT = 4  # an input file or folder is unreadable, malformed or of an unknown kind
    OUTPUT_EXISTS = 5  # refusing to overwrite without --force
    TOOL_MISSING = 6  # xcrun / Xcode not available (recording needs macOS)
    DEVICE = 7  # no device, ambiguous device, locked, unpaired, Developer Mode off, app missing
    RECORDING = 8  # xctrace record or export failed
    NOTHING_MEASURED = 9  # `profiler report` found no figure in the input (see --allow-empty)
    MIXED_EXPORTS = 10  # a folder without toc.xml holds exports of different recordings
    INTERRUPTED = 130  # Ctrl-C


class ProfilerError(Exception):
    """An expected failure with a one-line message, a hint and an exit code."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        path: str | Path | None = None,
        line: int | None = None,
        exit_code: ExitCode | None = None,
    ) -> None:
        self.message = " ".join(str(message).split())  # always one line
        self.hint = hint
        self.path = str(path) if path is not None else None
        self.line = line
        if exit_code is not None:
            self.exit_code = exit_code
        super().__init__(self.describe())

    def describe(self) -> str:
        """``path:line: message`` with the parts that are known."""
        where = self.path or ""
        if where and self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(ProfilerError):
    """An input file or folder cannot be used."""

    exit_code = ExitCode.BAD_INPUT


class TraceFormatError(InputError):
    """An xctrace export (TOC or table) is malformed, hostile or of an unknown shape."""


class SummaryFormatError(InputError):
    """A summary JSON is not ours or has an unsupported version."""


class RunRecordError(InputError):
    """A run.json is not ours, has an unsupported version, or lacks a required field."""


class MixedExportsError(InputError):
    """The exports of a folder without ``toc.xml`` cannot come from one recording."""

    exit_code = ExitCode.MIXED_EXPORTS


class ModelFormatError(InputError):
    """A Core ML model package, compiled model or resource folder cannot be read."""


class OutputExistsError(ProfilerError):
    """An output file exists and --force was not given."""

    exit_code = ExitCode.OUTPUT_EXISTS


class ToolMissingError(ProfilerError):
    """xcrun, xctrace or devicectl is not available on this machine."""

    exit_code = ExitCode.TOOL_MISSING


class DeviceError(ProfilerError):
    """Device selection or device state prevents a run."""

    exit_code = ExitCode.DEVICE


class RecordingError(ProfilerError):
    """xctrace record or export failed."""

    exit_code = ExitCode.RECORDING


class RegressionFound(ProfilerError):
    """`profiler compare --fail-on-regression` found at least one regression."""

    exit_code = ExitCode.REGRESSION


class Interrupted(ProfilerError):
    """The user pressed Ctrl-C; what was recorded is kept."""

    exit_code = ExitCode.INTERRUPTED
