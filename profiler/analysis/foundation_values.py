"""The Foundation Models value types of the summary contract (re-exported by
:mod:`profiler.analysis.values`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelTransition:
    """One Foundation Models asset state change: a load (ends in ``loaded``), an unload (ends in
    ``unloaded``) or another transition; times in seconds from the recording start."""

    asset: str
    from_state: str | None
    to_state: str
    kind: str  # "load" | "unload" | "other"
    start_s: float
    duration_s: float | None


@dataclass(frozen=True)
class FoundationModels:
    """Apple's Foundation Models in a recording (the catalog's model loading table), apart from
    Core ML."""

    loads: int
    unloads: int
    load_s: float  # summed duration of the loads
    transitions: tuple[ModelTransition, ...]
    source: str
