"""``store trend``: each headline figure over time, per series (device and model by default).

For every run of a series, in recording order, its *window* is the ``window`` runs before it in
the same series:

- the **noise band** is the window's median run value ± 3 robust standard deviations
  (1.4826 × the median absolute deviation), once the window holds :data:`MIN_BAND` runs;
- the **verdict** is ``profiler compare``'s, unchanged: the window taken together as the
  baseline (:func:`profiler.analysis.store.rebuild.history`) against the run, with the same threshold,
  tests and Holm adjustment. A point is *significant* when that test says so (a tested
  regression or improvement); with too few launches a change is only indicative.

Runs without a recording time cannot be placed in time and are left out (the document says
how many).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from profiler.analysis.aggregate import Rule, combine, run_value
from profiler.analysis.compare import Basis, Better, Cell, CompareInput, Verdict, compare
from profiler.analysis.compare.figures import FIGURES, FigureSpec
from profiler.analysis.store.rebuild import StoredRun, history
from profiler.errors import ExitCode, ProfilerError

#: Columns a series can be keyed by (``--by``).
SERIES_KEYS = ("device", "model", "os_build", "branch", "compute_units", "device_model",
               "app_name")
DEFAULT_BY = ("device", "model")
MIN_BAND = 3
BAND_SIGMAS = 3.0
MAD_TO_SIGMA = 1.4826


@dataclass(frozen=True)
class TrendPoint:
    run_id: str
    run_name: str | None
    recorded_at: datetime
    commit: str | None
    branch: str | None
    value: float | None
    launches: int
    window: int  # runs in the window before this one
    band_low: float | None = None
    band_mid: float | None = None
    band_high: float | None = None
    verdict: Verdict = Verdict.UNAVAILABLE
    basis: Basis = Basis.NONE
    relative_delta: float | None = None
    p_adjusted: float | None = None

    @property
    def significant(self) -> bool:
        return self.basis is Basis.TESTED and self.verdict in (Verdict.REGRESSION,
                                                               Verdict.IMPROVEMENT)


@dataclass(frozen=True)
class TrendSeries:
    key: tuple[tuple[str, str | None], ...]  # (column, value) per --by column
    points: tuple[TrendPoint, ...]

    @property
    def label(self) -> str:
        return " · ".join(v if v is not None else "unknown" for _, v in self.key)


@dataclass(frozen=True)
class TrendFigure:
    metric: str
    title: str
    unit: str
    better: Better
    series: tuple[TrendSeries, ...]


@dataclass(frozen=True)
class TrendDocument:
    store: str
    by: tuple[str, ...]
    window: int
    threshold: float
    where: str | None
    runs: int  # runs drawn
    undated: int  # runs left out: no recording time
    figures: tuple[TrendFigure, ...]


def figure_specs(metrics: Sequence[str]) -> tuple[FigureSpec, ...]:
    """The compare figures named (all when none are), InputError for an unknown one."""
    known = {spec.metric: spec for spec in FIGURES}
    unknown = [m for m in metrics if m not in known]
    if unknown:
        raise ProfilerError(f"unknown figure {unknown[0]!r}", exit_code=ExitCode.USAGE,
                            hint=f"use one of: {', '.join(known)}")
    return tuple(known[m] for m in dict.fromkeys(metrics)) if metrics else FIGURES


def trend(store: Path, *, metrics: Sequence[str] = (), by: Sequence[str] = DEFAULT_BY,
          window: int = 10, threshold: float = 0.10, where: str | None = None) -> TrendDocument:
    """The trend of ``metrics`` in ``store`` (runs chosen by ``where``), per ``by`` series."""
    from profiler.analysis.store.history import select
    from profiler.analysis.store.query import connect

    specs = figure_specs(metrics)
    by = tuple(dict.fromkeys(by)) or DEFAULT_BY
    bad = [k for k in by if k not in SERIES_KEYS]
    if bad:
        raise ProfilerError(f"cannot group by {bad[0]!r}", exit_code=ExitCode.USAGE,
                            hint=f"use one of: {', '.join(SERIES_KEYS)}")
    if window < 1:
        raise ProfilerError(f"--window {window} is too small", exit_code=ExitCode.USAGE,
                            hint="pass at least 1 run")
    with connect(store) as con:
        runs = select(con, where)
    dated = [r for r in runs if r.row.get("recorded_at") is not None]
    groups: dict[tuple[tuple[str, str | None], ...], list[StoredRun]] = {}
    for r in sorted(dated, key=lambda r: (r.row["recorded_at"], r.run_id)):
        groups.setdefault(tuple((k, series_value(r.row, k)) for k in by), []).append(r)
    keys = sorted(groups, key=lambda key: tuple(str(v) for _, v in key))
    points = {key: _points(groups[key], specs, window, threshold) for key in keys}
    figures = tuple(
        TrendFigure(spec.metric, spec.title, spec.unit, spec.better,
                    tuple(TrendSeries(key, tuple(p[spec.metric] for p in points[key]))
                          for key in keys))
        for spec in specs)
    return TrendDocument(str(store), by, window, threshold, where, len(dated),
                         len(runs) - len(dated), figures)


def series_value(row: dict[str, object], key: str) -> str | None:
    """A run's value of a series key; an unnamed model is known by the models it loaded."""
    value = row.get(key)
    if key == "model" and value is None and row.get("models_loaded"):
        return f"loaded: {row['models_loaded']}"
    return None if value is None else str(value)


def _points(runs: list[StoredRun], specs: Sequence[FigureSpec], window: int,
            threshold: float) -> list[dict[str, TrendPoint]]:
    out = []
    for i, run in enumerate(runs):
        before = runs[max(0, i - window):i]
        cells = _verdicts(before, run, threshold) if before else {}
        row = run.row
        by_metric = {}
        for spec in specs:
            low = mid = high = None
            values = [v for r in before if (v := run_value(r.summary, spec.metric)) is not None]
            if len(values) >= MIN_BAND:
                mid = float(combine(Rule.MEDIAN, values))  # type: ignore[arg-type]
                mad = float(combine(Rule.MEDIAN, [abs(v - mid) for v in values]))  # type: ignore[arg-type]
                low, high = mid - BAND_SIGMAS * MAD_TO_SIGMA * mad, \
                    mid + BAND_SIGMAS * MAD_TO_SIGMA * mad
            cell = cells.get(spec.metric)
            by_metric[spec.metric] = TrendPoint(
                run.run_id, row.get("run_name"), row["recorded_at"], row.get("commit"),
                row.get("branch"), run_value(run.summary, spec.metric),
                len(run.summary.recordings), len(before), low, mid, high,
                cell.verdict if cell else Verdict.UNAVAILABLE,
                cell.basis if cell else Basis.NONE,
                cell.relative_delta if cell else None, cell.p_adjusted if cell else None)
        out.append(by_metric)
    return out


def _verdicts(before: list[StoredRun], run: StoredRun, threshold: float) -> dict[str, Cell]:
    """compare(window, run): the run's cell of every figure."""
    baseline = CompareInput("window", history(before, name="window"), None)
    candidate = CompareInput("run", run.summary, None)
    comparison = compare([baseline, candidate], baseline=0, threshold=threshold)
    return {f.metric: f.cells[1] for f in comparison.figures}
