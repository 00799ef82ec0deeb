"""The comparison result (``coreml-profiler.compare`` v1): frozen values and their JSON form.

A :class:`Comparison` holds, for every headline figure, one :class:`Cell` per run: the value, and
for every run but the baseline the absolute and relative delta against the baseline, the
significance test and the verdict. Relative deltas are fractions (0.15 = 15 %).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from profiler.analysis.aggregate import StepDistribution
    from profiler.analysis.series import RecordingSeries
    from profiler.analysis.summary import Summary

COMPARE_FORMAT = "coreml-profiler.compare"
COMPARE_VERSION = 1
#: Recordings needed on each side before a difference is tested rather than called indicative.
MIN_RECORDINGS = 3
#: Significance level of the tests.
ALPHA = 0.05


class Better(StrEnum):
    """Which direction of a figure is an improvement."""

    LOWER = "lower"
    HIGHER = "higher"


class Verdict(StrEnum):
    BASELINE = "baseline"  # the cell of the baseline run itself
    REGRESSION = "regression"  # worse by more than the threshold, significant or indicative
    IMPROVEMENT = "improvement"  # better by more than the threshold, significant or indicative
    UNCHANGED = "unchanged"  # within the threshold
    NOISE = "noise"  # beyond the threshold but not significant: no evidence of a real change
    UNAVAILABLE = "unavailable"  # a value is missing on one side


class Basis(StrEnum):
    """What a verdict rests on."""

    TESTED = "tested"  # >= MIN_RECORDINGS recordings per side; p-value computed
    INDICATIVE = "indicative"  # fewer recordings: threshold only, no noise estimate
    NONE = "none"  # baseline, unchanged within the threshold, or unavailable


class CompareInput(NamedTuple):
    """One run to compare. A plain ``(label, summary, series)`` tuple is accepted too.

    ``environment`` carries facts the summary contract has no key for (compute units, model),
    read from the run's ``run.json`` by :func:`profiler.analysis.compare.environment_from_run_json`.
    """

    label: str
    summary: Summary
    series: tuple[RecordingSeries, ...] | None = None
    environment: Mapping[str, str] | None = None
    source: str | None = None


@dataclass(frozen=True)
class RunInfo:
    label: str
    name: str | None
    source: str | None
    recordings: int
    has_series: bool


@dataclass(frozen=True)
class Cell:
    """One run's value of one figure, compared with the baseline."""

    label: str
    value: float | None
    n: int  # values behind the test on this side (steps for step figures, recordings otherwise)
    delta: float | None = None
    relative_delta: float | None = None
    p_value: float | None = None  # the test's own two-sided p-value
    #: Holm-adjusted over every test of the comparison; the verdict compares this with alpha
    p_adjusted: float | None = None
    test: str | None = None  # "mann-whitney-u" | "welch-t" | None
    verdict: Verdict = Verdict.BASELINE
    basis: Basis = Basis.NONE


@dataclass(frozen=True)
class FigureComparison:
    metric: str  # the Headline field name
    title: str
    unit: str  # "s", "bytes", "percent", "fraction", "steps/s"
    better: Better
    samples: str  # what the significance test compares, in words
    cells: tuple[Cell, ...]
    #: False: context only (the system's CPU); its regressions and gaps never fail the gate
    gates: bool = True


@dataclass(frozen=True)
class EnvField:
    """One environment fact per run; ``differs`` when two known values disagree."""

    name: str
    title: str
    values: tuple[tuple[str, str | None], ...]  # (label, value)
    differs: bool


@dataclass(frozen=True)
class Change:
    """A regression or an improvement, for the verdict list and the CI gate."""

    label: str
    metric: str
    title: str
    verdict: Verdict
    basis: Basis
    baseline_value: float | None
    value: float | None
    relative_delta: float | None
    p_value: float | None
    p_adjusted: float | None
    gates: bool = True


@dataclass(frozen=True)
class MissingFigure:
    """A figure the baseline has and a compared run lacks: the gate fails on it by default
    (``--missing warn`` reports it only), since a run that measured nothing must not pass."""

    label: str
    metric: str
    title: str
    baseline_value: float
    gates: bool = True


@dataclass(frozen=True)
class Comparison:
    runs: tuple[RunInfo, ...]
    baseline: str  # label of the baseline run
    threshold: float
    alpha: float
    min_recordings: int
    figures: tuple[FigureComparison, ...]
    environment: tuple[EnvField, ...]
    warnings: tuple[str, ...]

    @property
    def changes(self) -> tuple[Change, ...]:
        out = []
        for fig in self.figures:
            base = next(c for c in fig.cells if c.verdict is Verdict.BASELINE)
            for cell in fig.cells:
                if cell.verdict in (Verdict.REGRESSION, Verdict.IMPROVEMENT):
                    out.append(Change(cell.label, fig.metric, fig.title, cell.verdict, cell.basis,
                                       base.value, cell.value, cell.relative_delta, cell.p_value,
                                       cell.p_adjusted, fig.gates))
        return tuple(out)

    @property
    def regressions(self) -> tuple[Change, ...]:
        """Every regression, tested or indicative (see :meth:`gate`)."""
        return tuple(f for f in self.changes if f.verdict is Verdict.REGRESSION)

    def gate(self, *, indicative_fails: bool = True) -> tuple[Change, ...]:
        """The regressions that fail ``--fail-on-regression``.

        Tested regressions always do. Indicative ones (too few recordings to test) do by default,
        so a large slowdown on one recording never passes silently; ``indicative_fails=False``
        (``--indicative warn``) reports them without failing. A figure that does not gate (the
        system's CPU) never fails it.
        """
        return tuple(f for f in self.regressions if f.gates
                     and (indicative_fails or f.basis is not Basis.INDICATIVE))

    @property
    def missing(self) -> tuple[MissingFigure, ...]:
        """Per compared run, each figure the baseline has and that run lacks, in figure order."""
        out = []
        for fig in self.figures:
            base = next(c for c in fig.cells if c.verdict is Verdict.BASELINE)
            if base.value is None:
                continue
            out += [MissingFigure(cell.label, fig.metric, fig.title, base.value, fig.gates)
                    for cell in fig.cells if cell.verdict is not Verdict.BASELINE
                    and cell.value is None]
        return tuple(sorted(out, key=lambda m: [r.label for r in self.runs].index(m.label)))

    def missing_text(self, *, gating_only: bool = False) -> str:
        """``cand: Uncached load, Cached load; other: App CPU peak`` (empty when nothing is
        missing); ``gating_only``: only the figures that fail the gate."""
        by: dict[str, list[str]] = {}
        for m in self.missing:
            if gating_only and not m.gates:
                continue
            by.setdefault(m.label, []).append(m.title)
        return "; ".join(f"{label}: {', '.join(titles)}" for label, titles in by.items())

    @property
    def improvements(self) -> tuple[Change, ...]:
        return tuple(f for f in self.changes if f.verdict is Verdict.IMPROVEMENT)

    def to_dict(self) -> dict[str, Any]:
        """The versioned JSON contract (serialise with ``sort_keys=True``)."""
        return {
            "format": COMPARE_FORMAT,
            "version": COMPARE_VERSION,
            "baseline": self.baseline,
            "threshold": self.threshold,
            "alpha": self.alpha,
            "min_recordings": self.min_recordings,
            "runs": [_plain(r) for r in self.runs],
            "figures": [
                {**_plain(f), "cells": [_plain(c) for c in f.cells]} for f in self.figures
            ],
            "environment": [
                {"name": e.name, "title": e.title, "differs": e.differs,
                 "values": {label: value for label, value in e.values}}
                for e in self.environment
            ],
            "warnings": list(self.warnings),
            "regressions": [_plain(f) for f in self.regressions],
            "improvements": [_plain(f) for f in self.improvements],
            "missing": [_plain(m) for m in self.missing],
        }


def _plain(value: Any) -> Any:
    from dataclasses import fields

    out = {}
    for f in fields(value):
        item = getattr(value, f.name)
        if isinstance(item, tuple):
            continue  # nested tuples are serialised explicitly by the caller
        out[f.name] = str(item) if isinstance(item, StrEnum) else item
    return out


@dataclass(frozen=True, eq=False)
class CompareDocument:
    """What the ``compare`` reporters render: the comparison plus its inputs (for the overlays),
    and the per-run aggregates the reports show (computed on first use)."""

    comparison: Comparison
    inputs: tuple[CompareInput, ...]

    @cached_property
    def step_distributions(self) -> tuple[tuple[str, StepDistribution], ...]:
        """(run label, its warm steps pooled over recordings) per input."""
        from profiler.analysis.aggregate import step_distribution

        return tuple((item.label, step_distribution(item.summary)) for item in self.inputs)

    @cached_property
    def loads_by_model(self) -> tuple[tuple[tuple[str, str], ...],
                                      dict[tuple[str, str], dict[str, float]]]:
        """The (model, kind) keys in order, and per key: run label -> seconds (see
        :func:`profiler.analysis.aggregate.run_loads_by_model`)."""
        from profiler.analysis.aggregate import run_loads_by_model

        table: dict[tuple[str, str], dict[str, float]] = {}
        for item in self.inputs:
            for (model, kind), seconds in run_loads_by_model(item.summary).items():
                table.setdefault((model, str(kind)), {})[item.label] = seconds
        order = {"uncached": 0, "cached": 1, "unknown": 2}
        keys = tuple(sorted(table, key=lambda k: (k[0], order.get(k[1], 3))))
        return keys, table
