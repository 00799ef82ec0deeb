"""Compare runs against a baseline: side-by-side headline figures, noise-aware verdicts and an
environment check (``profiler compare``). Pure data: nothing here prints.
"""

from __future__ import annotations

from profiler.analysis.compare.comparison import (
    ALPHA,
    COMPARE_FORMAT,
    COMPARE_VERSION,
    MIN_RECORDINGS,
    Basis,
    Better,
    Cell,
    Change,
    CompareDocument,
    CompareInput,
    Comparison,
    EnvField,
    FigureComparison,
    RunInfo,
    Verdict,
)
from profiler.analysis.compare.core import check_gate, compare
from profiler.analysis.compare.environment import environment_from_run_json
from profiler.analysis.compare.inputs import compare_paths, load_input

__all__ = [
    "ALPHA",
    "COMPARE_FORMAT",
    "COMPARE_VERSION",
    "MIN_RECORDINGS",
    "Basis",
    "Better",
    "Cell",
    "CompareDocument",
    "CompareInput",
    "Comparison",
    "EnvField",
    "FigureComparison",
    "Change",
    "RunInfo",
    "Verdict",
    "check_gate",
    "compare",
    "compare_paths",
    "environment_from_run_json",
    "load_input",
]
