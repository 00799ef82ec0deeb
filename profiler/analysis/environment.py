"""The run's environment: everything a bug issue needs to reproduce it, from what was recorded.

Sources, in order of preference per value: the options ``profiler run`` recorded in
``run.json`` (and the ``PROFILER_*`` values it passed to the app through ``--env``), the Mac's
versions in ``run.json``, the TOC, and the model inspection (``--model-path``). A value none of
them holds stays None: reports print "not recorded", never a guess.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from profiler.analysis.summary import Environment, Recording

if TYPE_CHECKING:
    from profiler.model.types import Inspection, ModelInfo
    from profiler.trace.model import LoadedRun

OPTIONS = "run.json options"
APP_ENV = "run.json --env"
VERSIONS = "run.json versions"
INSPECTION = "model inspection"
TOC = "TOC"
SIGNPOSTS = "app step signposts (total=N)"


def environment(loaded: LoadedRun, inspection: Inspection | None,
                recordings: Sequence[Recording]) -> Environment:
    """The environment of ``loaded``; each value's source is named in ``sources``."""
    found: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def put(key: str, value: Any, source: str) -> None:
        if key not in found and value is not None and value != "":
            found[key], sources[key] = value, source

    run = loaded.run
    opts = run.options if run is not None else None
    env = opts.app_env() if opts is not None else {}
    for key in ("compute_units", "steps", "seed", "prompt", "scheduler", "guidance",
                "reduce_memory"):
        # getattr: scheduler, guidance and reduce_memory are newer run-record fields
        put(key, getattr(opts, key, None), OPTIONS)
        put(key, _typed(key, env.get(f"PROFILER_{key.upper()}")), APP_ENV)
    if run is not None and run.argv:
        put("run_command", _command(run.argv), "run.json argv")
    if run is not None:
        put("host_os", run.versions.host, VERSIONS)
        put("xcode", run.versions.xctrace, VERSIONS)
    for rec in loaded.recordings:
        toc = rec.toc_run
        if toc is None:
            continue
        host = toc.host_device
        if host is not None:
            put("host_os", " ".join(x for x in (host.platform, host.os_version) if x) or None, TOC)
        if toc.summary.instruments_version:
            put("xcode", f"Instruments {toc.summary.instruments_version}", TOC)
    if inspection is not None:
        _from_inspection(inspection, put)
    planned = [g.planned_steps for r in recordings for la in r.launches for g in la.generations
               if g.planned_steps is not None]
    if planned:
        put("steps", planned[0], SIGNPOSTS)
    return Environment(**found, sources=tuple(sorted(sources.items())))


def _from_inspection(ins: Inspection, put: Any) -> None:
    if ins.compute_units is not None:
        put("compute_units", ins.compute_units.value, INSPECTION)
    if ins.pipeline is not None:
        put("pipeline", ins.pipeline.label, INSPECTION)
        put("chunked", ins.pipeline.chunked_unet, INSPECTION)
    unets = [m for m in ins.models if m.role.is_unet]
    unet = unets[0] if unets else (ins.models[0] if len(ins.models) == 1 else None)
    if unet is not None:
        put("attention", unet.attention.value, INSPECTION)
        bits = unet.weights.effective_bits
        put("bits", round(bits, 2) if bits is not None else None, INSPECTION)
        put("palettized_bits", unet.weights.palettized_bits or None, INSPECTION)
        if unet.resolution:
            put("resolution", f"{unet.resolution[0]}x{unet.resolution[1]}", INSPECTION)
    put("ml_stable_diffusion", _mlsd(ins.models), INSPECTION)


def _mlsd(models: Sequence[ModelInfo]) -> str | None:
    versions = sorted({m.mlsd_version for m in models if m.mlsd_version})
    return ", ".join(versions) or None


def _command(argv: Sequence[str]) -> str:
    """argv as a shell command, starting with ``profiler`` however it was started."""
    args = list(argv)
    if args and (args[0].endswith("profiler") or args[0].endswith("__main__.py")):
        args[0] = "profiler"
    return shlex.join(args)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _typed(key: str, text: str | None) -> Any:
    """A ``PROFILER_*`` value as the field's type; None when absent or unreadable."""
    if text is None:
        return None
    try:
        if key in ("steps", "seed"):
            return int(text)
        if key == "guidance":
            return float(text)
    except ValueError:
        return None
    if key == "reduce_memory":
        low = text.strip().lower()
        return True if low in _TRUE else False if low in _FALSE else None
    return text


def report_command(argv: Sequence[str]) -> str:
    """The command line of this report, for the environment (``profiler`` plus its args)."""
    return _command(["profiler", *argv])
