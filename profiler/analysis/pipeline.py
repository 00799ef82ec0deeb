"""`analyze()`: every recording of a loaded run → the summary contract plus chart series.

Each recording is analysed on its own (:mod:`profiler.analysis.recording`); load kinds are then
decided over every load of the run (:mod:`profiler.analysis.load_kinds`), each launch gets its
loads, and the headline takes each launch as one unit (:mod:`profiler.analysis.aggregate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from profiler.analysis import load_kinds
from profiler.analysis.context import NS, Context
from profiler.analysis.environment import environment, report_command
from profiler.analysis.headline import device_info, headline
from profiler.analysis.recording import Partial, analyse
from profiler.analysis.result import Analysis
from profiler.analysis.series import Frame, RecordingSeries, conform
from profiler.analysis.summary import (
    Diagnostic,
    Launch,
    Load,
    LoadKind,
    LoadTotals,
    Recording,
    Summary,
)
from profiler.analysis.values import KindFrom, Unavailable
from profiler.trace import catalog
from profiler.trace.catalog import Role
from profiler.trace.export_commands import unexported_commands

if TYPE_CHECKING:
    import pandas as pd

    from profiler.trace.model import LoadedRun


def analyze(loaded: LoadedRun, *, logs: Sequence[str] = (),
            model_path: str | Path | None = None,
            command: Sequence[str] | None = None, redact: bool = False) -> Analysis:
    """Analyse ``loaded``; ``command`` is the report's own command line (its arguments after
    ``profiler``), shown in the environment; ``redact`` replaces names, ids, home paths and
    prompts by placeholders in the whole result (:mod:`profiler.analysis.redact`)."""
    device = device_info(loaded)
    partials = [analyse(rec, loaded, device.ram_bytes) for rec in loaded.recordings]
    kinds, rule = load_kinds.classify([p.loads for p in partials])
    recordings, series = [], []
    for part, rec_kinds in zip(partials, kinds, strict=True):
        built = _build_loads(part, rec_kinds)
        part.frames["loads"] = _loads_frame(built)
        launches = tuple(
            Launch(**lp.fields, loads=mine, load_s=totals(mine))
            for lp in part.launches
            for mine in [tuple(ld for ld in built if ld.launch == lp.span.number)])
        recordings.append(Recording(**part.fields, loads=built, load_s=totals(built),
                                    launches=launches, unavailable=tuple(part.ctx.unavailable)))
        unverified = {catalog.canonical(s) for s in part.ctx.recording.unverified}
        series.append(RecordingSeries(part.ctx.recording.name, part.frames,
                                      tuple(part.ctx.used), _missing(part.ctx), part.windows,
                                      tuple(s for s in part.ctx.used if s in unverified)))
    summary = Summary(device=device, recordings=tuple(recordings),
                      headline=headline(recordings), name=loaded.name, load_rule=rule)
    summary, measured = _diagnose(loaded, summary, tuple(series), logs)
    inspection = _inspect(loaded, model_path, device)
    env = environment(loaded, inspection, summary.recordings)
    if command is not None:
        env = replace(env, report_command=report_command(command))
    summary = replace(summary, environment=env,
                      diagnostics=_with_model_findings(summary.diagnostics, inspection))
    result = Analysis(summary=summary, series=tuple(series), inspection=inspection,
                      measured_limit_bytes=measured, tables_read=_tables_read(loaded),
                      to_export=unexported_commands(loaded.recordings))
    if redact:
        from profiler.analysis import redact as redaction

        result = redaction.redact(result, redaction.secrets(loaded))
    return result


def _with_model_findings(found: Sequence[Diagnostic], inspection: Any) -> tuple[Diagnostic, ...]:
    """The run's diagnostics plus the model inspection's findings, ranked together."""
    if inspection is None or not inspection.findings:
        return tuple(found)
    from profiler.analysis.diagnostics import group

    return group([*found, *(model_diagnostic(f, inspection.path) for f in inspection.findings)])


def _inside(folder: Path, recorded: str) -> Path | None:
    """``recorded`` (relative to the run folder) when it is a folder inside it, else None."""
    try:
        root = folder.resolve(strict=True)
        target = (folder / recorded).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    return target if target.is_dir() and root in target.parents else None


def _tables_read(loaded: LoadedRun) -> tuple[tuple[str, int], ...]:
    """(schema, rows) of every table in the input, summed over recordings and nodes."""
    rows: dict[str, int] = {}
    for rec in loaded.recordings:
        for schema, tables in rec.tables.items():
            name = catalog.canonical(schema) or schema
            rows[name] = rows.get(name, 0) + sum(t.row_count for t in tables)
    return tuple(rows.items())


def _build_loads(part: Partial, kinds: list[tuple[LoadKind, KindFrom]]) -> tuple[Load, ...]:
    loads = part.loads
    if loads is None or not len(loads):
        return ()
    # Core ML and Core AI loads of one recording name their own table
    sources = loads["source"] if "source" in loads else [part.load_source] * len(loads)
    return tuple(
        Load(model, kind, int(start) / NS, int(duration) / NS, source, how, int(launch))
        for model, start, duration, launch, source, (kind, how) in zip(
            loads["model"], loads["start_ns"], loads["duration_ns"], loads["launch"], sources,
            kinds, strict=True))


def totals(loads: Sequence[Load]) -> LoadTotals:
    """Sum of load durations per kind; None for a kind with no load."""
    sums: dict[LoadKind, float] = {}
    for load in loads:
        sums[load.kind] = sums.get(load.kind, 0.0) + load.duration_s
    return LoadTotals(uncached=sums.get(LoadKind.UNCACHED), cached=sums.get(LoadKind.CACHED),
                      unknown=sums.get(LoadKind.UNKNOWN))


def framework(source: str) -> str:
    """``core-ai`` for a load read from the Core AI table, else ``core-ml``."""
    names = {e.name for e in catalog.of_role(Role.CORE_AI)}
    return "core-ai" if source.split("[", 1)[0] in names else "core-ml"


def _missing(ctx: Context) -> tuple[Unavailable, ...]:
    """Tables of interest that are absent, except alternates of a table that was used."""
    groups = [{e.name for r in roles for e in catalog.of_role(r)}
              for roles in ((Role.ANE,), (Role.PROCESS, Role.THREAD_CPU), (Role.SYSTEM,),
                            (Role.GPU,), (Role.CORE_AI,))]
    covered = {s for g in groups if g & set(ctx.used) for s in g}
    # a recording without Core AI work need not hear that its template lacks Core AI's table
    core_ai = {e.name for e in catalog.of_role(Role.CORE_AI)}
    return tuple(Unavailable(schema, reason) for schema, reason in ctx.recording.missing.items()
                 if catalog.canonical(schema) not in covered and catalog.exported(schema)
                 and not (catalog.canonical(schema) in core_ai
                          and reason.startswith("not in TOC")))


def _loads_frame(built: Sequence[Load]) -> pd.DataFrame:
    import pandas as pd

    return conform(Frame.LOADS, pd.DataFrame({
        "model": [b.model for b in built], "kind": [str(b.kind) for b in built],
        "framework": [framework(b.source) for b in built],
        "start_ns": [round(b.start_s * NS) for b in built],
        "duration_ns": [round(b.duration_s * NS) for b in built],
    }))


def _diagnose(loaded: LoadedRun, summary: Summary, series: tuple[RecordingSeries, ...],
              logs: Sequence[str]) -> tuple[Summary, int | None]:
    """The summary with its diagnostics, and the jetsam limit measured from a crash report."""
    from profiler.analysis.diagnostics import diagnose, measured_jetsam_limit

    found = diagnose(loaded, summary, series, extra_logs=tuple(logs))
    return replace(summary, diagnostics=tuple(found)), measured_jetsam_limit(loaded, summary)


def _inspect(loaded: LoadedRun, model_path: str | Path | None, device: Any) -> Any:
    """The model inspection: ``--model-path``; else the one `profiler run` saved in the run
    folder; else the model ``run.json`` names, only when it lies inside the run folder.

    A shared folder's ``run.json`` never makes the reader's tool open a path of the reader's
    machine (an absolute path, or one relative to the current folder).
    """
    if model_path is None:
        from profiler.inputs import is_input
        from profiler.model.saved import SAVED_INSPECTION, read_saved

        folder = Path(loaded.path)
        if folder.is_dir() and is_input(folder / SAVED_INSPECTION):
            return read_saved(folder / SAVED_INSPECTION, inside=folder)
        recorded = loaded.run.model_path if loaded.run is not None else None
        inside = _inside(folder, recorded) if recorded else None
        if inside is None:
            return None  # none given, or it lies outside the run folder
        model_path = inside
    from profiler.model import inspect_path

    # The device (product type) lets the inspection compare weights with RAM and jetsam budget;
    # the recorded compute units say whether the Neural Engine was the intent.
    from profiler.model.types import ComputeUnits

    opts = loaded.run.options if loaded.run is not None else None
    units = opts.compute_units if opts is not None else None
    known = {u.value.lower() for u in ComputeUnits}
    return inspect_path(model_path, device=getattr(device, "product_type", None),
                        compute_units=units if units and units.lower() in known else None)


def model_diagnostic(finding: Any, path: str) -> Diagnostic:
    """A model inspection finding as a diagnostic (it has no time: it is about the files)."""
    where = f"model inspection of {path}" + (f" ({finding.model})" if finding.model else "")
    return Diagnostic(code=finding.code, severity=finding.severity, message=finding.message,
                      evidence=None, source=where, link=finding.link, advice=None)
