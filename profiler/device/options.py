"""What ``profiler run`` was asked to do, validated, plus the app contract's environment."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from profiler.device.xctrace import Timeouts
from profiler.errors import ExitCode, ProfilerError
from profiler.hardware import normalise

DEFAULT_TEMPLATE = "Core ML"
#: ``--framework`` shorthand -> the Instruments template that records it (Core AI: Xcode 27)
FRAMEWORK_TEMPLATES = {"coreml": "Core ML", "coreai": "Core AI"}
#: Added to the template when no --instrument is given: memory/CPU, app signposts, thermal state.
DEFAULT_INSTRUMENTS = ("Activity Monitor", "os_signpost", "Thermal State")
_LIMIT = re.compile(r"^(\d+)(ms|s|m|h)$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def template_for(template: str | None, framework: str | None) -> str | None:
    """The template to record with: ``--template`` as given ('' for none), else the
    ``--framework`` shorthand's, else Core ML's. Both given and disagreeing is a usage error."""
    if framework is not None and framework not in FRAMEWORK_TEMPLATES:
        raise usage_error(f"--framework {framework!r} is not one of "
                          f"{', '.join(FRAMEWORK_TEMPLATES)}",
                          hint="--framework coreai records with the 'Core AI' template")
    wanted = FRAMEWORK_TEMPLATES[framework] if framework is not None else None
    if template is not None and wanted is not None and template != wanted:
        raise usage_error(f"--template {template!r} and --framework {framework} disagree",
                          hint=f"give one of them (--framework {framework} means "
                               f"--template '{wanted}')")
    chosen = template if template is not None else wanted or DEFAULT_TEMPLATE
    return chosen or None


def usage_error(message: str, hint: str | None = None) -> ProfilerError:
    return ProfilerError(message, hint=hint, exit_code=ExitCode.USAGE)


def time_limit_seconds(value: str) -> float:
    """``90s``/``15m``/``500ms``/``1h`` (xctrace's syntax) -> seconds."""
    match = _LIMIT.match(value.strip())
    if not match:
        raise usage_error(f"--time-limit {value!r} is not N followed by ms, s, m or h",
                          hint="for example --time-limit 15m")
    return int(match.group(1)) * _UNITS[match.group(2)]


def parse_env(pairs: Sequence[str]) -> tuple[tuple[str, str], ...]:
    out = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise usage_error(f"--env {pair!r} is not KEY=VALUE", hint="for example --env FOO=1")
        out.append((key, value))
    return tuple(out)


@dataclass(frozen=True)
class AppConfig:
    """The app contract: values passed as PROFILER_* environment variables (None = not passed)."""

    model: str | None = None
    steps: int | None = None
    prompt: str | None = None
    seed: int | None = None
    compute_units: str | None = None
    scheduler: str | None = None
    guidance: float | None = None
    reduce_memory: bool | None = None

    def env(self, run_id: str) -> list[tuple[str, str]]:
        reduce = None if self.reduce_memory is None else ("1" if self.reduce_memory else "0")
        values = {"PROFILER_MODEL": self.model, "PROFILER_STEPS": self.steps,
                  "PROFILER_PROMPT": self.prompt, "PROFILER_SEED": self.seed,
                  "PROFILER_COMPUTE_UNITS": self.compute_units,
                  "PROFILER_SCHEDULER": self.scheduler,
                  "PROFILER_GUIDANCE": None if self.guidance is None else f"{self.guidance:g}",
                  "PROFILER_REDUCE_MEMORY": reduce}
        out = [(k, str(v)) for k, v in values.items() if v is not None]
        return [*out, ("PROFILER_RUN_ID", run_id)]


@dataclass(frozen=True)
class RunOptions:
    device: str
    bundle_id: str
    install: Path | None = None
    runs: int = 2
    cold: bool = False
    template: str | None = DEFAULT_TEMPLATE
    instruments: tuple[str, ...] = ()
    time_limit: str = "15m"
    env: tuple[tuple[str, str], ...] = ()
    app_args: tuple[str, ...] = ()
    app: AppConfig = field(default_factory=AppConfig)
    out: Path = Path("traces")
    name: str | None = None
    force: bool = False
    timeouts: Timeouts = field(default_factory=Timeouts)
    model_path: Path | None = None  # a Core ML model folder on this Mac, inspected into the report

    def validate(self, *, paths: bool = True) -> None:
        """Checks that need no device; raised before anything runs. ``paths=False`` (the
        dry run) leaves out whether --install and --model-path exist: :meth:`missing_paths`."""
        if self.runs < 1:
            raise usage_error("--runs must be at least 1")
        if self.name and (not self.name.strip() or self.name in (".", "..")
                          or re.search(r"[/\\\x00]", self.name)):
            # The name is one folder under --out (and the report's file name): never a path.
            raise usage_error(f"--name {self.name!r} is not a folder name",
                              hint="use letters, digits, '-' and '_', e.g. --name sd15-cold")
        if self.cold and self.install is None:
            raise usage_error("--cold reinstalls the app, so it needs --install path/to/App.app",
                              hint="build the app in Xcode and pass its .app bundle")
        if paths and self.install is not None and not self.install.exists():
            raise ProfilerError(f"--install {self.install} does not exist", path=self.install,
                                exit_code=ExitCode.BAD_INPUT,
                                hint="pass the built App.app (Xcode > Product > Show Build Folder)")
        if paths and self.model_path is not None and not self.model_path.is_dir():
            # Checked now, not after minutes of recording: Core ML models are folders.
            raise ProfilerError(f"--model-path {self.model_path} is not a folder",
                                path=self.model_path, exit_code=ExitCode.BAD_INPUT,
                                hint="pass the .mlmodelc / .mlpackage folder, or the folder "
                                "holding a pipeline's models (e.g. Resources/)")
        if self.app.guidance is not None and not self.app.guidance >= 0:
            raise usage_error(f"--guidance {self.app.guidance:g} is not a guidance scale",
                              hint="for example --guidance 7.5")
        time_limit_seconds(self.time_limit)

    def missing_paths(self) -> list[str]:
        """What the real run would refuse: ``--install X`` or ``--model-path X`` missing here."""
        out = []
        if self.install is not None and not self.install.exists():
            out.append(f"--install {self.install} does not exist on this machine")
        if self.model_path is not None and not self.model_path.is_dir():
            out.append(f"--model-path {self.model_path} is not a folder on this machine")
        return out

    @property
    def time_limit_s(self) -> float:
        return time_limit_seconds(self.time_limit)

    @property
    def instrument_list(self) -> tuple[str, ...]:
        return self.instruments or DEFAULT_INSTRUMENTS

    def run_name(self, now: datetime | None = None) -> str:
        if self.name:
            return self.name
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        app = normalise(self.bundle_id.rsplit(".", 1)[-1]) or "app"
        device = re.sub(r"[^A-Za-z0-9-]", "", self.device)[:24] or "device"
        return f"{app}-{device}-{stamp}"

    def recording_env(self, run_name: str, index: int) -> list[tuple[str, str]]:
        """User --env first, then the app contract (which wins for PROFILER_* names)."""
        contract = self.app.env(f"{run_name}/run-{index}")
        names = {k for k, _ in contract}
        return [*[(k, v) for k, v in self.env if k not in names], *contract]

    def as_json(self) -> dict:
        return {
            "device": self.device, "bundle_id": self.bundle_id,
            "install": None if self.install is None else str(self.install),
            "runs": self.runs, "cold": self.cold, "template": self.template,
            "instruments": list(self.instrument_list), "time_limit": self.time_limit,
            "env": [f"{k}={v}" for k, v in self.env], "app_args": list(self.app_args),
            "model": self.app.model, "steps": self.app.steps, "prompt": self.app.prompt,
            "seed": self.app.seed, "compute_units": self.app.compute_units,
            "scheduler": self.app.scheduler, "guidance": self.app.guidance,
            "reduce_memory": self.app.reduce_memory,
            "start_timeout_s": self.timeouts.start_s,
            "finalise_timeout_s": self.timeouts.finalise_s,
            "model_path": None if self.model_path is None else str(self.model_path),
        }
