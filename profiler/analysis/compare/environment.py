"""The environment check: what each run was measured on, and warnings where runs differ.

Device, OS build, Instruments version and thermal state come from the summary. Compute units
and model are not summary keys; they come from the run's ``run.json`` (the typed
:class:`~profiler.runrecord.RunRecord` written by ``profiler run``) when the input has one. Without it, the model falls back to the set of
Core ML models the recordings loaded.
"""

from __future__ import annotations

from collections.abc import Sequence

from profiler.analysis.compare.comparison import CompareInput, EnvField
from profiler.analysis.thermal import HOT_STATES
from profiler.analysis.thermal import rank as thermal_rank
from profiler.runrecord import RunRecord

_FIELDS = (
    ("device", "Device"),
    ("os_build", "OS build"),
    ("instruments_version", "Instruments version"),
    ("compute_units", "Compute units"),
    ("thermal", "Worst thermal state"),
    ("model", "Model"),
)


def environment_from_run_json(run: RunRecord | None) -> dict[str, str]:
    """Compute units and model from a run's ``run.json``: what the app was given.

    That is the ``--compute-units`` / ``--model`` option, else the ``PROFILER_COMPUTE_UNITS`` /
    ``PROFILER_MODEL`` value passed with ``--env`` (the option wins, as in device/options.py).
    """
    if run is None or run.options is None:
        return {}
    options = run.options
    env = options.app_env()
    out: dict[str, str] = {}
    for key, value, env_key in (("compute_units", options.compute_units, "PROFILER_COMPUTE_UNITS"),
                                ("model", options.model, "PROFILER_MODEL")):
        chosen = value if value is not None else env.get(env_key)
        if chosen:
            out[key] = str(chosen)
    return out


def describe(item: CompareInput, *, loaded_models: bool = True) -> dict[str, str | None]:
    """One run's environment facts, as display strings (None when unknown).

    Without a model name from run.json, ``loaded_models`` falls back to the models loaded.
    """
    summary = item.summary
    dev = summary.device
    device = dev.model or dev.name
    if dev.product_type:
        device = f"{device} ({dev.product_type})" if device else dev.product_type
    os_build = " ".join(p for p in (dev.platform, dev.os_version) if p) or None
    versions = sorted({r.instruments_version for r in summary.recordings if r.instruments_version})
    states = [r.thermal.worst.lower() for r in summary.recordings if r.thermal and r.thermal.worst]
    thermal = max(states, key=thermal_rank) if states else None
    meta = dict(item.environment or {})
    model = meta.get("model")
    if not model and loaded_models:
        names = sorted({load.model for r in summary.recordings for load in r.loads})
        model = f"loaded: {', '.join(names)}" if names else None
    return {
        "device": device,
        "os_build": os_build,
        "instruments_version": ", ".join(versions) or None,
        "compute_units": meta.get("compute_units"),
        "thermal": thermal,
        "model": model,
    }


def check(items: Sequence[CompareInput]) -> tuple[tuple[EnvField, ...], tuple[str, ...]]:
    """The environment table and its warnings (one per differing fact, one per hot run)."""
    # Compare like with like: once any run names its model (run.json), the others are unknown
    # rather than described by the models they loaded.
    named = any((item.environment or {}).get("model") for item in items)
    described = [(item.label, describe(item, loaded_models=not named)) for item in items]
    fields: list[EnvField] = []
    warnings: list[str] = []
    for name, title in _FIELDS:
        values = tuple((label, facts[name]) for label, facts in described)
        known = {v for _, v in values if v is not None}
        differs = len(known) > 1
        fields.append(EnvField(name, title, values, differs))
        if differs:
            shown = "; ".join(f"{label}: {v if v is not None else 'unknown'}" for label, v in values)
            warnings.append(f"{title} differs between runs ({shown})")
    for label, facts in described:
        if facts["thermal"] in HOT_STATES:
            warnings.append(
                f"{label} reached thermal state {facts['thermal']}: its step times may be throttled"
            )
    return tuple(fields), tuple(warnings)
