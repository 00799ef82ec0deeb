"""Core AI rows (the catalog's ``Role.CORE_AI`` tables: Xcode 27.2's name and an earlier beta's).

Each row is one phase of one model (ecosystem-2026-12.md §1). It becomes an event of the same
frame as Core ML's (:mod:`profiler.analysis.loads`), so loads, predictions and steps are decided
by the same code:

- **Specialization** (phase or category): an uncached load (the portable ``.aimodel`` compiled
  for the device). A ``Load`` row of the same model that follows it in the same launch before
  any inference is part of that load: one uncached load from the specialization's start to the
  load's end.
- **Load** without a specialization beside it: a load whose kind the absolute and relative rules
  decide (the one real Core AI export seen (an earlier beta) had no Specialization phase: a long first load may
  hold it).
- **Setup** (category; real rows have phase ``Inference``): neither a load nor a prediction.
- **Inference**: a prediction, fed to step detection like a Core ML UNet prediction.

The category decides when the table has one (it tells Setup from Inference), else the phase.
Model names lose their numeric instance suffix (the TOC says ``stripNumericSufix: true``).
The table has no process column as far as is known: its rows count as the app's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from profiler.analysis import columns as C
from profiler.analysis.context import Context
from profiler.analysis.loads import strip_suffix
from profiler.analysis.values import Unavailable
from profiler.trace import catalog, lookup
from profiler.trace.catalog import Role

if TYPE_CHECKING:
    import pandas as pd

FRAMEWORK = "core-ai"
COREML = "core-ml"
#: The event text each phase becomes (loads.py's patterns read these words).
SPECIALIZATION = "Specialization (uncached: compiled for the device)"
LOAD = "Load"
SETUP = "Setup"
INFERENCE = "Inference"
_PHASES = ((re.compile(r"speciali", re.I), SPECIALIZATION), (re.compile(r"setup", re.I), SETUP),
           (re.compile(r"load", re.I), LOAD), (re.compile(r"infer|predict", re.I), INFERENCE))


def phase_of(category: str, phase: str) -> str | None:
    """The event a row stands for; None when neither text is known."""
    for text in (category, phase):
        if re.search(r"speciali", text, re.I):
            return SPECIALIZATION
    for text in (category, phase):
        for pattern, event in _PHASES:
            if pattern.search(text):
                return event
    return None


def read_all(ctx: Context) -> tuple[pd.DataFrame, str, bool] | None:
    """Every Core AI row in the shape of :func:`profiler.analysis.loads.read_all`, plus
    ``framework``; rows of an unknown phase are left out and counted in ``ctx.unavailable``."""
    import pandas as pd

    found = ctx.tables(Role.CORE_AI)
    if found is None:
        return None  # not a Core AI recording: nothing to say
    opened = ctx.open("core-ai", Role.CORE_AI)
    if opened is None:
        return None
    schema, cols, raw = opened.schema, opened.cols, opened.raw
    _what_i_found(ctx, opened.table, cols)
    if "phase" not in cols and "category" not in cols:
        ctx.skip(Unavailable("core-ai", f"not available: {schema} has no phase or category "
                             f"column (columns: {lookup.describe_columns(opened.table.schema)})"))
        return None
    ctx.use(schema)
    category = C.texts(raw, cols["category"]) if "category" in cols else pd.Series([""] * len(raw))
    phase = C.texts(raw, cols["phase"]) if "phase" in cols else pd.Series([""] * len(raw))
    events = [phase_of(c, p) for c, p in zip(category.tolist(), phase.tolist(), strict=True)]
    frame = pd.DataFrame({
        "model": C.texts(raw, cols["model"]).map(strip_suffix).to_numpy(),
        "event": pd.array(events, dtype="string"),
        "start_ns": C.ns(raw, cols["start"]).to_numpy(),
        "duration_ns": C.ns(raw, cols["duration"]).to_numpy(),
    })
    has_process = "process" in cols
    frame["pid"] = (C.pids(raw, cols["process"]).to_numpy() if has_process
                    else pd.array([pd.NA] * len(raw), dtype="Int64"))
    frame["name"] = C.process_names(raw, cols["process"]).to_numpy() if has_process else ""
    unknown = int(frame["event"].isna().sum())
    if unknown:
        kinds = sorted(set(category[frame["event"].isna().to_numpy()]) |
                       set(phase[frame["event"].isna().to_numpy()]) - {""})
        ctx.skip(Unavailable("core-ai", f"{unknown} {schema} rows of an unknown phase left out "
                             f"(values: {', '.join(kinds[:8]) or 'empty'})"))
    frame = frame.dropna(subset=["event", "start_ns"])
    frame["duration_ns"] = frame["duration_ns"].fillna(0)
    frame = _join_specializations(frame.sort_values("start_ns", kind="stable"))
    frame["text"] = frame["event"]
    frame["sub"] = False
    frame["framework"] = FRAMEWORK
    used = {k: v for k, v in cols.items() if k != "function"}
    return frame.reset_index(drop=True), C.source(schema, used) + " (Core AI)", has_process


def _join_specializations(frame: pd.DataFrame) -> pd.DataFrame:
    """A Load row that follows its model's specialization (before any inference of that model
    and of the same process) becomes part of it: one uncached load, start to the load's end."""
    keep = [True] * len(frame)
    ends = frame["duration_ns"].astype("int64").to_numpy() + frame["start_ns"].astype(
        "int64").to_numpy()
    starts = frame["start_ns"].astype("int64").to_numpy()
    durations = frame["duration_ns"].astype("int64").to_numpy().copy()
    open_spec: dict[tuple[str, int], int] = {}
    pids = frame["pid"].astype("Int64").fillna(-1).tolist()  # -1: no process column
    for i, (model, event) in enumerate(zip(frame["model"], frame["event"], strict=True)):
        key = (model, pids[i])
        if event == SPECIALIZATION:
            open_spec[key] = i
        elif event == LOAD and key in open_spec:
            j = open_spec.pop(key)
            durations[j] = max(int(ends[i]), int(starts[j] + durations[j])) - int(starts[j])
            keep[i] = False
        elif event == INFERENCE:
            open_spec.pop(key, None)
    out = frame.assign(duration_ns=durations)
    return out[keep]


def _what_i_found(ctx: Context, table: object, cols: dict[str, str]) -> None:
    """When the table's columns differ from the second-hand list: say what was found (columns
    and types) and what the analysis read, so a new Xcode's layout is visible in the report."""
    schema = getattr(table, "schema", None)
    if schema is None:
        return
    found = [c.mnemonic for c in schema.columns]
    missing = [m for m in catalog.CORE_AI_EXPECTED if m not in found]
    extra = [m for m in found if m not in catalog.CORE_AI_EXPECTED]
    if not missing and not extra:
        return
    read = ", ".join(f"{role}={col}" for role, col in cols.items())
    ctx.skip(Unavailable("core-ai columns", (
        f"what I found: {schema.name or 'the Core AI table'} has columns "
        f"{lookup.describe_columns(schema)}, not the second-hand list "
        f"({', '.join(catalog.CORE_AI_EXPECTED)}); missing: {', '.join(missing) or 'none'}; "
        f"new: {', '.join(extra) or 'none'}; analysed with {read}")))


def ane_caveat(ctx: Context, windows: list[tuple[int, int]],
               gpu: tuple[pd.DataFrame, str] | None,
               unattributed: tuple[pd.DataFrame, str] | None) -> Unavailable:
    """The Neural Engine's blind spot for Core AI, with the placement evidence there is: GPU
    busy of the app's process during Core AI inference, and MPS rows by time window only.
    Short enough for a report line (the reports cut reasons at 300 characters)."""
    from profiler.analysis.ane import busy_fraction, merge

    ane = catalog.main(Role.ANE).name
    head = (f"cannot be measured for Core AI: {ane} records nothing for Core AI and Core AI "
            "reports no compute unit")
    evidence = []
    for found, how in ((gpu, "app's process"), (unattributed, "by time window only")):
        if found is None or not windows or found[0].empty:
            continue
        frame, source = found
        share = busy_fraction(merge(frame["start_ns"], frame["duration_ns"]), windows)
        if share is not None:
            evidence.append(f"{share:.1%} ({source.split('[', 1)[0]}, {how})")
    if not evidence:
        return Unavailable("ane (Core AI)", f"{head}; no GPU intervals of the app were "
                           "recorded either, so placement is unknown")
    return Unavailable("ane (Core AI)", (
        f"{head}. Placement evidence: GPU busy {'; '.join(evidence)} of Core AI inference time."
        " Not proof: the rest may be ANE or CPU"))


def inference_windows(frame: pd.DataFrame) -> list[tuple[int, int]]:
    """The merged spans of the Core AI inference rows of an events frame."""
    from profiler.analysis.context import merge

    rows = frame[(frame["framework"] == FRAMEWORK) & (frame["event"] == INFERENCE)]
    return merge(rows["start_ns"], rows["duration_ns"])


def unattributed_gpu(ctx: Context) -> tuple[pd.DataFrame, str] | None:
    """GPU intervals whose process is a sentinel (real MPS rows): start_ns, duration_ns, and
    the source naming them. Only time can attribute them, so they are labelled that way."""
    import pandas as pd

    frames, sources = [], []
    for entry in catalog.of_role(Role.GPU):
        found = lookup.pick(ctx.recording.tables, (entry,))
        if found is None or not found.has_rows:
            continue
        cols = lookup.resolve(found.tables[0], entry.columns)
        if isinstance(cols, lookup.MissingColumn) or "process" not in cols:
            continue
        raw = C.stacked(found.tables)
        none = C.pids(raw, cols["process"]).isna().to_numpy()
        if not none.any():
            continue
        frames.append(pd.DataFrame({"start_ns": C.ns(raw, cols["start"])[none].to_numpy(),
                                    "duration_ns": C.ns(raw, cols["duration"])[none].to_numpy()}))
        sources.append(C.source(entry.name, {k: cols[k] for k in ("start", "duration",
                                                                   "process")}))
    if not frames:
        return None
    frame = pd.concat(frames, ignore_index=True).dropna()
    return frame, ", ".join(sources)
