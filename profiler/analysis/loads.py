"""Core ML events (the catalog's ``Role.CORE_ML`` table): model loads, unloads and predictions.

Model names carry a numeric instance suffix (``Unet-3``) which is stripped. Sub-model events
(model level ``sub``: a pipeline's parts, nested in the parent's event) are never counted on
top of the parent's. An event whose text names an unload is never a load (no real unload string
is known: ``Unload`` is a guess). Kinds are decided over the whole run
(:mod:`profiler.analysis.load_kinds`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import Context
from profiler.analysis.values import LoadKind
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

_SUFFIX = re.compile(r"-\d+$")
_LOAD = re.compile(r"load|compil|prepar|specializ", re.I)
_UNLOAD = re.compile(r"unload", re.I)
_NOT_LOAD = re.compile(r"request|predict|inference|unload", re.I)
_UNCACHED = re.compile(r"uncached|not cached|no cache|cache miss|compil|prepar|specializ|first", re.I)
_CACHED = re.compile(r"cached|from cache|cache hit", re.I)
#: Core ML ``Prediction`` events and Core AI ``Inference`` rows (:mod:`profiler.analysis.coreai`)
_PREDICTION = re.compile(r"predict|^inference$", re.I)


def strip_suffix(name: str) -> str:
    """``Unet-3`` → ``Unet``."""
    return _SUFFIX.sub("", name.strip())


@dataclass(frozen=True)
class CoreMLEvents:
    """The app's top-level Core ML rows: model, event, text, start_ns, duration_ns, pid (NA
    without a process column), launch (assigned later). ``subs`` counts the sub-model rows
    left out, ``others`` the rows of other processes."""

    frame: pd.DataFrame
    source: str
    has_process: bool
    subs: int = 0
    others: int = 0


def read_all(ctx: Context) -> tuple[pd.DataFrame, str, bool] | None:
    """Every top-level row of every process: the frame above plus ``name`` (process name)."""
    import pandas as pd

    opened = ctx.open("loads", Role.CORE_ML)
    if opened is None:
        return None
    schema, cols, raw = opened.schema, opened.cols, opened.raw
    ctx.use(schema)
    event = C.texts(raw, cols["event"])
    text = event
    if "message" in cols:
        text = (event + " " + C.texts(raw, cols["message"])).str.strip()
    frame = pd.DataFrame({
        "model": C.texts(raw, cols["model"]).map(strip_suffix),
        "event": event, "text": text,
        "start_ns": C.ns(raw, cols["start"]), "duration_ns": C.ns(raw, cols["duration"]),
    })
    has_process = "process" in cols
    frame["pid"] = C.pids(raw, cols["process"]) if has_process else pd.array(
        [pd.NA] * len(raw), dtype="Int64")
    frame["name"] = C.process_names(raw, cols["process"]) if has_process else ""
    sub = pd.Series(False, index=frame.index)
    if "level" in cols:
        sub |= C.texts(raw, cols["level"]).str.strip().str.lower() == "sub"
    elif "parent" in cols:
        sub |= C.texts(raw, cols["parent"]).str.strip() != ""
    frame["sub"] = sub.to_numpy()
    frame = frame.dropna(subset=["start_ns"]).sort_values("start_ns", kind="stable")
    frame["duration_ns"] = frame["duration_ns"].fillna(0)
    used = {k: v for k, v in cols.items() if k not in ("parent",)}
    frame["framework"] = "core-ml"
    return frame.reset_index(drop=True), C.source(schema, used), has_process


def app_events(everything: tuple[pd.DataFrame, str, bool], pids: tuple[int, ...]) -> CoreMLEvents:
    """The app's top-level rows: by pid when the table has a process column (system daemons
    and other apps use Core ML too), else every row (the table cannot tell them apart)."""
    frame, source, has_process = everything
    subs = int(frame["sub"].sum())
    top = frame[~frame["sub"]]
    others = 0
    if has_process and pids:
        mine = top["pid"].isin(pids).fillna(False).to_numpy(bool)
        others = int((~mine).sum())
        top = top[mine]
    top = top.drop(columns=["sub"]).assign(source=source)
    return CoreMLEvents(top.reset_index(drop=True), source, has_process, subs, others)


def combined(coreml: CoreMLEvents | None, coreai: CoreMLEvents | None) -> CoreMLEvents | None:
    """Core ML and Core AI events of one recording in one frame (``framework`` and ``source``
    columns tell them apart), in time order."""
    import pandas as pd

    if coreml is None or coreai is None:
        return coreml or coreai
    frame = pd.concat([coreml.frame, coreai.frame], ignore_index=True)
    frame = frame.sort_values("start_ns", kind="stable").reset_index(drop=True)
    return CoreMLEvents(frame, f"{coreml.source}; {coreai.source}", coreml.has_process,
                        coreml.subs + coreai.subs, coreml.others + coreai.others)


def raw_loads(events: CoreMLEvents) -> pd.DataFrame:
    """Load events: model, start_ns, duration_ns, text, text_kind (a LoadKind or None), launch."""
    frame = events.frame
    is_load = frame["text"].str.contains(_LOAD) & ~frame["event"].str.contains(_NOT_LOAD)
    loads = frame[is_load].copy()
    loads["text_kind"] = [kind_from_text(t) for t in loads["text"]]
    return loads.reset_index(drop=True)


def unloads(events: CoreMLEvents) -> pd.DataFrame:
    """Unload events (never loads): model, start_ns, duration_ns, launch."""
    frame = events.frame
    return frame[frame["event"].str.contains(_UNLOAD)].reset_index(drop=True)


def kind_from_text(text: str) -> LoadKind | None:
    if _UNCACHED.search(text):
        return LoadKind.UNCACHED
    if _CACHED.search(text):
        return LoadKind.CACHED
    return None


def predictions(events: CoreMLEvents) -> pd.DataFrame:
    """Top-level prediction events: model, start_ns, duration_ns (and launch when assigned)."""
    frame = events.frame
    rows = frame[frame["event"].str.contains(_PREDICTION)]
    keep = [c for c in ("model", "start_ns", "duration_ns", "launch", "framework") if c in rows]
    return rows[keep].reset_index(drop=True)
