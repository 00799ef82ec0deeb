"""Significance tests and the verdict rule.

- Per-step latencies: two-sided Mann–Whitney U (no normality assumed; step times are skewed).
- Per-recording values: Welch's t (unequal variances). With 3 values a side, Mann–Whitney cannot
  reach p < 0.05 at all (its smallest two-sided p for 3 vs 3 is 0.1), so it would never flag
  anything.
- Both sides constant: no spread to test against, so p is 0 when the values differ and 1 when
  they are equal (this happens with synthetic, noise-free inputs).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from profiler.analysis.compare.comparison import Basis, Better, Verdict

MANN_WHITNEY = "mann-whitney-u"
WELCH = "welch-t"


def significance(a: Sequence[float], b: Sequence[float], *, per_step: bool) -> tuple[float, str]:
    """(two-sided p-value, test name) for samples ``a`` (baseline) and ``b``."""
    from scipy import stats

    if _constant(a) and _constant(b):
        return (0.0 if a[0] != b[0] else 1.0), (MANN_WHITNEY if per_step else WELCH)
    if per_step:
        p = stats.mannwhitneyu(a, b, alternative="two-sided").pvalue
        return float(p), MANN_WHITNEY
    p = stats.ttest_ind(a, b, equal_var=False).pvalue
    return (float(p) if not math.isnan(p) else 1.0), WELCH


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm–Bonferroni adjusted p-values, in the input order (monotone, capped at 1)."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def _constant(values: Sequence[float]) -> bool:
    return len(set(values)) <= 1


def relative_change(baseline: float | None, value: float | None) -> tuple[float | None, float | None]:
    """(absolute delta, relative delta as a fraction of the baseline); None when undefined."""
    if baseline is None or value is None:
        return None, None
    delta = value - baseline
    if baseline == 0:
        return delta, (0.0 if delta == 0 else None)
    return delta, delta / abs(baseline)


def verdict(
    relative_delta: float | None,
    better: Better,
    *,
    threshold: float,
    p_value: float | None,
    alpha: float,
    tested: bool,
) -> tuple[Verdict, Basis]:
    """Apply the rule documented in docs/compare.md.

    Beyond the threshold in the worse direction → regression, if significant (``tested``) or if
    there are too few recordings to test (``indicative``). Beyond it and tested but p ≥ alpha →
    ``noise``. Within the threshold → unchanged.
    """
    if relative_delta is None:
        return Verdict.UNAVAILABLE, Basis.NONE
    # A small epsilon keeps "exactly 10 % slower" at a 10 % threshold from flipping on rounding.
    if abs(relative_delta) <= threshold + 1e-12:
        return Verdict.UNCHANGED, Basis.NONE
    worse = relative_delta > 0 if better is Better.LOWER else relative_delta < 0
    change = Verdict.REGRESSION if worse else Verdict.IMPROVEMENT
    if not tested:
        return change, Basis.INDICATIVE
    if p_value is not None and p_value < alpha:
        return change, Basis.TESTED
    return Verdict.NOISE, Basis.TESTED

