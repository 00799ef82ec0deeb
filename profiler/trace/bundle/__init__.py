"""Reading Instruments ``.trace`` bundles directly, without a Mac or xctrace.

:func:`read_bundle` takes a bundle folder or a ``.trace.zip`` and returns
:class:`BundleContents`: the TOC and, per run, a :class:`~profiler.trace.model.Table` per store
with the same columns, dtypes and derived columns as :func:`profiler.trace.read_tables` gives
for the ``xctrace export`` of that table. See docs/bundles.md for what is read, what is not, and
what is unverified. Importing this package is light (numpy, pandas and lxml load on use).
"""

from __future__ import annotations

from profiler.trace.bundle.contents import VERIFIED_SCHEMAS, BundleContents, BundleRun, StoreInfo
from profiler.trace.bundle.files import Limits
from profiler.trace.bundle.reader import read_bundle

__all__ = ["VERIFIED_SCHEMAS", "BundleContents", "BundleRun", "Limits", "StoreInfo", "read_bundle"]
