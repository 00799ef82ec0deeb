"""Which reader reads a ``.trace`` bundle: ``--reader`` of ``profiler report`` and ``tables``.

A base module (no imports from the package) so that the CLI can offer the choice without
importing the trace layer, and the trace layer can act on it (:mod:`profiler.trace.bundled`).
"""

from __future__ import annotations

from enum import StrEnum


class Reader(StrEnum):
    """How a ``.trace`` bundle (a folder or a ``.trace.zip``) is read; see docs/bundles.md."""

    #: the bundle reader first; ``xctrace export`` (when xcrun is here) for what it cannot read
    AUTO = "auto"
    #: the bundle reader only, on any OS; what it cannot read is listed with its export command
    BUNDLE = "bundle"
    #: ``xctrace export`` only (a Mac with Xcode), or an export made before beside the bundle
    XCTRACE = "xctrace"
