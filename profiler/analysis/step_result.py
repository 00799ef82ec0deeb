"""The one 90th-percentile definition of the package (steps, compare and reports use it)."""

from __future__ import annotations

from collections.abc import Sequence


def p90(values: Sequence[float]) -> float:
    """The 90th percentile, linearly interpolated between order statistics (numpy's default)."""
    import numpy as np

    return float(np.percentile(np.asarray(values, dtype=float), 90))
