"""coreml-profiler: how a Core ML model really behaves on an iPhone or iPad.

The public entry points are imported lazily so that ``import profiler`` stays cheap:

- :func:`profiler.load` reads a run folder, a recording folder, a single table export or a
  ``.trace`` bundle (see :mod:`profiler.trace.locate`).
- :func:`profiler.analyze` turns what was loaded into a versioned summary plus time series.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "analyze", "load"]


def __getattr__(name: str) -> Any:
    # Lazy so `profiler --help` never imports pandas or lxml.
    if name == "load":
        from profiler.trace.locate import load

        return load
    if name == "analyze":
        from profiler.analysis import analyze

        return analyze
    raise AttributeError(name)
