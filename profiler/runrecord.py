"""``run.json``: the typed record of what ``profiler run`` did, format ``coreml-profiler.run`` v1.

``profiler run`` (``device/runfile.py``) fills it and rewrites it atomically after every step;
:func:`profiler.load` reads it into ``LoadedRun.run``. Every reader and writer goes through these
dataclasses and :mod:`profiler.codec`; the JSON Schema of the file is
``profiler/schemas/run.schema.json`` (docs/data-model.md describes the fields).

Reading refuses another format, an unknown ``version`` and a record without a required field with
a one-line :class:`~profiler.errors.RunRecordError` (exit 4). Keys this version does not know are
ignored. Times are ISO 8601 strings as written; durations are seconds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from profiler.codec import from_plain, plain_reason, to_plain
from profiler.errors import InputError, RunRecordError
from profiler.inputs import MAX_JSON_BYTES, read_input_text

FORMAT = "coreml-profiler.run"
VERSION = 1
#: Inside the package, for tools that validate run.json files.
SCHEMA = "schemas/run.schema.json"


class RunStatus(StrEnum):
    RECORDING = "recording"  # still running, or killed before it could say more
    COMPLETE = "complete"
    INTERRUPTED = "interrupted"  # Ctrl-C
    FAILED = "failed"


class RecordingKind(StrEnum):
    FIRST = "first"  # run-1 without --cold
    COLD = "cold"  # run-1 after a reinstall: the uncached Core ML compile
    WARM = "warm"  # a later launch: cached loads


class ExportStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"


@dataclass(frozen=True)
class DeviceRecord:
    """The device as devicectl listed it, with the device catalog's chip, RAM and ANE figures."""

    name: str | None = None
    marketing_name: str | None = None
    product_type: str | None = None  # e.g. iPhone14,3
    os_version: str | None = None
    os_build: str | None = None
    udid: str | None = None  # hardware UDID (xctrace --device)
    identifier: str | None = None  # CoreDevice identifier (devicectl --device)
    connection: str | None = None
    pairing_state: str | None = None
    tunnel_state: str | None = None
    developer_mode: str | None = None
    ddi_services_available: bool | None = None
    chip: str | None = None
    ram_bytes: int | None = None
    ane_cores: int | None = None
    ane_tops: float | None = None


@dataclass(frozen=True)
class AppRecord:
    bundle_id: str | None = None
    install: str | None = None  # the App.app given to --install
    #: the app's process name, when known; ``profiler run`` leaves it null because the TOC's
    #: target names the launched process (the analysis falls back on it without a target)
    name: str | None = None


@dataclass(frozen=True)
class RecordedOptions:
    """The options ``profiler run`` was given (``RunOptions.as_json`` in device/options.py)."""

    device: str | None = None
    bundle_id: str | None = None
    install: str | None = None
    runs: int | None = None
    cold: bool | None = None
    template: str | None = None
    instruments: tuple[str, ...] = ()
    time_limit: str | None = None
    env: tuple[str, ...] = ()  # --env K=V, as given
    app_args: tuple[str, ...] = ()
    model: str | None = None  # --model (PROFILER_MODEL)
    steps: int | None = None
    prompt: str | None = None
    seed: int | None = None
    compute_units: str | None = None  # --compute-units (PROFILER_COMPUTE_UNITS)
    scheduler: str | None = None  # --scheduler (PROFILER_SCHEDULER)
    guidance: float | None = None  # --guidance (PROFILER_GUIDANCE), the guidance scale
    reduce_memory: bool | None = None  # --reduce-memory / --no-reduce-memory (PROFILER_REDUCE_MEMORY)
    start_timeout_s: float | None = None
    finalise_timeout_s: float | None = None
    model_path: str | None = None  # --model-path as given

    def app_env(self) -> dict[str, str]:
        """``--env`` as a dict (the app also gets the PROFILER_* values of the options)."""
        return dict(pair.partition("=")[::2] for pair in self.env if "=" in pair)


@dataclass(frozen=True)
class Versions:
    xctrace: str | None = None  # `xcrun xctrace version`
    os: str | None = None  # the device's
    os_build: str | None = None
    host: str | None = None  # platform.platform() of the Mac
    xcrun: str | None = None  # the xcrun executable used


@dataclass(frozen=True)
class RunError:
    """Why a run did not complete: the ProfilerError's one-line message, hint and exit code."""

    message: str
    hint: str | None = None
    exit_code: int | None = None


@dataclass(frozen=True)
class CommandEntry:
    """One xcrun command started during the run, in order."""

    argv: tuple[str, ...] = ()
    command: str | None = None  # argv, shell-quoted
    started_at: str | None = None
    duration_s: float | None = None
    exit_status: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class RecordingEntry:
    """One recording (one app launch): ``run-K/``. Fields fill in as the recording proceeds."""

    name: str
    index: int | None = None
    kind: RecordingKind | None = None
    folder: str | None = None  # relative to the run folder
    bundle: str | None = None  # the .trace, relative to the run folder
    #: "recording", then xctrace's outcome: saved, run-issues, not-saved, stuck, not-started
    status: str = "recording"
    exit_status: int | None = None
    started_at: str | None = None
    recording_started_after_s: float | None = None
    duration_s: float | None = None
    time_limit_reached: bool | None = None
    interrupted: bool | None = None
    sigint_sent: bool | None = None
    bundle_exists: bool | None = None
    issues: tuple[str, ...] = ()
    recorder_pid: int | None = None
    xctrace_log: str | None = None  # xctrace's own output
    console_log: str | None = None  # the app's stdout
    export: ExportStatus | None = None
    tables: tuple[str, ...] = ()  # exported files, in export order
    crash_reports: tuple[str, ...] = ()  # file names in run-K/crashes/
    crash_reports_error: str | None = None


@dataclass(frozen=True)
class RunRecord:
    """The whole ``run.json``."""

    name: str
    status: RunStatus
    recordings: tuple[RecordingEntry, ...]
    format: str = FORMAT
    version: int = VERSION
    error: RunError | None = None
    created_at: str | None = None
    finished_at: str | None = None
    profiler_version: str | None = None
    argv: tuple[str, ...] = ()
    #: null when no `profiler run` options were involved (a generated or hand-made record)
    options: RecordedOptions | None = None
    device: DeviceRecord = DeviceRecord()
    app: AppRecord = AppRecord()
    #: the inspected Core ML model folder, absolute, so `profiler report` can inspect it again
    model_path: str | None = None
    versions: Versions = Versions()
    note: str | None = None
    commands: tuple[CommandEntry, ...] = ()
    #: true when a generator (tests/synthetic), not a device, produced the run: SYNTHETIC data
    synthetic: bool = False

    def to_dict(self) -> dict[str, Any]:
        return to_plain(self)

    @classmethod
    def from_dict(cls, data: Any, *, path: str | Path | None = None) -> RunRecord:
        """Read a run record; RunRecordError for another format or version, or a bad shape."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else None
            raise RunRecordError(f"not a {FORMAT} record (format={found!r})", path=path,
                                 hint="run.json is written by `profiler run`; fix or delete it, "
                                 "the recordings load without it")
        if data.get("version") != VERSION:
            raise RunRecordError(
                f"run record version {data.get('version')!r} is not supported (this profiler "
                f"reads version {VERSION})", path=path,
                hint="upgrade profiler, or delete run.json; the recordings load without it")
        missing = [f.name for f in _required(cls) if f.name not in data]
        if missing:
            raise RunRecordError(f"run record is missing required field(s): {', '.join(missing)}",
                                 path=path, hint="fix or delete run.json; the recordings load "
                                 "without it")
        try:
            record: RunRecord = from_plain(cls, data)
        except (TypeError, ValueError, KeyError) as exc:
            raise RunRecordError(f"malformed run record: {plain_reason(exc)}", path=path,
                                 hint="fix or delete run.json; the recordings load without it") \
                from None
        return record

    def write(self, path: Path) -> None:
        """Replace ``path`` atomically (a reader never sees half a file)."""
        from profiler.files import atomic_output

        with atomic_output(path, force=True, other="--out") as handle:  # unpredictable temp name
            handle.write(json.dumps(self.to_dict(), indent=1, sort_keys=True) + "\n")


def _required(cls: type) -> list[Any]:
    from dataclasses import MISSING

    return [f for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING]


def read_run_record(path: Path, *, inside: str | Path | None = None) -> RunRecord:
    """``run.json`` at ``path``; InputError when it is not readable JSON (exit 4).

    ``inside``: the run folder; a run.json that is a link leading outside it is not followed.
    """
    text = read_input_text(path, what="run.json", max_bytes=MAX_JSON_BYTES, inside=inside,
                           error=RunRecordError)
    try:
        data = json.loads(text)
    except (RecursionError, json.JSONDecodeError) as exc:
        raise InputError(f"run.json cannot be read: {exc}", path=path,
                         hint="fix or delete run.json; the recordings load without it") from None
    return RunRecord.from_dict(data, path=path)


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of run.json."""
    text = resources.files("profiler").joinpath(SCHEMA).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
