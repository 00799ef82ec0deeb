"""``compare()``: every headline figure of several runs against a baseline, with verdicts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from profiler.analysis.compare import environment, figures, stats
from profiler.analysis.compare.comparison import (
    ALPHA,
    MIN_RECORDINGS,
    Basis,
    Cell,
    CompareInput,
    Comparison,
    FigureComparison,
    RunInfo,
    Verdict,
)
from profiler.errors import InputError, RegressionFound


def compare(
    inputs: Sequence[CompareInput | tuple[Any, ...]],
    *,
    baseline: int = 0,
    threshold: float = 0.10,
    alpha: float = ALPHA,
    min_recordings: int = MIN_RECORDINGS,
) -> Comparison:
    """Compare runs against ``inputs[baseline]``.

    Each input is a :class:`CompareInput` or a ``(label, summary, series|None)`` tuple. Labels must
    be unique. ``threshold`` is the relative change (0.10 = 10 %) a figure must exceed to count as
    a regression or an improvement; see :func:`profiler.analysis.compare.stats.verdict`.
    """
    items = [item if isinstance(item, CompareInput) else CompareInput(*item) for item in inputs]
    if len(items) < 2:
        raise InputError("compare needs at least two runs", hint="pass two or more inputs")
    labels = [item.label for item in items]
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise InputError(f"duplicate run labels: {', '.join(duplicates)}",
                         hint="give each input its own --label")
    if not 0 <= baseline < len(items):
        raise InputError(f"baseline index {baseline} is out of range for {len(items)} runs")
    if not 0 <= threshold < 10:
        raise InputError(f"threshold {threshold!r} is not a fraction between 0 and 10",
                         hint="pass e.g. --threshold 10%")

    base = items[baseline]
    figs = _holm_verdicts(
        [_figure(spec, items, baseline, min_recordings) for spec in figures.FIGURES],
        threshold=threshold, alpha=alpha)
    env_fields, warnings = environment.check(items)
    return Comparison(
        runs=tuple(RunInfo(i.label, i.summary.name, i.source, len(i.summary.recordings),
                           bool(i.series)) for i in items),
        baseline=base.label,
        threshold=threshold,
        alpha=alpha,
        min_recordings=min_recordings,
        figures=figs,
        environment=env_fields,
        warnings=warnings,
    )


def _figure(
    spec: figures.FigureSpec, items: list[CompareInput], baseline: int, min_recordings: int
) -> tuple[figures.FigureSpec, list[_Pending]]:
    """Values, deltas and raw p-values of one figure; verdicts come after the Holm step."""
    base_summary = items[baseline].summary
    base_value = figures.headline_value(base_summary, spec)
    pending = []
    for index, item in enumerate(items):
        value = figures.headline_value(item.summary, spec)
        # Per-step latencies only when both sides carry them; else one value per recording.
        per_step = (spec.per_step and figures.has_step_samples(base_summary)
                    and figures.has_step_samples(item.summary))
        base_samples, base_recs = figures.samples(base_summary, spec, per_step=per_step)
        other_samples, other_recs = figures.samples(item.summary, spec, per_step=per_step)
        if index == baseline:
            pending.append(_Pending(Cell(item.label, value, len(base_samples)), False))
            continue
        delta, rel = stats.relative_change(base_value, value)
        tested = (base_recs >= min_recordings and other_recs >= min_recordings
                  and len(base_samples) >= 2 and len(other_samples) >= 2 and rel is not None)
        p_value = test = None
        if tested:
            p_value, test = stats.significance(base_samples, other_samples, per_step=per_step)
        cell = Cell(item.label, value, len(other_samples), delta, rel, p_value, None, test,
                    Verdict.UNAVAILABLE)
        pending.append(_Pending(cell, tested))
    return spec, pending


@dataclass
class _Pending:
    cell: Cell
    tested: bool


def _holm_verdicts(
    figs: list[tuple[figures.FigureSpec, list[_Pending]]], *, threshold: float, alpha: float
) -> tuple[FigureComparison, ...]:
    """Holm-adjust every p-value of the comparison together, then give each cell its verdict.

    Eight figures tested at 0.05 each would flag at least one of them in about a third of
    comparisons of two identical runs; Holm keeps that family-wise rate at ``alpha``.
    """
    tested = [p for _, cells in figs for p in cells if p.cell.p_value is not None]
    adjusted = stats.holm([p.cell.p_value for p in tested])  # type: ignore[misc]
    adjusted_by_id = {id(p): a for p, a in zip(tested, adjusted, strict=True)}
    out = []
    for spec, cells in figs:
        done = []
        for p in cells:
            cell = p.cell
            if cell.verdict is Verdict.BASELINE:
                done.append(cell)
                continue
            p_adj = adjusted_by_id.get(id(p))
            verdict, basis = stats.verdict(cell.relative_delta, spec.better, threshold=threshold,
                                           p_value=p_adj, alpha=alpha, tested=p.tested)
            if verdict is Verdict.UNCHANGED and p.tested:
                basis = Basis.TESTED
            done.append(replace(cell, p_adjusted=p_adj, verdict=verdict, basis=basis))
        out.append(FigureComparison(spec.metric, spec.title, spec.unit, spec.better,
                                    spec.samples_text, tuple(done), spec.gates))
    return tuple(out)


def check_gate(comparison: Comparison, *, indicative_fails: bool = True,
               missing_fails: bool = True) -> None:
    """Raise RegressionFound (exit code 3) when a regression fails the gate (see
    :meth:`Comparison.gate`) or, with ``missing_fails``, when a compared run lacks a figure the
    baseline has; the message lists each one."""
    failed = comparison.gate(indicative_fails=indicative_fails)
    missing = tuple(m for m in comparison.missing if m.gates) if missing_fails else ()
    if not failed and not missing:
        return
    parts = []
    if failed:
        listed = "; ".join(
            f"{f.label} {f.title} {(f.relative_delta or 0) * 100:+.1f} %"
            + (" (indicative)" if f.basis is Basis.INDICATIVE else "") for f in failed)
        parts.append(f"{len(failed)} regression{'s' * (len(failed) != 1)}: {listed}")
    if missing:
        parts.append(f"{len(missing)} figure{'s' * (len(missing) != 1)} missing "
                     f"(the baseline has them): {comparison.missing_text(gating_only=True)}")
    shaky = any(f.basis is Basis.INDICATIVE for f in failed)
    hints = []
    if shaky:
        hints.append(f"indicative means fewer than {comparison.min_recordings} recordings per "
                     "side: record more runs, or pass --indicative warn to fail only on tested "
                     "regressions")
    if missing:
        hints.append("`profiler report` on that run says why each figure was not measured; "
                     "pass --missing warn to report missing figures without failing")
    raise RegressionFound("; ".join(parts), hint="; ".join(hints) or None)
