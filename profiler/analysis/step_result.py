"""What every step source finds (:class:`StepResult`), and the helpers each source builds it with.

Below :mod:`profiler.analysis.steps` (which picks the source) and
:mod:`profiler.analysis.ane_steps` (the Neural Engine fallback), so neither imports the other
for it. :func:`p90` is the one 90th-percentile definition of the package.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from profiler.analysis.context import NS
from profiler.analysis.series import Frame, empty_frame
from profiler.analysis.summary import Stages, Steps

if TYPE_CHECKING:
    import pandas as pd

UNET = re.compile(r"unet", re.I)


@dataclass(frozen=True)
class StepResult:
    steps: Steps | None
    stages: Stages | None
    #: step (1-based), start_ns, duration_ns
    step_frame: pd.DataFrame
    #: stage, start_ns, duration_ns
    stage_frame: pd.DataFrame
    #: (first step start, last step end) in ns, or None
    window: tuple[int, int] | None
    #: app `load` intervals (start_ns, duration_ns, model) when the app signposted them
    app_loads: pd.DataFrame | None = None
    #: every denoising loop (start_ns, end_ns): one per app `generate` interval, else one span
    windows: tuple[tuple[int, int], ...] = ()


def numbered(start: pd.Series, duration: pd.Series) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({
        "step": range(1, len(start) + 1),
        "start_ns": start.astype("int64").to_numpy(),
        "duration_ns": duration.astype("int64").to_numpy(),
    })


def denoise_rows(windows: list[tuple[int, int]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"stage": ["denoise"] * len(windows),
                         "start_ns": [s for s, _ in windows],
                         "duration_ns": [e - s for s, e in windows]})


def p90(values: Sequence[float]) -> float:
    """The 90th percentile, linearly interpolated between order statistics (numpy's default)."""
    import numpy as np

    return float(np.percentile(np.asarray(values, dtype=float), 90))


def step_stats(step_frame: pd.DataFrame, windows: list[tuple[int, int]], source: str) -> Steps:
    import numpy as np

    durations = step_frame["duration_ns"].to_numpy(dtype=float) / NS
    rest = durations[1:] if len(durations) > 1 else durations
    loop_s = sum(e - s for s, e in windows) / NS
    return Steps(
        count=len(durations),
        first_s=float(durations[0]),
        median_s=float(np.median(rest)),
        p90_s=p90(rest),
        max_s=float(rest.max()),
        steps_per_s=len(durations) / loop_s if loop_s > 0 else None,
        source=source,
        durations_s=tuple(float(d) for d in durations),
    )


def empty() -> StepResult:
    """No steps found: empty step and stage frames."""
    return StepResult(None, None, empty_frame(Frame.STEPS), empty_frame(Frame.STAGES), None)
