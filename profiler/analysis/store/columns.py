"""The store's two tables, column by column: name, type, unit and meaning.

``runs`` has one row per launch of the app; ``samples`` is long (one row per step latency or
model load). Both are partitioned by :data:`PARTITIONS` (Hive folders ``device=…/os_build=…``
whose values are strings, ``unknown`` when absent): those two columns are in the folder names,
never inside the files. docs/store.md shows these lists (a test keeps the page true).

The headline figures come from :data:`profiler.analysis.aggregate.RUN_FIGURES`: each is a
per-launch column under its own name and a run-level column ``run_<name>``, so a figure added
there becomes a store column without a change here (older files read it as null).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from profiler.analysis.aggregate import RUN_FIGURES

if TYPE_CHECKING:
    import pyarrow as pa

#: Version of the tables' layout, written in every row; a later one may add columns only.
STORE_VERSION = 1
#: Partition keys, outermost first: the device's product type and the OS build.
PARTITIONS = ("device", "os_build")
UNKNOWN = "unknown"
RUN_PREFIX = "run_"


class Kind(StrEnum):
    STRING = "string"
    FLOAT = "double"
    INT = "int64"
    BOOL = "boolean"
    TIME = "timestamp (UTC, µs)"
    MAP = "map<string, string>"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    unit: str  # "" when none: s, bytes, percent (100 = one core), fraction, steps/s
    doc: str


def _figure_unit(metric: str) -> str:
    for suffix, unit in (("_s", "s"), ("_bytes", "bytes"), ("_percent", "percent"),
                         ("_fraction", "fraction")):
        if metric.endswith(suffix):
            return "steps/s" if metric == "steps_per_s" else unit
    return ""


def _figure_kind(metric: str) -> Kind:
    return Kind.INT if metric.endswith("_bytes") else Kind.FLOAT


S, K = Kind.STRING, Kind
#: Facts of the whole run, repeated on each of its launch rows.
RUN_COLUMNS: tuple[Column, ...] = (
    Column("run_id", S, "", "stable hash of the run's exports and run.json"),
    Column("store_version", K.INT, "", f"layout version of the row ({STORE_VERSION})"),
    Column("tool_version", S, "", "profiler version that analysed the run"),
    Column("source_kind", S, "", "run-folder, recording or export"),
    Column("run_name", S, "", "the run folder's name"),
    Column("synthetic", K.BOOL, "", "true when run.json says a generator made it"),
    Column("run_status", S, "", "run.json status (complete, interrupted, failed …)"),
    Column("recorded_at", K.TIME, "", "run.json created_at, else the first recording's start"),
    Column("commit", S, "", "--commit"),
    Column("branch", S, "", "--branch"),
    Column("labels", K.MAP, "", "--label k=v pairs"),
    Column("app_bundle_id", S, "", "run.json app.bundle_id"),
    Column("app_name", S, "", "the app's process name"),
    Column("model", S, "", "--model / PROFILER_MODEL of profiler run"),
    Column("models_loaded", S, "", "the Core ML models the run loaded, sorted"),
    Column("model_variant", S, "", "pipeline kind of the inspected model (SD 1.x …)"),
    Column("model_bits", K.FLOAT, "", "mean bits per UNet weight (inspected model)"),
    Column("model_attention", S, "", "UNet attention implementation (inspected model)"),
    Column("compute_units", S, "", "--compute-units / PROFILER_COMPUTE_UNITS"),
    Column("device_name", S, "", "the device's name"),
    Column("device_model", S, "", "marketing name, e.g. iPhone 13 Pro Max"),
    Column("chip", S, "", "e.g. A15 Bionic"),
    Column("ram_bytes", K.INT, "bytes", "device RAM"),
    Column("ane_cores", K.INT, "", "Neural Engine cores"),
    Column("os_version", S, "", "as the TOC gives it, e.g. 17.0 (21A329)"),
    Column("platform", S, "", "e.g. iOS"),
    Column("xcode", S, "", "xctrace version from run.json, else Instruments'"),
    Column("load_rule", S, "", "the load-classification rule the analysis used"),
    Column("recordings", K.INT, "", "recordings in the run"),
    Column("launches", K.INT, "", "launch rows of the run"),
    Column("diagnostic_codes", S, "", "the run's diagnostic codes, sorted, comma-separated"),
) + tuple(Column(RUN_PREFIX + f.metric, _figure_kind(f.metric), _figure_unit(f.metric),
                 f"run value (the headline: {f.rule} over launches)") for f in RUN_FIGURES)

#: One launch of the app (v1 summaries: one recording).
LAUNCH_COLUMNS: tuple[Column, ...] = (
    Column("recording", K.INT, "", "1-based recording number in the run"),
    Column("recording_name", S, "", "e.g. run-1"),
    Column("launch", K.INT, "", "1-based launch number in the recording"),
    Column("started_at", K.TIME, "", "the recording's start (TOC)"),
    Column("duration_s", K.FLOAT, "s", "the recording's duration"),
    Column("template", S, "", "Instruments template"),
    Column("instruments_version", S, "", "as the TOC gives it"),
    Column("process_name", S, "", "the app's process"),
    Column("process_pid", K.INT, "", "its pid"),
) + tuple(Column(f.metric, _figure_kind(f.metric), _figure_unit(f.metric),
                 "this launch's value (as the headline takes it per recording)")
          for f in RUN_FIGURES) + (
    Column("steps_count", K.INT, "", "denoising steps found"),
    Column("step_first_s", K.FLOAT, "s", "step 1 (includes warm-up)"),
    Column("step_p90_s", K.FLOAT, "s", "p90 step latency"),
    Column("step_max_s", K.FLOAT, "s", "slowest step"),
    Column("steps_source", S, "", "what the steps were read from"),
    Column("loads", K.INT, "", "model loads in the launch"),
    Column("load_kinds", S, "", "kinds of its loads, sorted, comma-separated"),
    Column("load_cached_total_s", K.FLOAT, "s", "total of its cached loads"),
    Column("load_unknown_s", K.FLOAT, "s", "total of loads of unknown kind"),
    Column("stage_text_encode_s", K.FLOAT, "s", "text encoder stage"),
    Column("stage_denoise_s", K.FLOAT, "s", "denoising stage"),
    Column("stage_decode_s", K.FLOAT, "s", "VAE decoder stage"),
    Column("peak_footprint_at_s", K.FLOAT, "s", "when the footprint peaked"),
    Column("memory_ram_bytes", K.INT, "bytes", "RAM the memory figures refer to"),
    Column("memory_source", S, "", "what memory was read from"),
    Column("memory_compressed_peak_bytes", K.INT, "bytes", "peak of the system's compressed memory"),
    Column("memory_swap_peak_bytes", K.INT, "bytes", "peak of the system's swap used"),
    Column("cpu_process_peak_percent", K.FLOAT, "percent", "the app's CPU peak"),
    Column("cpu_process_mean_percent", K.FLOAT, "percent", "the app's mean CPU"),
    Column("cpu_system_peak_percent", K.FLOAT, "percent", "system CPU peak"),
    Column("cpu_system_mean_percent", K.FLOAT, "percent", "system CPU mean, time-weighted"),
    Column("cpu_source", S, "", "what CPU was read from"),
    Column("ane_busy_s", K.FLOAT, "s", "Neural Engine busy time"),
    Column("ane_intervals", K.INT, "", "Neural Engine intervals"),
    Column("gpu_busy_fraction", K.FLOAT, "fraction", "GPU busy share"),
    Column("thermal_worst", S, "", "worst thermal state"),
    Column("thermal_start", S, "", "thermal state at the recording's start"),
    Column("thermal_end", S, "", "thermal state at the recording's end"),
    Column("unavailable", K.MAP, "", "figure -> why it is unavailable"),
)
RUNS: tuple[Column, ...] = RUN_COLUMNS + LAUNCH_COLUMNS

SAMPLES: tuple[Column, ...] = (
    Column("run_id", S, "", "the run (join with runs)"),
    Column("recording", K.INT, "", "1-based recording number"),
    Column("launch", K.INT, "", "1-based launch number in the recording"),
    Column("metric", S, "", "step_s, load_s or load_start_s"),
    Column("index", K.INT, "", "1-based step number, or load number in the launch"),
    Column("value", K.FLOAT, "", "the sample, in unit"),
    Column("unit", S, "", "s"),
    Column("model", S, "", "loads: the model loaded"),
    Column("kind", S, "", "loads: uncached, cached or unknown"),
    Column("kind_from", S, "", "loads: what decided the kind (text, absolute, relative)"),
    Column("source", S, "", "what the sample was read from"),
)


class Metric(StrEnum):
    """The ``metric`` values of ``samples``."""

    STEP = "step_s"  # one denoising step's latency, step 1 included
    LOAD = "load_s"  # one model load's duration
    LOAD_START = "load_start_s"  # when that load started, from the recording's start


@cache
def arrow_schema(columns: tuple[Column, ...]) -> pa.Schema:
    import pyarrow as pa

    types = {Kind.STRING: pa.string(), Kind.FLOAT: pa.float64(), Kind.INT: pa.int64(),
             Kind.BOOL: pa.bool_(), Kind.TIME: pa.timestamp("us", tz="UTC"),
             Kind.MAP: pa.map_(pa.string(), pa.string())}
    return pa.schema([pa.field(c.name, types[c.kind]) for c in columns])
