"""The types of the table catalog's entries (:mod:`profiler.trace.catalog` holds the entries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """What the analysis uses a table for. Later roles (Core AI, Xcode 27 CPU usage, Foundation
    Models) are added the same way: a member here, entries in :mod:`profiler.trace.catalog`, and the code that reads them."""

    CORE_ML = "core-ml"  # model loads and predictions
    APP_SIGNPOSTS = "app-signposts"  # the app's own intervals (docs/instrumenting-your-app.md)
    ANE = "ane"  # Neural Engine hardware intervals
    GPU = "gpu"  # GPU hardware intervals
    PROCESS = "process"  # per-process memory and CPU samples
    SYSTEM = "system"  # system-wide memory and CPU samples
    THERMAL = "thermal"  # device thermal state
    LOG = "log"  # os_log messages (diagnostics)
    CORE_ML_SIGNPOSTS = "core-ml-signposts"  # Core ML's own os_signpost events (who the app is)
    FOUNDATION_MODELS = "foundation-models"  # Apple's Foundation Models: model asset transitions
    CORE_AI = "core-ai"  # Core AI (iOS/macOS 27) specialization, load, setup and inference rows
    THREAD_CPU = "thread-cpu"  # Xcode 27's per-thread CPU buckets (summed per process)


@dataclass(frozen=True)
class ColumnSpec:
    """What a metric needs from a table: engineering types, then mnemonic (or display) aliases."""

    #: words for messages ("physical footprint")
    what: str
    types: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    #: a single column of a matching type is enough (False when the type is shared, e.g. bytes)
    unique_type_ok: bool = True
    #: without it the table cannot be used at all
    required: bool = False


@dataclass(frozen=True)
class TableEntry:
    """One table of interest."""

    name: str
    role: Role
    #: other spellings of the same table (Xcode 27 renamed some to CamelCase)
    aliases: tuple[str, ...] = ()
    #: ``profiler run`` (and a ``.trace`` export) asks ``xctrace export`` for it
    exported: bool = True
    #: column role -> spec, as the analysis modules name them (``cols["start"]``)
    columns: dict[str, ColumnSpec] = field(default_factory=dict, hash=False, compare=False)
    #: why this table and its spellings are here
    evidence: str = ""
    #: the `.trace` bundle reader's cells were checked against a real xctrace export of it
    bundle_verified: bool = False

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def need(what: str, types: tuple[str, ...], aliases: tuple[str, ...] = ()) -> ColumnSpec:
    return ColumnSpec(what, types, aliases, required=True)
