"""Denoising steps and pipeline stages, from the best source the recording has.

Sources, in order: the app's own signposts (category ``profiler``, docs/instrumenting-your-app.md),
then UNet ``Prediction`` events in the Core ML table, then clusters of Neural Engine
intervals. Step 1 is reported apart: median, p90 and max cover steps 2..N.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.ane_steps import from_ane
from profiler.analysis.context import NS, Context
from profiler.analysis.loads import CoreMLEvents, predictions
from profiler.analysis.step_result import (
    UNET,
    StepResult,
    denoise_rows,
    empty,
    numbered,
    step_stats,
)
from profiler.analysis.summary import Stages, Unavailable
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

_TEXT_ENCODER = re.compile(r"text.?encoder", re.I)
_DECODER = re.compile(r"decoder", re.I)


def app_signposts(ctx: Context) -> tuple[pd.DataFrame, str] | None:
    """The app's intervals in category ``profiler``: name, start_ns, duration_ns, message."""
    import pandas as pd

    opened = ctx.open("steps (app signposts)", Role.APP_SIGNPOSTS)
    if opened is None:
        return None
    schema, cols, raw = opened.schema, opened.cols, opened.raw
    frame = pd.DataFrame(
        {
            "name": C.texts(raw, cols["name"]),
            "category": C.texts(raw, cols["category"]),
            "start_ns": C.ns(raw, cols["start"]),
            "duration_ns": C.ns(raw, cols["duration"]).fillna(0),
            "message": C.texts(raw, cols["message"]) if "message" in cols else "",
        }
    )
    keep = (frame["category"] == SIGNPOST_CATEGORY) & frame["name"].isin(INTERVAL_NAMES)
    # Other apps may follow the same convention: keep only the app's own intervals.
    if "process" in cols and ctx.app_pid is not None:
        keep &= (C.pids(raw, cols["process"]) == ctx.app_pid).fillna(False)
    elif "process" in cols and ctx.app_name:
        keep &= C.process_names(raw, cols["process"]) == ctx.app_name
    frame = frame[keep.fillna(False)].dropna(subset=["start_ns"])
    if frame.empty:
        ctx.skip(
            Unavailable(
                "steps (app signposts)",
                f"not available: {schema} has no intervals in category '{SIGNPOST_CATEGORY}' "
                f"from the app (see docs/instrumenting-your-app.md)",
            )
        )
        return None
    ctx.use(schema)
    used = {k: v for k, v in cols.items() if k in ("start", "duration", "name", "category")}
    return frame.sort_values("start_ns", kind="stable"), C.source(schema, used)


def find_steps(ctx: Context, events: CoreMLEvents | None, ane: pd.DataFrame | None,
               ane_source: str | None) -> StepResult:
    """Steps and stages from the first source that has them."""
    signposts = app_signposts(ctx)
    if signposts is not None:
        frame, source = signposts
        steps = frame[frame["name"] == INTERVAL_UNET_STEP]
        if not steps.empty:
            return _from_app(frame, source)
    if events is not None:
        result = _from_coreml(events)
        if result is not None:
            return result
        ctx.skip(Unavailable("steps (Core ML)", "not available: no UNet Prediction events in "
                             f"{catalog.main(Role.CORE_ML).name}"))
    if ane is not None and not ane.empty and ane_source is not None:
        result = from_ane(ane, ane_source)
        if result is not None:
            return result
    ctx.skip(Unavailable("steps", "not available: no app signposts in category "
                         f"'{SIGNPOST_CATEGORY}', no UNet predictions and no Neural Engine intervals"))
    return empty()


def _from_app(frame: pd.DataFrame, source: str) -> StepResult:
    import pandas as pd

    steps = frame[frame["name"] == INTERVAL_UNET_STEP]
    step_frame = numbered(steps["start_ns"], steps["duration_ns"])
    generate = frame[frame["name"] == INTERVAL_GENERATE]
    windows = _windows(step_frame, generate)
    stage_names = {INTERVAL_TEXT_ENCODE: "text_encode", INTERVAL_VAE_DECODE: "decode",
                   INTERVAL_SAFETY_CHECK: "safety_check", INTERVAL_LOAD: "load"}
    stage_rows = frame[frame["name"].isin(stage_names)]
    stage_frame = pd.DataFrame({
        "stage": stage_rows["name"].map(stage_names).astype("string"),
        "start_ns": stage_rows["start_ns"].astype("int64"),
        "duration_ns": stage_rows["duration_ns"].astype("int64"),
    })
    stage_frame = pd.concat([stage_frame, denoise_rows(windows)], ignore_index=True)
    stages = Stages(
        text_encode_s=_sum_s(frame, INTERVAL_TEXT_ENCODE),
        denoise_s=sum(e - s for s, e in windows) / NS,
        decode_s=_sum_s(frame, INTERVAL_VAE_DECODE),
    )
    loads = frame[frame["name"] == INTERVAL_LOAD]
    app_loads = pd.DataFrame({
        "model": "pipeline",
        "start_ns": loads["start_ns"], "duration_ns": loads["duration_ns"],
    })
    return StepResult(step_stats(step_frame, windows, source), stages,
                      step_frame, stage_frame.sort_values("start_ns", kind="stable"),
                      (windows[0][0], windows[-1][1]), app_loads, tuple(windows))


def _from_coreml(events: CoreMLEvents) -> StepResult | None:
    import pandas as pd

    preds = predictions(events)
    unet = preds[preds["model"].str.contains(UNET)]
    if unet.empty:
        return None
    groups = _group_unet(unet)
    starts = [int(unet["start_ns"].iloc[g[0]]) for g in groups]
    ends = [int((unet["start_ns"] + unet["duration_ns"]).iloc[g].max()) for g in groups]
    step_frame = numbered(pd.Series(starts), pd.Series([e - s for s, e in zip(starts, ends,
                                                                               strict=True)]))
    windows = [(starts[0], ends[-1])]
    label = {1: "one prediction per step"}.get(len(groups[0]), f"{len(groups[0])} predictions "
                                               "per step (classifier-free guidance pair or chunks)")
    source = f"{events.source} UNet Prediction events, {label}"
    rows = []
    for stage, pattern in (("text_encode", _TEXT_ENCODER), ("decode", _DECODER)):
        part = preds[preds["model"].str.contains(pattern)]
        rows += [(stage, int(s), int(d)) for s, d in zip(part["start_ns"], part["duration_ns"],
                                                         strict=True)]
    stage_frame = pd.concat([
        pd.DataFrame(rows, columns=["stage", "start_ns", "duration_ns"]), denoise_rows(windows)
    ], ignore_index=True)
    te = preds[preds["model"].str.contains(_TEXT_ENCODER)]["duration_ns"]
    dec = preds[preds["model"].str.contains(_DECODER)]["duration_ns"]
    stages = Stages(
        text_encode_s=float(te.sum()) / NS if len(te) else None,
        denoise_s=(ends[-1] - starts[0]) / NS,
        decode_s=float(dec.sum()) / NS if len(dec) else None,
    )
    return StepResult(step_stats(step_frame, windows, source), stages, step_frame,
                      stage_frame.sort_values("start_ns", kind="stable"), windows[0],
                      windows=tuple(windows))


def _group_unet(unet: pd.DataFrame) -> list[list[int]]:
    """Indices of the predictions making up each step.

    Chunked UNets (several model names) make one step per cycle through the chunks. One model
    predicting twice back to back per step is the classifier-free-guidance pair: detected when
    the gap inside each candidate pair is clearly shorter than the gap between pairs.
    """
    names = list(unet["model"])
    n = len(names)
    if len(set(names)) > 1:
        first = names[0]
        heads = [i for i, name in enumerate(names) if name == first]
        return [list(range(h, nxt)) for h, nxt in zip(heads, [*heads[1:], n], strict=True)]
    if n >= 4 and n % 2 == 0:
        start = unet["start_ns"].astype("int64").to_numpy()
        end = start + unet["duration_ns"].astype("int64").to_numpy()
        gaps = start[1:] - end[:-1]
        inside, between = gaps[0::2], gaps[1::2]
        wins = sum(int(inside[i] < between[i]) for i in range(len(between)))
        import numpy as np

        if wins >= 0.8 * len(between) and np.median(inside) * 2 < np.median(between):
            return [[i, i + 1] for i in range(0, n, 2)]
    return [[i] for i in range(n)]


# ---- helpers -------------------------------------------------------------------------------------

def _windows(step_frame: pd.DataFrame, generate: pd.DataFrame) -> list[tuple[int, int]]:
    """Denoising loop(s): per `generate` interval holding steps, else first to last step."""
    ends = step_frame["start_ns"] + step_frame["duration_ns"]
    out = []
    for g_start, g_dur in zip(generate["start_ns"], generate["duration_ns"], strict=True):
        inside = (step_frame["start_ns"] >= g_start) & (ends <= g_start + g_dur)
        if inside.any():
            out.append((int(step_frame["start_ns"][inside].min()), int(ends[inside].max())))
    if not out:
        out = [(int(step_frame["start_ns"].min()), int(ends.max()))]
    return sorted(out)


def _sum_s(frame: pd.DataFrame, name: str) -> float | None:
    rows = frame[frame["name"] == name]["duration_ns"]
    return float(rows.sum()) / NS if len(rows) else None
