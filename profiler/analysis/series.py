"""The chart series of a recording: every frame declared once (columns, dtypes, units).

The analysis builds these frames and the reports draw them; both read the declarations here,
so a frame's shape is written down in one place. :func:`empty_frame` gives a frame with the
declared columns and no rows, for a recording without that data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from profiler.analysis.summary import Unavailable


class Frame(StrEnum):
    """The names of the series frames (keys of :attr:`RecordingSeries.frames`)."""

    LOADS = "loads"
    PREDICTIONS = "predictions"
    STEPS = "steps"
    STAGES = "stages"
    ANE = "ane"
    GPU = "gpu"
    MEMORY = "memory"
    SYSTEM_MEMORY = "system_memory"
    CPU = "cpu"
    SYSTEM_CPU = "system_cpu"
    THERMAL = "thermal"
    SIGNPOSTS = "signposts"


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # a pandas dtype: int64 (no missing values), Int64 (nullable), float64, string
    unit: str  # what a value means; times count from the recording's start


_START = Column("start_ns", "int64", "ns from the recording start")
_DURATION = Column("duration_ns", "int64", "ns")
_FRAMEWORK = Column("framework", "string", "core-ml or core-ai (who ran the model)")
_TIME = Column("time_ns", "int64", "ns from the recording start (sample time)")

#: Every frame's columns, in order.
FRAMES: dict[Frame, tuple[Column, ...]] = {
    Frame.LOADS: (Column("model", "string", "model name"),
                  Column("kind", "string", "uncached, cached or unknown"), _START, _DURATION,
                  _FRAMEWORK),
    Frame.PREDICTIONS: (Column("model", "string", "model name"), _START, _DURATION, _FRAMEWORK),
    Frame.STEPS: (Column("step", "int64", "1-based step number"), _START, _DURATION),
    Frame.STAGES: (Column("stage", "string", "text_encode, denoise, decode, …"), _START,
                   _DURATION),
    Frame.ANE: (_START, _DURATION, Column("label", "string", "the interval's label")),
    Frame.GPU: (_START, _DURATION),
    Frame.MEMORY: (_TIME, Column("footprint_bytes", "int64", "bytes (the app's footprint)")),
    Frame.SYSTEM_MEMORY: (_TIME, Column("used_bytes", "Int64", "bytes"),
                          Column("compressed_bytes", "Int64", "bytes"),
                          Column("swap_bytes", "Int64", "bytes")),
    Frame.CPU: (_TIME, Column("process_percent", "float64", "% (100 % = one core)")),
    Frame.SYSTEM_CPU: (_TIME, Column("system_percent", "float64", "% (100 % = one core)")),
    Frame.THERMAL: (_START, _DURATION, Column("state", "string", "Nominal … Critical")),
    Frame.SIGNPOSTS: (Column("name", "string", "the app's interval name (load, unetStep, …)"),
                      _START, _DURATION),
}


def empty_frame(frame: Frame | str) -> pd.DataFrame:
    """A frame with ``frame``'s declared columns and dtypes, and no rows."""
    import pandas as pd

    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in FRAMES[Frame(frame)]})


def column_names(frame: Frame | str) -> list[str]:
    return [c.name for c in FRAMES[Frame(frame)]]


@dataclass(frozen=True, eq=False)
class RecordingSeries:
    """Time series for charts, one set per recording: a frame per :class:`Frame` (see
    :data:`FRAMES`; every frame may be empty), the tables used and the tables missing, the
    denoising windows (start_ns, end_ns) the step figures were measured over, and the tables
    used that were decoded from a ``.trace`` bundle by a mapping no real export has confirmed
    (``LoadedRecording.unverified``; docs/bundles.md)."""

    name: str
    frames: dict[str, pd.DataFrame]
    tables_used: tuple[str, ...] = ()
    tables_missing: tuple[Unavailable, ...] = ()
    denoise_windows_ns: tuple[tuple[int, int], ...] = ()
    tables_unverified: tuple[str, ...] = ()


def conform(frame: Frame | str, data: pd.DataFrame) -> pd.DataFrame:
    """``data``'s declared columns of ``frame``, in order, cast to their declared dtypes."""
    columns = FRAMES[Frame(frame)]
    return data[[c.name for c in columns]].astype({c.name: c.dtype for c in columns})
