"""Core ML events (the catalog's ``Role.CORE_ML`` table): model loads, their kind, and
predictions.

Model names carry a numeric instance suffix (``Unet-3``) which is stripped. A load's kind comes
from its event text when the text names it; otherwise from comparing the same model's loads
across all recordings of the run (:func:`classify`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import NS, Context
from profiler.analysis.summary import Load, LoadKind, LoadTotals
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

_SUFFIX = re.compile(r"-\d+$")
_LOAD = re.compile(r"load|compil|prepar|specializ", re.I)
_NOT_LOAD = re.compile(r"request|predict|inference", re.I)
_UNCACHED = re.compile(r"uncached|not cached|no cache|cache miss|compil|prepar|specializ|first", re.I)
_CACHED = re.compile(r"cached|from cache|cache hit", re.I)
_PREDICTION = re.compile(r"predict", re.I)

#: The across-recordings thresholds (docs/analysis.md).
UNCACHED_FACTOR = 10.0
UNCACHED_MIN_S = 10.0
CACHED_FACTOR = 3.0

RULE_TEXT = (
    "the Core ML event text where it names the kind (cached, prepare or compile)"
)
RULE_COMPARE = (
    f"comparing each model's loads across the run's recordings (uncached when at least "
    f"{UNCACHED_FACTOR:g}x its fastest load and at least {UNCACHED_MIN_S:g} s, cached when within "
    f"{CACHED_FACTOR:g}x of the fastest, unknown otherwise)"
)


def strip_suffix(name: str) -> str:
    """``Unet-3`` → ``Unet``."""
    return _SUFFIX.sub("", name.strip())


@dataclass(frozen=True)
class CoreMLEvents:
    """Core ML table rows: model, event, text, start_ns, duration_ns (model stripped)."""

    frame: pd.DataFrame
    source: str


def read_events(ctx: Context) -> CoreMLEvents | None:
    """The recording's Core ML events, or None (with the reason noted in ``ctx``)."""
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
    frame = pd.DataFrame(
        {
            "model": C.texts(raw, cols["model"]).map(strip_suffix),
            "event": event,
            "text": text,
            "start_ns": C.ns(raw, cols["start"]),
            "duration_ns": C.ns(raw, cols["duration"]),
        }
    )
    if "process" in cols and ctx.app_pid is not None:
        # System daemons use Core ML too; keep the app's own events.
        mine = (C.pids(raw, cols["process"]) == ctx.app_pid).fillna(False).to_numpy()
        frame = frame[mine]
    frame = frame.dropna(subset=["start_ns"]).sort_values("start_ns", kind="stable")
    frame["duration_ns"] = frame["duration_ns"].fillna(0)
    used = {k: v for k, v in cols.items() if k != "process" or ctx.app_pid is not None}
    return CoreMLEvents(frame.reset_index(drop=True), C.source(schema, used))


def raw_loads(events: CoreMLEvents) -> pd.DataFrame:
    """Load events: model, start_ns, duration_ns, text, text_kind (a LoadKind or None)."""
    frame = events.frame
    is_load = frame["text"].str.contains(_LOAD) & ~frame["event"].str.contains(_NOT_LOAD)
    loads = frame[is_load].copy()
    loads["text_kind"] = [_kind_from_text(t) for t in loads["text"]]
    return loads.reset_index(drop=True)


def _kind_from_text(text: str) -> LoadKind | None:
    if _UNCACHED.search(text):
        return LoadKind.UNCACHED
    if _CACHED.search(text):
        return LoadKind.CACHED
    return None


def predictions(events: CoreMLEvents) -> pd.DataFrame:
    """Prediction events: model, start_ns, duration_ns."""
    frame = events.frame
    rows = frame[frame["event"].str.contains(_PREDICTION)]
    return rows[["model", "start_ns", "duration_ns"]].reset_index(drop=True)


def classify(per_recording: Sequence[pd.DataFrame | None]) -> tuple[list[list[LoadKind]], str]:
    """Kinds for every recording's loads, and the one-sentence rule that was applied."""
    fastest: dict[str, int] = {}
    counts: dict[str, int] = {}
    for loads in per_recording:
        if loads is None:
            continue
        for model, duration in zip(loads["model"], loads["duration_ns"], strict=True):
            fastest[model] = min(fastest.get(model, int(duration)), int(duration))
            counts[model] = counts.get(model, 0) + 1
    used_text = used_compare = False
    kinds: list[list[LoadKind]] = []
    for loads in per_recording:
        out: list[LoadKind] = []
        if loads is not None:
            for model, duration, text_kind in zip(
                loads["model"], loads["duration_ns"], loads["text_kind"], strict=True
            ):
                if text_kind is not None:
                    used_text = True
                    out.append(text_kind)
                    continue
                used_compare = True
                out.append(_compare(int(duration), fastest[model], counts[model]))
        kinds.append(out)
    rules = [r for r, used in ((RULE_TEXT, used_text), (RULE_COMPARE, used_compare)) if used]
    if not rules:
        rules = [RULE_TEXT, RULE_COMPARE]
    sentence = "Load kinds come from " + ", otherwise from ".join(rules) + "."
    return kinds, sentence


def _compare(duration_ns: int, fastest_ns: int, count: int) -> LoadKind:
    # A model loaded only once has nothing to be compared with.
    if count < 2:
        return LoadKind.UNKNOWN
    if duration_ns >= UNCACHED_FACTOR * fastest_ns and duration_ns >= UNCACHED_MIN_S * NS:
        return LoadKind.UNCACHED
    if duration_ns <= CACHED_FACTOR * fastest_ns:
        return LoadKind.CACHED
    return LoadKind.UNKNOWN


def build(loads: pd.DataFrame, kinds: Sequence[LoadKind], source: str) -> tuple[Load, ...]:
    return tuple(
        Load(model, kind, int(start) / NS, int(duration) / NS, source)
        for model, start, duration, kind in zip(
            loads["model"], loads["start_ns"], loads["duration_ns"], kinds, strict=True
        )
    )


def totals(loads: Sequence[Load]) -> LoadTotals:
    """Sum of load durations per kind; None for a kind with no load."""
    sums: dict[LoadKind, float] = {}
    for load in loads:
        sums[load.kind] = sums.get(load.kind, 0.0) + load.duration_s
    return LoadTotals(
        uncached=sums.get(LoadKind.UNCACHED),
        cached=sums.get(LoadKind.CACHED),
        unknown=sums.get(LoadKind.UNKNOWN),
    )
