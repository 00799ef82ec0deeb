"""The kind of every model load of a run (all recordings and launches at once).

1. The event text decides when it names the kind (``Load (cached)``; prepare, compile). A load
   the text calls cached that took over 60 s is kept cached and reported as a contradiction.
2. Otherwise a load over 60 s is uncached, whatever the other loads do ("absolute").
3. Otherwise against the same model's fastest load of the run ("relative"): at least 5× and at
   least 1 s is uncached (real first loads of small models take 3 to 5 s), within 3× is cached,
   anything else, or a model loaded once, is unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from profiler.analysis.context import NS
from profiler.analysis.values import KindFrom, LoadKind

if TYPE_CHECKING:
    import pandas as pd

ABSOLUTE_UNCACHED_S = 60.0
RELATIVE_FACTOR = 5.0
RELATIVE_MIN_S = 1.0
CACHED_FACTOR = 3.0

RULES = {
    KindFrom.TEXT: "the Core ML event text where it names the kind (cached, prepare or compile)",
    KindFrom.ABSOLUTE: f"a load over {ABSOLUTE_UNCACHED_S:g} s being uncached",
    KindFrom.RELATIVE: (
        f"comparing each model's loads across the run's launches (uncached when at least "
        f"{RELATIVE_FACTOR:g}x its fastest load and at least {RELATIVE_MIN_S:g} s, cached when "
        f"within {CACHED_FACTOR:g}x of the fastest, unknown otherwise)"),
}

Kinds = list[tuple[LoadKind, KindFrom]]


def classify(per_recording: Sequence[pd.DataFrame | None]) -> tuple[list[Kinds], str]:
    """(kind, rule) for every load of every recording, and the sentence naming the rules used.

    Each frame has ``model``, ``duration_ns`` and ``text_kind`` (None when the text is silent).
    """
    import numpy as np
    import pandas as pd

    frames = [f for f in per_recording if f is not None and len(f)]
    if not frames:
        return [[] for _ in per_recording], sentence(())
    every = pd.concat([f[["model", "duration_ns"]] for f in frames], ignore_index=True)
    fastest = every.groupby("model")["duration_ns"].min()
    counts = every.groupby("model")["duration_ns"].size()
    used: set[KindFrom] = set()
    out: list[Kinds] = []
    for loads in per_recording:
        if loads is None or not len(loads):
            out.append([])
            continue
        duration = loads["duration_ns"].to_numpy(float)
        low = loads["model"].map(fastest).to_numpy(float)
        count = loads["model"].map(counts).to_numpy()
        relative = np.select(
            [count < 2,
             (duration >= RELATIVE_FACTOR * low) & (duration >= RELATIVE_MIN_S * NS),
             duration <= CACHED_FACTOR * low],
            [str(LoadKind.UNKNOWN), str(LoadKind.UNCACHED), str(LoadKind.CACHED)],
            default=str(LoadKind.UNKNOWN))
        kinds: Kinds = []
        for text_kind, seconds, rel in zip(loads["text_kind"], duration / NS, relative,
                                           strict=True):
            if text_kind is not None:
                kinds.append((LoadKind(text_kind), KindFrom.TEXT))
            elif seconds > ABSOLUTE_UNCACHED_S:
                kinds.append((LoadKind.UNCACHED, KindFrom.ABSOLUTE))
            else:
                kinds.append((LoadKind(rel), KindFrom.RELATIVE))
            used.add(kinds[-1][1])
        out.append(kinds)
    return out, sentence(used)


def sentence(used: set[KindFrom] | Sequence[KindFrom]) -> str:
    """``Load kinds come from …, otherwise from …`` for the rules used (every rule if none)."""
    rules = [RULES[k] for k in KindFrom if k in used] or list(RULES.values())
    return "Load kinds come from " + ", otherwise from ".join(rules) + "."


def contradicts(kind: LoadKind, kind_from: KindFrom | None, duration_s: float) -> bool:
    """A load whose text says cached that took longer than an uncached load can be told by."""
    return (kind is LoadKind.CACHED and kind_from is KindFrom.TEXT
            and duration_s > ABSOLUTE_UNCACHED_S)
