"""Thermal state timeline and worst state, from the catalog's ``Role.THERMAL`` table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import Context
from profiler.analysis.series import Frame, empty_frame
from profiler.analysis.summary import Thermal
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

#: Apple's ProcessInfo.ThermalState order, coolest first (the one thermal order of the package);
#: "Unknown" never counts as worse.
ORDER = ("Nominal", "Fair", "Serious", "Critical")
#: States in which the device throttles (lower case, as :func:`rank` compares).
HOT_STATES = ("serious", "critical")


def rank(state: str | None) -> int:
    """A state's place in :data:`ORDER`, whatever its case; -1 for an unknown state."""
    names = [s.lower() for s in ORDER]
    key = (state or "").lower()
    return names.index(key) if key in names else -1


def summarise(ctx: Context) -> tuple[Thermal | None, pd.DataFrame, str | None]:
    """The worst state, the `thermal` series frame (start_ns, duration_ns, state), the source."""
    import pandas as pd

    empty = empty_frame(Frame.THERMAL)
    opened = ctx.open("thermal", Role.THERMAL)
    if opened is None:
        return None, empty, None
    schema, cols, raw = opened.schema, opened.cols, opened.raw
    frame = pd.DataFrame({
        "start_ns": C.ns(raw, cols["start"]),
        "duration_ns": C.ns(raw, cols["duration"]).fillna(0) if "duration" in cols else 0,
        "state": C.texts(raw, cols["state"]),
    }).dropna(subset=["start_ns"]).sort_values("start_ns", kind="stable")
    frame = frame.astype({"start_ns": "int64", "duration_ns": "int64"})
    ctx.use(schema)
    ranks = [ORDER.index(s) for s in frame["state"] if s in ORDER]  # as Instruments spells them
    worst = ORDER[max(ranks)] if ranks else None
    states = [s for s in frame["state"] if isinstance(s, str) and s]
    # The first and last intervals are the states the recording started and ended in.
    return (Thermal(worst=worst, start=states[0] if states else None,
                    end=states[-1] if states else None),
            frame.reset_index(drop=True), C.source(schema, cols))
