"""The tables of interest: every Instruments table the analysis reads, in one place.

One :class:`TableEntry` per table: its canonical kebab-case schema name, the other spellings
Xcode versions give it, its :class:`Role` (what the analysis uses it for), whether ``profiler run``
exports it, and the columns it needs (role of the column -> engineering types first, mnemonic
aliases second; see :mod:`profiler.trace.lookup`). Entries of one role are listed in preference
order: the analysis uses the first that has rows. Everything else (the analysis, the export of a
``.trace``, ``profiler run --dry-run``, the ``.trace`` hint, diagnostics) refers to these entries
and never spells a table name itself; a test keeps it so.

Column layouts of the Activity Monitor tables are not confirmed in any real export, so nothing
here relies on column positions. Evidence grades follow ../shared/docs/real-exports-2026-12.md:
"real" = seen in a real export or TOC, "reported" = consumer code or notes only.
"""

from __future__ import annotations

import re

# Role, ColumnSpec and TableEntry live in entries.py (types only) and are named from here too
from profiler.trace.entries import ColumnSpec, Role, TableEntry
from profiler.trace.entries import need as _need

_START = _need("start time", ("start-time",), ("start",))
_DURATION = _need("duration", ("duration",), ("duration",))
_PROCESS = ColumnSpec("process", ("process",), ("process",))

CORE_ML_COLUMNS = {
    "start": _need("start time", ("start-time",), ("start", "time", "timestamp")),
    "duration": _DURATION,
    # the real layout has two coreml-model-name columns (model, parent): the alias picks
    "model": _need("model name", ("coreml-model-name",), ("model-name", "model", "name")),
    "event": _need("event", ("coreml-model-event",),
                   ("event", "event-type", "model-event", "signpost-name")),
    "level": ColumnSpec("model level", ("coreml-model-level",), ("level", "model-level")),
    # a sub-model's parent; never the model-name column when a layout has only that one
    "parent": ColumnSpec("parent model name", ("coreml-model-name",),
                         ("parent-model-name", "parent-model", "parent"), unique_type_ok=False),
    "message": ColumnSpec("message", ("narrative", "os-log-metadata", "formatted-label"),
                          ("message", "label", "narrative", "description", "detail")),
    "process": _PROCESS,
}
APP_SIGNPOST_COLUMNS = {
    "start": _START,
    "duration": _DURATION,
    "name": _need("interval name", ("signpost-name",), ("name", "signpost-name")),
    "category": _need("category", ("category",), ("category",)),
    "process": ColumnSpec("process", ("process",), ("process", "start-process")),
    "message": ColumnSpec("start message", ("os-log-metadata",), ("start-message", "message")),
}
#: Neural Engine and GPU hardware intervals share a layout (the ANE table lacks process & co).
HW_INTERVAL_COLUMNS = {
    "start": _START,
    "duration": _DURATION,
    "label": ColumnSpec("label", ("formatted-label",),
                        ("event-label", "label", "channel-subtitle", "channel-name")),
    "channel": ColumnSpec("channel", ("ane-event-name", "gpu-channel-name", "mps-event-name"),
                          ("channel-name",)),
    "process": _PROCESS,
}
_SAMPLE_TIME = _need("sample time", ("start-time", "sample-time", "event-time"),
                     ("start", "time", "timestamp", "sample-time"))
#: how long a sample's value holds; sysmon has none (a row per change: values carry forward)
_SAMPLE_DURATION = ColumnSpec("duration", ("duration",), ("duration",))
PROCESS_COLUMNS = {
    "time": _SAMPLE_TIME,
    "duration": _SAMPLE_DURATION,
    "pid": ColumnSpec("pid", ("pid",), ("pid",)),
    "process": _PROCESS,
    "footprint": ColumnSpec(
        "physical footprint", ("size-in-bytes",),
        ("memory-physical-footprint", "physical-footprint", "footprint", "memory-footprint",
         "Memory Footprint", "Physical Footprint"), unique_type_ok=False),
    "cpu": ColumnSpec("CPU percent", ("system-cpu-percent", "cpu-percent"),
                      ("cpu-percent", "cpu", "% CPU", "cpu-usage")),
}
SYSTEM_COLUMNS = {
    "time": _SAMPLE_TIME,
    "duration": _SAMPLE_DURATION,
    "used": ColumnSpec("memory used", ("size-in-bytes",),
                       ("memory-used", "used-memory", "physical-memory-used", "memory-used-bytes",
                        "Memory Used", "used"), unique_type_ok=False),
    "compressed": ColumnSpec("compressed memory", ("size-in-bytes",),
                             ("memory-compressed", "compressed-memory", "compressed",
                              "Compressed Memory"), unique_type_ok=False),
    "swap": ColumnSpec("swap used", ("size-in-bytes",),
                       ("swap-used", "memory-swap-used", "swap", "Swap Used"),
                       unique_type_ok=False),
    "cpu": ColumnSpec("system CPU percent", ("system-cpu-percent", "cpu-percent"),
                      ("cpu-total", "cpu-percent", "system-cpu-percent", "total-cpu-percent",
                       "cpu-total-percent", "% Total Load", "total-load", "cpu", "cpu-usage")),
}
#: The com.apple.coreml rows of the os_signpost table: only their process is used (which
#: process ran Core ML, when the Core ML table has no process column).
CORE_ML_SIGNPOST_COLUMNS = {
    "time": _need("time", ("event-time",), ("time", "timestamp", "start")),
    "process": ColumnSpec("process", ("process",), ("process",), required=True),
    "subsystem": ColumnSpec("subsystem", ("subsystem",), ("subsystem",), required=True),
}
#: Core AI's table. Its columns are known only second-hand (ecosystem-2026-12.md §1: model-name,
#: base-function-name, function-name, phase, category, color, level, activity, start, duration);
#: no engineering type is known, so the guesses below come first and the mnemonics decide
#: otherwise. No compute-unit column exists. The process column is a guess (none reported).
CORE_AI_COLUMNS = {
    "start": _need("start time", ("start-time",), ("start", "time", "timestamp")),
    "duration": _DURATION,
    "model": _need("model name", ("coreai-model-name", "odie-model-name"),
                   ("model-name", "model", "name")),
    "phase": ColumnSpec("phase", ("coreai-phase", "odie-phase"), ("phase",)),
    "category": ColumnSpec("category", ("coreai-category", "odie-category"), ("category",)),
    "function": ColumnSpec("function name", ("coreai-function-name",),
                           ("function-name", "function", "base-function-name")),
    "process": _PROCESS,
}
#: The second-hand column list, for the "what I found" note when a real table differs.
CORE_AI_EXPECTED = ("start", "duration", "model-name", "base-function-name", "function-name",
                    "phase", "category", "color", "level", "activity")
#: Xcode 27's CPU usage tables: 10 ms buckets (start, duration) with a CPU percent. Reported
#: columns only (xctrace-export-format.md §3b, ThreadCPUUsage); found by type, then mnemonic.
THREAD_CPU_COLUMNS = {
    "time": _SAMPLE_TIME,
    "duration": _SAMPLE_DURATION,
    "process": ColumnSpec("process", ("process",), ("process",), required=True),
    "thread": ColumnSpec("thread", ("thread",), ("thread",)),
    "cpu": _need("CPU percent", ("system-cpu-percent", "cpu-percent"),
                 ("cpu-usage", "cpu-percent", "cpu", "usage")),
}
THERMAL_COLUMNS = {
    "start": _START,
    "state": _need("thermal state", ("thermal-state",), ("thermal-state", "state")),
    "duration": ColumnSpec("duration", ("duration",), ("duration",)),
}
#: Every log column is optional: a message (or its format string) is all a scan needs.
LOG_COLUMNS = {
    "time": ColumnSpec("time", ("event-time",), ("time", "timestamp", "start")),
    "message": ColumnSpec("message", ("os-log-metadata",),
                          ("message", "composed-message", "eventMessage")),
    "format": ColumnSpec("format string", ("format-string",), ("format-string",)),
    "subsystem": ColumnSpec("subsystem", ("subsystem",), ("subsystem",)),
    "category": ColumnSpec("category", ("category",), ("category",)),
    "process": ColumnSpec("process", ("process",), ("process", "process-name")),
    # event-type is also the engineering type of other columns, so the mnemonic decides here
    "message_type": ColumnSpec("message type", (), ("message-type", "messageType")),
}

#: Foundation Models' model loading: one row per asset state transition (``unloaded → loaded``).
#: Every column is a string, so the mnemonics decide.
FOUNDATION_MODEL_LOADING_COLUMNS = {
    "start": _START,
    "duration": _DURATION,
    "asset": ColumnSpec("asset id", (), ("asset-id", "asset"), required=True),
    "from": ColumnSpec("from state", (), ("from-state",)),
    "to": ColumnSpec("to state", (), ("to-state",), required=True),
    "transition": ColumnSpec("transition", (), ("transition",)),
}

TABLES: tuple[TableEntry, ...] = (
    TableEntry("coreml-os-signpost", Role.CORE_ML, columns=CORE_ML_COLUMNS,
               evidence="real: Xcode 16.4 export (0 rows) and Xcode 27.2 TOC, same name"),
    TableEntry("os-signpost-interval", Role.APP_SIGNPOSTS, ("OSSignpostIntervals",),
               columns=APP_SIGNPOST_COLUMNS, bundle_verified=True,
               evidence="real: kebab-case up to Xcode 26, the CamelCase alias in Xcode 27.2"),
    TableEntry("ane-hw-intervals", Role.ANE, columns=HW_INTERVAL_COLUMNS,
               evidence="real: Xcode 27.2 TOC"),
    # A separate entry, not an alias: reports name the table that was actually read.
    TableEntry("ane-hw-intervals-internal", Role.ANE, columns=HW_INTERVAL_COLUMNS,
               evidence="real: Xcode 16.4 export and TOCs"),
    TableEntry("activity-monitor-process-live", Role.PROCESS, columns=PROCESS_COLUMNS,
               evidence="reported: Activity Monitor TOC (Xcode 12, iOS); columns from fixtures"),
    TableEntry("sysmon-process", Role.PROCESS, columns=PROCESS_COLUMNS,
               evidence="reported: iOS Activity Monitor consumers (columns by name and order)"),
    # Xcode 27: the Core AI template records no Activity Monitor; these 10 ms buckets stand in.
    TableEntry("ProcessCPUUsage", Role.PROCESS, columns=PROCESS_COLUMNS,
               evidence="real: Xcode 27.2 TOC (swift-table); columns reported, found by type"),
    TableEntry("activity-monitor-system", Role.SYSTEM, columns=SYSTEM_COLUMNS,
               evidence="reported: Activity Monitor TOC (Xcode 12, iOS)"),
    TableEntry("sysmon-system", Role.SYSTEM, columns=SYSTEM_COLUMNS,
               evidence="reported: named in an Xcode 12 iOS TOC; columns unknown (found by type)"),
    TableEntry("SystemCPUUsage", Role.SYSTEM, columns=SYSTEM_COLUMNS,
               evidence="real: Xcode 27.2 TOC (swift-table); columns reported, found by type"),
    TableEntry("ThreadCPUUsage", Role.THREAD_CPU, columns=THREAD_CPU_COLUMNS,
               evidence="real: Xcode 27.2 TOC; columns reported (start, duration, thread, "
                        "process, cpu-usage)"),
    TableEntry("CoreAIProfile", Role.CORE_AI, columns=CORE_AI_COLUMNS,
               evidence="real: Xcode 27.2 TOC (CoreAIProfile(stripNumericSufix: true)); "
                        "columns second-hand"),
    # A separate entry, not an alias: an earlier beta's name, reported under its own name.
    TableEntry("ODIEProfile", Role.CORE_AI, columns=CORE_AI_COLUMNS,
               evidence="reported: macOS 27.0 / Xcode 27.0 export (SL EXP-004), 9,127 rows"),
    TableEntry("metal-gpu-intervals", Role.GPU, columns=HW_INTERVAL_COLUMNS,
               evidence="real: TRIMMED Xcode 26.3 export; TOCs up to Xcode 27.2"),
    TableEntry("mps-hw-intervals", Role.GPU, columns=HW_INTERVAL_COLUMNS,
               evidence="real: Xcode 16.4 export with rows; Xcode 27.2 TOC"),
    TableEntry("device-thermal-state-intervals", Role.THERMAL, columns=THERMAL_COLUMNS,
               evidence="real: Xcode 26.x exports and TOCs"),
    TableEntry("os-log", Role.LOG, columns=LOG_COLUMNS,
               evidence="real: TOCs up to Xcode 27.2 (still kebab-case there)"),
    # Not exported by `profiler run`: one schema name covers every subsystem's signposts.
    TableEntry("os-signpost", Role.CORE_ML_SIGNPOSTS, exported=False,
               columns=CORE_ML_SIGNPOST_COLUMNS, bundle_verified=True,
               evidence="real: Xcode 16.4 export of the com.apple.coreml table (0 rows); TOCs"),
    # Not exported by `profiler run` (it records Core ML apps); read when an export is given.
    TableEntry("ModelLoadingTable", Role.FOUNDATION_MODELS, exported=False,
               columns=FOUNDATION_MODEL_LOADING_COLUMNS,
               evidence="real: Xcode 27.0 beta export (Foundation Models instrument, 22 rows)"),
)


def _key(name: str) -> str:
    """Spelling-insensitive key: ``OSSignpostIntervals`` and ``os-signpost-interval`` agree."""
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    return key[:-1] if key.endswith("s") else key


_BY_KEY = {_key(spelling): entry for entry in TABLES for spelling in entry.spellings}


def entry(name: str | None) -> TableEntry | None:
    """The entry for any spelling of a table of interest, or None."""
    return _BY_KEY.get(_key(name)) if name else None


def canonical(name: str | None) -> str | None:
    """The kebab-case name for any known spelling; unknown names come back unchanged."""
    found = entry(name)
    return found.name if found is not None else name


def of_role(role: Role) -> tuple[TableEntry, ...]:
    """The entries of ``role``, preferred first."""
    return tuple(e for e in TABLES if e.role is role)


def main(role: Role) -> TableEntry:
    """The preferred entry of ``role`` (the name messages use for "the Core ML table")."""
    return of_role(role)[0]


def names() -> tuple[str, ...]:
    """Canonical names of every table of interest, in catalog order."""
    return tuple(e.name for e in TABLES)


def export_names() -> tuple[str, ...]:
    """Every spelling ``profiler run`` asks ``xctrace export`` for, in catalog order."""
    return tuple(s for e in TABLES if e.exported for s in e.spellings)


def exported(schema: str) -> bool:
    """True when a TOC table of this schema is exported by ``profiler run``."""
    found = entry(schema)
    return found is not None and found.exported
