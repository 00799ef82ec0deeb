"""coreml-profiler: how a Core ML model really behaves on an iPhone or iPad.

The public entry points are imported lazily so that ``import profiler`` stays cheap:

- :func:`profiler.load` reads a run folder, a recording folder, a single table export or a
  ``.trace`` bundle (a folder or a ``.trace.zip``; see :mod:`profiler.trace.locate`): its
  stores directly on any OS, and what the bundle reader cannot decode exported with this
  Mac's xcrun (:func:`profiler.device.export.bundle_exporter`) unless an ``exporter`` is given.
- :func:`profiler.analyze` turns what was loaded into a versioned summary plus time series.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from profiler.readers import Reader

if TYPE_CHECKING:
    from profiler.trace.export_commands import Exporter
    from profiler.trace.model import LoadedRun

__version__ = "0.1.0"

__all__ = ["Reader", "__version__", "analyze", "load"]


def load(path: str | Path, *, exporter: Exporter | None = None, xcrun: str | None = None,
         reader: Reader | str = Reader.AUTO, every_store: bool = False) -> LoadedRun:
    """Read a run folder, recording folder, table export or ``.trace`` bundle.

    ``reader`` says how a bundle is read (:class:`Reader`: ``auto``, ``bundle`` or ``xctrace``;
    docs/bundles.md); ``every_store`` reads every store of a bundle, not only the tables the
    analysis uses. The trace layer never runs xcrun itself: a bundle is exported by
    ``exporter``, by default the one built on ``xcrun`` (a path) or on the xcrun found through
    PROFILER_XCRUN or PATH.
    """
    # Imported here so `profiler --help` never imports pandas or lxml.
    from profiler.trace.export_commands import is_bundle
    from profiler.trace.locate import load as load_path

    reader = Reader(reader)
    if exporter is None and reader is not Reader.BUNDLE and is_bundle(Path(path)):
        from profiler.device.export import bundle_exporter

        exporter = bundle_exporter(xcrun)
    return load_path(path, exporter=exporter, reader=reader, every_store=every_store)


def __getattr__(name: str) -> Any:
    if name == "analyze":
        from profiler.analysis import analyze

        return analyze
    raise AttributeError(name)
