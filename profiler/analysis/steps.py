"""Denoising steps and pipeline stages, from the best source the recording has.

Sources, in order: the app's own signposts (category ``profiler``, docs/instrumenting-your-app.md),
then UNet ``Prediction`` events in the Core ML table (:mod:`profiler.analysis.unet`), then
clusters of Neural Engine intervals. Steps are grouped into loops, one per image
(:mod:`profiler.analysis.loops`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis import launches as L
from profiler.analysis import loops as LP
from profiler.analysis import unet as U
from profiler.analysis.ane_steps import from_ane
from profiler.analysis.context import Context
from profiler.analysis.loads import CoreMLEvents, predictions
from profiler.analysis.series import Frame, conform, empty_frame
from profiler.analysis.values import Unavailable
from profiler.trace import catalog
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

#: The app signpost convention (docs/instrumenting-your-app.md); a test keeps the doc in step.
SIGNPOST_CATEGORY = "profiler"
INTERVAL_LOAD = "load"
INTERVAL_TEXT_ENCODE = "textEncode"
INTERVAL_UNET_STEP = "unetStep"
INTERVAL_VAE_DECODE = "vaeDecode"
INTERVAL_SAFETY_CHECK = "safetyCheck"
INTERVAL_GENERATE = "generate"
INTERVAL_NAMES = (
    INTERVAL_LOAD, INTERVAL_TEXT_ENCODE, INTERVAL_UNET_STEP,
    INTERVAL_VAE_DECODE, INTERVAL_SAFETY_CHECK, INTERVAL_GENERATE,
)
_STAGES = {INTERVAL_TEXT_ENCODE: "text_encode", INTERVAL_VAE_DECODE: "decode",
           INTERVAL_SAFETY_CHECK: "safety_check", INTERVAL_LOAD: "load"}
_TOTAL = re.compile(r"total=\s*(\d{1,6})")
_TEXT_ENCODER = re.compile(r"text.?encoder", re.I)
_DECODER = re.compile(r"decoder", re.I)
_SWAP = re.compile(r"load|compil|prepar", re.I)
#: what a UNet event is called in each framework's table (step sources name it)
_EVENT_WORD = {"core-ml": "Prediction", "core-ai": "Inference"}


@dataclass(frozen=True, eq=False)
class StepResult:
    source: str | None
    loops: tuple[LP.Loop, ...]
    #: stage, start_ns, duration_ns (the chart's stage rows, denoise windows included)
    stage_frame: pd.DataFrame
    #: the app's `load` intervals (model, start_ns, duration_ns) when it signposted them
    app_loads: pd.DataFrame | None = None


def read_signposts(ctx: Context) -> tuple[pd.DataFrame, str] | None:
    """Every process's intervals in category ``profiler``: name, start_ns, duration_ns,
    message, pid (NA without a process column), name of the process (``pname``)."""
    import pandas as pd

    opened = ctx.open("steps (app signposts)", Role.APP_SIGNPOSTS)
    if opened is None:
        return None
    cols, raw = opened.cols, opened.raw
    frame = pd.DataFrame({
        "name": C.texts(raw, cols["name"]), "category": C.texts(raw, cols["category"]),
        "start_ns": C.ns(raw, cols["start"]), "duration_ns": C.ns(raw, cols["duration"]).fillna(0),
        "message": C.texts(raw, cols["message"]) if "message" in cols else "",
        "pid": C.pids(raw, cols["process"]) if "process" in cols
        else pd.array([pd.NA] * len(raw), dtype="Int64"),
        "pname": C.process_names(raw, cols["process"]) if "process" in cols else "",
    })
    keep = (frame["category"] == SIGNPOST_CATEGORY) & frame["name"].isin(INTERVAL_NAMES)
    frame = frame[keep.fillna(False)].dropna(subset=["start_ns"])
    used = {k: v for k, v in cols.items() if k in ("start", "duration", "name", "category")}
    frame.attrs["has_process"] = "process" in cols
    return frame.sort_values("start_ns", kind="stable"), C.source(opened.schema, used)


def app_signposts(ctx: Context, found: tuple[pd.DataFrame, str] | None) -> pd.DataFrame | None:
    """The app's own intervals (other apps may follow the same convention)."""
    if found is None:
        return None
    frame, _ = found
    if frame.attrs.get("has_process"):
        if ctx.app_pids:
            frame = frame[frame["pid"].isin(ctx.app_pids).fillna(False)]
        elif ctx.app_name:
            frame = frame[frame["pname"] == ctx.app_name]
        else:
            frame = frame.iloc[0:0]  # the app is not known: another app's intervals would count
    if frame.empty:
        ctx.skip(Unavailable("steps (app signposts)", f"not available: "
                             f"{catalog.main(Role.APP_SIGNPOSTS).name} has no intervals in "
                             f"category '{SIGNPOST_CATEGORY}' from the app (see "
                             "docs/instrumenting-your-app.md)"))
        return None
    ctx.use(catalog.main(Role.APP_SIGNPOSTS).name)
    return frame


def find_steps(ctx: Context, signposts: tuple[pd.DataFrame | None, str],
               events: CoreMLEvents | None, ane: pd.DataFrame | None, ane_source: str | None,
               spans: list[L.Span], killed: set[int]) -> StepResult:
    """Steps, grouped into loops, from the first source that has them."""
    mine, source = signposts
    result = None
    if mine is not None and (mine["name"] == INTERVAL_UNET_STEP).any():
        result = _from_app(mine, source, spans)
    if result is None and events is not None:
        result = _from_coreml(events, spans)
        if result is None:
            ctx.skip(Unavailable("steps (Core ML)", "not available: no UNet Prediction events "
                                 f"in {catalog.main(Role.CORE_ML).name}"))
    if result is None and ane is not None and not ane.empty and ane_source is not None:
        result = _from_ane(ane, ane_source, spans)
    if result is None:
        ctx.skip(Unavailable("steps", "not available: no app signposts in category "
                             f"'{SIGNPOST_CATEGORY}', no UNet predictions and no Neural Engine "
                             "intervals"))
        return StepResult(None, (), empty_frame(Frame.STAGES))
    loops = tuple(LP.mark_cut_short(result.loops, killed))
    return StepResult(result.source, loops, _with_windows(result.stage_frame, loops),
                      result.app_loads)


def _launch_of(frame: pd.DataFrame, spans: list[L.Span]) -> pd.Series:
    import pandas as pd

    pids = frame["pid"] if "pid" in frame else None
    return pd.Series(L.assign(spans, frame["start_ns"], pids), index=frame.index)


def _from_app(frame: pd.DataFrame, source: str, spans: list[L.Span]) -> StepResult:
    import numpy as np
    import pandas as pd

    frame = frame.assign(launch=_launch_of(frame, spans))
    steps = frame[frame["name"] == INTERVAL_UNET_STEP].reset_index(drop=True)
    starts = steps["start_ns"].to_numpy(np.int64)
    ends = starts + steps["duration_ns"].to_numpy(np.int64)
    generate = frame[frame["name"] == INTERVAL_GENERATE]
    g_start = generate["start_ns"].to_numpy(np.int64)
    g_end = g_start + generate["duration_ns"].to_numpy(np.int64)
    # the `generate` interval holding each step (-1: none, e.g. an image cut short)
    k = np.searchsorted(g_start, starts, side="right") - 1
    inside = (k >= 0) & (ends <= g_end[np.maximum(k, 0)]) if len(g_end) else k >= 0
    seps = frame[frame["name"].isin(_STAGES)]["start_ns"].to_numpy(np.int64)
    loop = LP.breaks(starts, ends, steps["launch"].to_numpy(), seps, np.where(inside, k, -1))
    planned = steps["message"].str.extract(_TOTAL, expand=False)
    loops = LP.build(steps, loop, pd.to_numeric(planned, errors="coerce"))
    loops = LP.with_stages(loops, frame[frame["name"] == INTERVAL_TEXT_ENCODE],
                           frame[frame["name"] == INTERVAL_VAE_DECODE])
    stage_rows = frame[frame["name"].isin(_STAGES)]
    stage_frame = pd.DataFrame({"stage": stage_rows["name"].map(_STAGES).astype("string"),
                                "start_ns": stage_rows["start_ns"].astype("int64"),
                                "duration_ns": stage_rows["duration_ns"].astype("int64")})
    loads = frame[frame["name"] == INTERVAL_LOAD]
    app_loads = pd.DataFrame({"model": "pipeline", "start_ns": loads["start_ns"],
                              "duration_ns": loads["duration_ns"], "launch": loads["launch"]})
    return StepResult(source, tuple(loops), stage_frame, app_loads)


def _from_coreml(events: CoreMLEvents, spans: list[L.Span]) -> StepResult | None:
    import numpy as np
    import pandas as pd

    preds = predictions(events)
    models, by_name = U.unet_models(preds)
    if not models:
        return None
    is_unet = preds["model"].isin(models)
    unet = preds[is_unet].reset_index(drop=True)
    starts = unet["start_ns"].to_numpy(np.int64)
    ends = starts + unet["duration_ns"].to_numpy(np.int64)
    frame = events.frame
    # other models' predictions, and loads and unloads, end a loop (inner events do not)
    swaps = frame["event"].str.contains(_SWAP)
    others = np.concatenate([preds.loc[~is_unet, "start_ns"].to_numpy(np.int64),
                             frame.loc[swaps, "start_ns"].to_numpy(np.int64)])
    loop = LP.breaks(starts, ends, unet["launch"].to_numpy(), others)
    step_frame, widest = U.steps_of(unet, loop)
    loops = LP.build(step_frame, step_frame["loop"].to_numpy())
    te = preds[preds["model"].str.contains(_TEXT_ENCODER)]
    dec = preds[preds["model"].str.contains(_DECODER)]
    loops = LP.with_stages(loops, te, dec)
    label = "one prediction per step" if widest == 1 else (
        f"{widest} predictions per step (classifier-free guidance halves or chunks)")
    told = "" if by_name else ", the UNet told by its prediction count"
    stage_frame = pd.concat([
        pd.DataFrame({"stage": "text_encode", "start_ns": te["start_ns"],
                      "duration_ns": te["duration_ns"]}),
        pd.DataFrame({"stage": "decode", "start_ns": dec["start_ns"],
                      "duration_ns": dec["duration_ns"]})], ignore_index=True)
    what = " / ".join(sorted({_EVENT_WORD.get(f, "Prediction") for f in unet.get(
        "framework", pd.Series(["core-ml"]))}))
    return StepResult(f"{events.source} UNet {what} events, {label}{told}", tuple(loops),
                      stage_frame)


def _from_ane(ane: pd.DataFrame, source: str, spans: list[L.Span]) -> StepResult | None:
    found = from_ane(ane, source)
    if found is None:
        return None
    frame, label = found
    launch = L.by_time(spans, frame["start_ns"].to_numpy())
    frame = frame.assign(launch=launch)
    loop = LP.breaks(frame["start_ns"].to_numpy(), (frame["start_ns"] + frame["duration_ns"])
                     .to_numpy(), launch, frame["start_ns"].to_numpy()[:0])
    return StepResult(label, tuple(LP.build(frame, loop)), empty_frame(Frame.STAGES))


def _with_windows(stage_frame: pd.DataFrame, loops: tuple[LP.Loop, ...]) -> pd.DataFrame:
    import pandas as pd

    wins = LP.windows(loops)
    denoise = pd.DataFrame({"stage": ["denoise"] * len(wins), "start_ns": [s for s, _ in wins],
                            "duration_ns": [e - s for s, e in wins]})
    out = pd.concat([stage_frame, denoise], ignore_index=True) if len(stage_frame) else denoise
    return out.sort_values("start_ns", kind="stable").reset_index(drop=True)


def step_frame(loops: tuple[LP.Loop, ...]) -> pd.DataFrame:
    """The chart's step rows: step (1-based over the recording), start_ns, duration_ns."""
    import pandas as pd

    starts = [s for lp in loops for s in lp.starts]
    durations = [d for lp in loops for d in lp.durations]
    return pd.DataFrame({"step": range(1, len(starts) + 1), "start_ns": starts,
                         "duration_ns": durations}).astype("int64")


def signpost_frame(mine: pd.DataFrame | None) -> pd.DataFrame:
    """The app's own intervals (category ``profiler``) as they are: name, start_ns,
    duration_ns (the Perfetto timeline shows them beside the steps derived from them)."""
    if mine is None:
        return empty_frame(Frame.SIGNPOSTS)
    return conform(Frame.SIGNPOSTS, mine)
