"""The presentation model of a comparison, shared by the Markdown, HTML and console outputs.

Values come out formatted with their units (:mod:`profiler.report.fmt`) so a figure reads the
same everywhere. Nothing here escapes: each reporter escapes for its own medium.
"""

from __future__ import annotations

from profiler.analysis.aggregate import StepDistribution
from profiler.analysis.compare.comparison import (
    Basis,
    Better,
    Cell,
    Change,
    CompareDocument,
    Comparison,
    FigureComparison,
    Verdict,
)
from profiler.report import fmt

_FORMATTERS = {"s": fmt.seconds, "bytes": fmt.nbytes, "percent": fmt.percent,
               "fraction": fmt.fraction, "steps/s": fmt.rate}
TEST_NAMES = {"mann-whitney-u": "Mann–Whitney U", "welch-t": "Welch's t"}


def value(unit: str, number: float | None) -> str:
    return _FORMATTERS.get(unit, fmt.text)(number)  # type: ignore[operator]


def delta(unit: str, cell: Cell) -> str:
    """``+0.11 s (+15.0 %)``; the missing mark when there is nothing to compare."""
    if cell.delta is None:
        return fmt.MISSING
    if cell.delta == 0:
        return "±0"
    if unit == "fraction":  # a change of a fraction reads best in percentage points
        absolute = f"{cell.delta * 100:+.1f} pp"
    elif unit == "percent":  # CPU %: 100 % is one core, so the delta is in points too
        absolute = f"{cell.delta:+.1f} pp" if abs(cell.delta) < 10 else f"{cell.delta:+.0f} pp"
    else:
        absolute = value(unit, cell.delta)
        absolute = absolute if absolute.startswith("-") else "+" + absolute
    if cell.relative_delta is None:
        return absolute
    return f"{absolute} ({cell.relative_delta * 100:+.1f} %)"


def arrow(better: Better) -> str:
    return "↓ lower" if better is Better.LOWER else "↑ higher"


def p_text(p: float | None) -> str:
    if p is None:
        return ""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def verdict(cell: Cell) -> str:
    """``regression (p < 0.001)``, ``regression (indicative)``, ``noise (p = 0.41)``…"""
    if cell.verdict is Verdict.BASELINE:
        return "baseline"
    if cell.verdict is Verdict.UNAVAILABLE:
        return "not available"
    if cell.basis is Basis.INDICATIVE:
        return f"{cell.verdict} (indicative)"
    p = p_text(cell.p_adjusted)
    return f"{cell.verdict} ({p})" if p else str(cell.verdict)


def finding(f: Change, fig: FigureComparison) -> str:
    """One line of the verdict list, without the run label."""
    change = f"{value(fig.unit, f.baseline_value)} → {value(fig.unit, f.value)}"
    rel = f" ({f.relative_delta * 100:+.1f} %)" if f.relative_delta is not None else ""
    if f.basis is Basis.INDICATIVE:
        why = "indicative: too few recordings to test"
    else:
        cell = next(c for c in fig.cells if c.label == f.label)
        why = f"{p_text(f.p_adjusted)}, {TEST_NAMES.get(cell.test or '', cell.test)} on {fig.samples}"
    context = "" if f.gates else " (context only: never fails the gate)"
    return f"{fig.title}: {change}{rel}, {why}{context}"


def tally(comparison: Comparison) -> str:
    """``2 regressions (1 not gated: System CPU peak), 0 improvements``."""
    reg, imp = comparison.regressions, comparison.improvements
    text = f"{len(reg)} regression{'s' * (len(reg) != 1)}"
    free = [f.title for f in reg if not f.gates]
    if free:
        text += f" ({len(free)} not gated: {', '.join(dict.fromkeys(free))})"
    return f"{text}, {len(imp)} improvement{'s' * (len(imp) != 1)}"


def figure_by_metric(comparison: Comparison, metric: str) -> FigureComparison:
    return next(f for f in comparison.figures if f.metric == metric)


def others(comparison: Comparison) -> tuple[str, ...]:
    return tuple(r.label for r in comparison.runs if r.label != comparison.baseline)


def rule_text(comparison: Comparison) -> tuple[str, ...]:
    """The verdict rule, in sentences every output repeats."""
    t = f"{comparison.threshold * 100:g} %"
    return (
        f"A figure changes when it moves more than the threshold ({t}) from the baseline "
        f"({comparison.baseline}); the arrow shows the better direction.",
        f"With at least {comparison.min_recordings} recordings on each side the change is "
        f"tested: Mann–Whitney U on per-step latencies (step 1 excluded) for the step figures, "
        f"Welch's t on per-recording values for the others. p-values are Holm-adjusted over "
        f"every test of the comparison; p < {comparison.alpha:g} is significant.",
        "A change that is not significant is reported as noise, never as a regression.",
        "The system's CPU peak moves with whatever else ran on the device: it is shown for "
        "context and never fails the gate, which compares the app's CPU peak.",
        "With fewer recordings the verdict is indicative (threshold only, no noise estimate); "
        "--fail-on-regression fails on indicative regressions too, unless --indicative warn.",
    )


def step_stats(doc: CompareDocument) -> tuple[tuple[str, StepDistribution], ...]:
    """(run label, warm-step distribution) per run, for the distribution table."""
    return doc.step_distributions


def loads_per_model(
    doc: CompareDocument,
) -> tuple[tuple[tuple[str, str], ...], dict[tuple[str, str], dict[str, float]]]:
    """Per (model, kind): run label → seconds (computed by the analysis)."""
    return doc.loads_by_model


def document(doc: CompareDocument | Comparison) -> CompareDocument:
    """Reporters accept a bare Comparison too (no inputs, so no overlays)."""
    return doc if isinstance(doc, CompareDocument) else CompareDocument(doc, ())


def default_stem(comparison: Comparison) -> str:
    """``compare-<label>-vs-<label>…`` with each label made file-name safe."""
    from profiler.report.outputs import slug

    return "compare-" + "-vs-".join(slug(r.label) for r in comparison.runs)
