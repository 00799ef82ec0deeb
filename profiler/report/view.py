"""The presentation model: what every reporter shows, computed once from an Analysis.

HTML, Markdown and the console summary all read these small frozen values, so a figure reads
the same everywhere. Values are already formatted with units (:mod:`profiler.report.fmt`); the
raw number rides along for tests and charts. Nothing here computes a figure: peaks, the jetsam
budget, diagnostic groups and load totals come from the :class:`Analysis`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from profiler.analysis.result import Analysis
from profiler.analysis.summary import Recording, Summary, Unavailable
from profiler.report import fmt
from profiler.report.limits_text import budget_share, cpu_scale, system_cpu_detail


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: str
    detail: str | None
    raw: float | int | None


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def headline_cards(analysis: Analysis) -> tuple[Card, ...]:
    """The eight headline figures, in the order the report shows them."""
    h = analysis.summary.headline
    ram = analysis.limits.ram_bytes
    foot_detail = []
    if h.peak_footprint_bytes is not None and ram:
        foot_detail.append(f"{fmt.fraction(h.peak_footprint_bytes / ram)} of {fmt.nbytes(ram)} RAM")
    foot_detail += [x for x in (budget_share(analysis, h.peak_footprint_bytes),) if x]
    sys_detail = f"of {fmt.nbytes(ram)} RAM" if ram and h.system_used_peak_bytes else None
    notes = _framework_notes(frameworks(analysis.summary))
    return (
        Card("uncached_load", "Uncached load", fmt.seconds(h.uncached_load_s),
             notes["uncached"], h.uncached_load_s),
        Card("cached_load", "Cached load", fmt.seconds(h.cached_load_s),
             notes["cached"], h.cached_load_s),
        Card("step_median", "Median step", fmt.seconds(h.step_median_s),
             fmt.rate(h.steps_per_s) if h.steps_per_s is not None else None, h.step_median_s),
        Card("peak_footprint", "Peak app footprint", fmt.nbytes(h.peak_footprint_bytes),
             "; ".join(foot_detail) or None, h.peak_footprint_bytes),
        Card("system_memory", "System memory peak", fmt.nbytes(h.system_used_peak_bytes),
             sys_detail, h.system_used_peak_bytes),
        Card("app_cpu_peak", "App CPU peak", fmt.percent(h.app_cpu_peak_percent),
             cpu_scale(analysis), h.app_cpu_peak_percent),
        Card("system_cpu_peak", "System CPU peak", fmt.percent(h.system_cpu_peak_percent),
             system_cpu_detail(analysis), h.system_cpu_peak_percent),
        Card("ane_busy", "Neural Engine busy", fmt.fraction(h.ane_busy_fraction),
             notes["ane"], h.ane_busy_fraction),
    )


def frameworks(summary: Summary) -> frozenset[str]:
    """``core-ml`` and/or ``core-ai``: which framework's table each load of the run came from."""
    return frozenset(load_framework(ld) for rec in summary.recordings for ld in rec.loads)


def load_framework(load: Any) -> str:
    """``core-ai`` when the load's source is a Core AI table of the catalog, else ``core-ml``."""
    from profiler.trace import catalog

    e = catalog.entry(str(load.source).split("[", 1)[0])
    return "core-ai" if e is not None and e.role is catalog.Role.CORE_AI else "core-ml"


#: the series' ``framework`` values as people write them
FRAMEWORK_NAMES = {"core-ml": "Core ML", "core-ai": "Core AI"}


def framework_title(summary: Summary) -> str:
    """``Core ML``, ``Core AI`` or ``Core ML and Core AI``: what the report's title names."""
    found = frameworks(summary)
    if found == {"core-ai"}:
        return "Core AI"
    return "Core ML and Core AI" if "core-ai" in found else "Core ML"


def _framework_notes(found: frozenset[str]) -> dict[str, str]:
    """Card notes that hold for the frameworks the run used: a Core AI model is specialized, not
    compiled for the Neural Engine, and the Neural Engine table cannot see Core AI work."""
    if found == {"core-ai"}:
        return {"uncached": "first load: specialization for this device (Core AI)",
                "cached": "later launches, specialized model reused from the cache",
                "ane": "the Neural Engine table cannot see Core AI (see Not available)"}
    if found == {"core-ai", "core-ml"}:
        return {"uncached": "first load: Core ML compile or Core AI specialization",
                "cached": "later launches, compiled or specialized model reused",
                "ane": "of the Core ML denoising loop; the table cannot see Core AI"}
    return {"uncached": "first load: compile for the Neural Engine",
            "cached": "later launches, compiled model reused", "ane": "of the denoising loop"}


def _distinct(values: list[Any]) -> str:
    seen = [v for i, v in enumerate(values) if v is not None and v not in values[:i]]
    return ", ".join(str(v) for v in seen) if seen else fmt.MISSING


def environment(analysis: Analysis) -> tuple[tuple[str, str], ...]:
    """(label, value) rows: device, OS, Instruments, template, app, pid and model."""
    s = analysis.summary
    d = s.device
    recs = s.recordings
    os_text = " ".join(x for x in (d.platform, d.os_version) if x) or None
    pids = [f"{r.name}: {r.process.pid}" for r in recs if r.process and r.process.pid is not None]
    rows = [
        ("Device", fmt.text(d.name or d.model)),
        ("Model", fmt.text(d.model)),
        ("Product type", fmt.text(d.product_type)),
        ("Chip", fmt.text(d.chip)),
        ("RAM", fmt.nbytes(analysis.limits.ram_bytes)),
        ("Neural Engine", f"{d.ane_cores} cores" if d.ane_cores else fmt.MISSING),
        ("OS", fmt.text(os_text)),
        ("Instruments", _distinct([r.instruments_version for r in recs])),
        ("Template", _distinct([r.template for r in recs])),
        ("App", _distinct([r.process.name if r.process else None for r in recs])),
        ("pid", ", ".join(pids) or fmt.MISSING),
        ("Recordings", ", ".join(r.name for r in recs) or fmt.MISSING),
    ]
    model = model_name(analysis)
    if model:
        rows.append(("Core ML model", model))
    return tuple(rows)


def model_name(analysis: Analysis) -> str | None:
    """The inspected model folder's name, when `--model-path` was given."""
    data = inspection_dict(analysis)
    path = data.get("path") if data else None
    return path.rstrip("/").rsplit("/", 1)[-1] if isinstance(path, str) else None


def inspection_dict(analysis: Analysis) -> dict[str, Any] | None:
    """The inspection's JSON contract (the Model section is built from it), when inspected."""
    return analysis.inspection.to_dict() if analysis.inspection is not None else None


def recordings_table(summary: Summary) -> Table:
    """Launches side by side (run-1 cold vs run-2 warm): one column per launch of the app.

    A recording is one column unless the app was relaunched while it recorded; then each launch
    is a column (``run-1 · launch 2``) with its own loads, steps and app figures, and the
    recording's system-wide figures repeated."""
    units = [(r, la) for r in summary.recordings for la in (r.launches or (None,))]
    relaunched = any(len(r.launches) > 1 for r in summary.recordings)

    def row(label: str, of_recording: Any, of_launch: Any = None) -> tuple[str, ...]:
        cells = []
        for r, la in units:  # a launch's own figure, else its recording's (system-wide ones)
            value = of_launch(la) if of_launch is not None and la is not None else None
            cells.append(value if value is not None else of_recording(r))
        return (label, *cells)

    def steps(fn: Any) -> Any:
        return lambda x: fn(x.steps) if x.steps else fmt.MISSING

    rows = (
        row("Duration", lambda r: fmt.seconds(r.duration_s),
            lambda la: fmt.seconds(la.end_s - la.start_s) if relaunched
            and la.end_s is not None and la.start_s is not None else None),
        row("Uncached loads", lambda r: fmt.seconds(r.load_s.uncached),
            lambda la: fmt.seconds(la.load_s.uncached)),
        row("Cached loads", lambda r: fmt.seconds(r.load_s.cached),
            lambda la: fmt.seconds(la.load_s.cached)),
        row("Unclassified loads", lambda r: fmt.seconds(r.load_s.unknown),
            lambda la: fmt.seconds(la.load_s.unknown)),
        row("Steps", steps(lambda st: fmt.count(st.count)), steps(lambda st: fmt.count(st.count))),
        row("Step 1", steps(lambda st: fmt.seconds(st.first_s)),
            steps(lambda st: fmt.seconds(st.first_s))),
        row("Median step", steps(lambda st: fmt.seconds(st.median_s)),
            steps(lambda st: fmt.seconds(st.median_s))),
        row("p90 step", steps(lambda st: fmt.seconds(st.p90_s)),
            steps(lambda st: fmt.seconds(st.p90_s))),
        row("Speed", steps(lambda st: fmt.rate(st.steps_per_s)),
            steps(lambda st: fmt.rate(st.steps_per_s))),
        row("Peak app footprint",
            lambda r: fmt.nbytes(r.memory.peak_footprint_bytes) if r.memory else fmt.MISSING,
            lambda la: fmt.nbytes(la.peak_footprint_bytes)),
        row("System memory peak",
            lambda r: fmt.nbytes(r.memory.system_used_peak_bytes) if r.memory else fmt.MISSING),
        row("App CPU peak",
            lambda r: fmt.percent(r.cpu.process_peak_percent) if r.cpu else fmt.MISSING,
            lambda la: fmt.percent(la.process_peak_percent)),
        row("System CPU peak",
            lambda r: fmt.percent(r.cpu.system_peak_percent) if r.cpu else fmt.MISSING),
        row("Neural Engine busy",
            lambda r: fmt.fraction(r.ane.busy_fraction_denoise) if r.ane else fmt.MISSING,
            lambda la: fmt.fraction(la.ane_busy_fraction_denoise)),
        row("GPU busy", lambda r: fmt.fraction(r.gpu.busy_fraction) if r.gpu else fmt.MISSING),
        row("Worst thermal state", lambda r: fmt.text(r.thermal.worst) if r.thermal else fmt.MISSING),
    )
    headers = tuple(r.name if la is None or len(r.launches) == 1
                    else f"{r.name} · launch {la.number}" + (f" (pid {la.pid})" if la.pid else "")
                    for r, la in units)
    return Table(("", *headers), rows)


def load_table(analysis: Analysis) -> Table:
    """Per recording, per model and kind: count and total time of loads."""
    rows = tuple((rec.name, g.model, str(g.kind), fmt.count(g.count), fmt.seconds(g.total_s),
                  fmt.seconds(g.longest_s))
                 for rec, groups in analysis.loads_by_model for g in groups)
    return Table(("Recording", "Model", "Kind", "Loads", "Total", "Longest"), rows)


def stage_table(summary: Summary) -> Table:
    """Seconds per stage and recording, model loading first (the union of its loads)."""
    from profiler.analysis.stage_times import model_load_s

    rows = tuple(
        (r.name, fmt.seconds(model_load_s(r)),
         *(fmt.seconds(getattr(r.stages, a) if r.stages else None)
           for a in ("text_encode_s", "denoise_s", "decode_s")))
        for r in summary.recordings if r.stages or r.loads
    )
    return Table(("Recording", "Model load", "Text encode", "Denoise", "Decode"), rows)


def step_durations(rec: Recording) -> tuple[float, ...]:
    return rec.steps.durations_s if rec.steps else ()


def sources(analysis: Analysis) -> Table:
    """Where every figure comes from: (recording, figure, source)."""
    rows = []
    for rec in analysis.summary.recordings:
        for label, src in (
            ("Loads", _distinct([ld.source for ld in rec.loads]) if rec.loads else None),
            ("Steps", rec.steps.source if rec.steps else None),
            ("Memory", rec.memory.source if rec.memory else None),
            ("CPU", rec.cpu.source if rec.cpu else None),
        ):
            if src:
                rows.append((rec.name, label, src))
    return Table(("Recording", "Figure", "Source"), tuple(rows))


def headline_rules() -> tuple[str, ...]:
    """How the headline is derived (the summary contract's rules; each launch is one unit)."""
    return (
        "Uncached load: the first launch whose loads are uncached.",
        "Cached load: the median over launches whose loads are all cached.",
        "Peaks: the maximum over recordings; every other figure: the median over launches "
        "(a recording is one launch unless the app was relaunched while it recorded).",
    )


#: What "About this data" says of a table decoded from a bundle by an unconfirmed mapping.
UNVERIFIED_NOTE = ("read from the .trace bundle by a decoding no real xctrace export has "
                   "confirmed yet (docs/bundles.md); check these figures against an export")


@dataclass(frozen=True)
class RecordingNotes:
    """What "About this data" says of one recording: the tables used and what is missing."""

    name: str
    tables_used: tuple[str, ...]
    tables_missing: tuple[Unavailable, ...]
    unavailable: tuple[Unavailable, ...]
    tables_unverified: tuple[str, ...] = ()


def about(analysis: Analysis) -> tuple[RecordingNotes, ...]:
    """Per recording, the tables its figures came from and the ones it lacked."""
    out = []
    for i, rec in enumerate(analysis.summary.recordings):
        ser = analysis.series_of(i)
        out.append(RecordingNotes(rec.name, ser.tables_used if ser else (),
                                  ser.tables_missing if ser else (), rec.unavailable,
                                  ser.tables_unverified if ser else ()))
    return tuple(out)


def subtitle(summary: Summary) -> str:
    """``iPhone 13 Pro Max · iOS 17.4 · 2 recordings · recorded 2026-…`` under the title."""
    d = summary.device
    parts = [d.name or d.model or "Unknown device"]
    if d.os_version:
        parts.append(f"{d.platform or ''} {d.os_version}")
    n = len(summary.recordings)
    parts.append(f"{n} recording{'' if n == 1 else 's'}")
    if summary.recordings and summary.recordings[0].start_date:
        parts.append(f"recorded {summary.recordings[0].start_date}")
    return " · ".join(parts)

