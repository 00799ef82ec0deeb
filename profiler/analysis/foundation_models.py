"""Apple's Foundation Models in a recording, from the catalog's ``Role.FOUNDATION_MODELS`` table.

The table (see the catalog) has one row per asset state change, ``from-state → to-state``. A row whose
transition ends in ``loaded`` is a load, one ending in ``unloaded`` an unload; anything else is
kept as another transition. These are the system's language models, not the app's Core ML
models: they get their own report section and never enter the Stable Diffusion headline.
"""

from __future__ import annotations

from profiler.analysis import columns as C
from profiler.analysis.context import NS, Context
from profiler.analysis.values import FoundationModels, ModelTransition
from profiler.trace.catalog import Role


def kind(to_state: str) -> str:
    """``load`` for a transition ending in ``loaded``, ``unload`` for ``unloaded``, else other."""
    state = to_state.strip().lower()
    return "unload" if state == "unloaded" else "load" if state == "loaded" else "other"


def summarise(ctx: Context) -> FoundationModels | None:
    """The recording's Foundation Models transitions, or None when it has no such rows (an
    absent table is not a missing figure: most apps do not use Foundation Models)."""
    opened = ctx.peek(Role.FOUNDATION_MODELS)
    if opened is None:
        return None
    cols, raw = opened.cols, opened.raw
    starts = C.ns(raw, cols["start"])
    durations = C.ns(raw, cols["duration"])
    assets = C.texts(raw, cols["asset"])
    froms = C.texts(raw, cols["from"]) if "from" in cols else None
    tos = C.texts(raw, cols["to"])
    out = []
    for i in range(len(raw)):
        start, to = starts.iloc[i], tos.iloc[i]
        if start != start or not isinstance(to, str):  # NaN start or no state: not a transition
            continue
        dur = durations.iloc[i]
        before = froms.iloc[i] if froms is not None else None
        out.append(ModelTransition(
            asset=str(assets.iloc[i]), from_state=before if isinstance(before, str) else None,
            to_state=to, kind=kind(to), start_s=int(start) / NS,
            duration_s=None if dur != dur else int(dur) / NS))
    if not out:
        return None
    ctx.use(opened.schema)
    loads = [t for t in out if t.kind == "load"]
    return FoundationModels(
        loads=len(loads), unloads=sum(1 for t in out if t.kind == "unload"),
        load_s=sum(t.duration_s or 0.0 for t in loads), transitions=tuple(out),
        source=C.source(opened.schema, cols))
