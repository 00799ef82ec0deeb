"""Analysis of a loaded run: model loads, steps, memory, CPU, Neural Engine, GPU, thermal.

Pure data in, data out: :func:`analyze` never prints. This module stays import-light (pandas is
imported by the submodules, inside functions) so that ``import profiler.analysis`` is cheap.
How every figure is computed: docs/analysis.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from profiler.analysis.result import Analysis
    from profiler.trace.model import LoadedRun

__all__ = ["analyze"]


def analyze(
    loaded: LoadedRun, *, logs: Sequence[str] = (), model_path: str | Path | None = None,
    command: Sequence[str] | None = None, redact: bool = False,
) -> Analysis:
    """Summarise every recording of ``loaded`` (see :mod:`profiler.analysis.summary`).

    ``logs`` are extra log files handed to the diagnostics; ``model_path`` is a model folder to
    inspect (``Analysis.inspection``); ``command`` is the report's command line after
    ``profiler``, shown in the environment; ``redact`` gives a result fit for a public issue
    (:mod:`profiler.analysis.redact`). Metrics that cannot be computed are listed, with the
    reason, in each recording's ``unavailable``; nothing here raises for a missing table.
    """
    from profiler.analysis.pipeline import analyze as _analyze

    return _analyze(loaded, logs=logs, model_path=model_path, command=command,
                    redact=redact)
