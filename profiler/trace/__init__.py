"""Reading ``xcrun xctrace export`` XML: :func:`read_toc`, :func:`read_tables`, :func:`sniff`.

Importing this package is light: lxml and pandas are imported inside the readers, on first use.
"""

from __future__ import annotations

from profiler.trace.model import (
    Column,
    Device,
    ProcessInfo,
    Progress,
    RunSummary,
    Schema,
    Table,
    TableInfo,
    TargetProcess,
    Toc,
    TocRun,
)
from profiler.trace.source import sniff
from profiler.trace.tables import read_tables
from profiler.trace.toc import read_toc

__all__ = [
    "Column",
    "Device",
    "ProcessInfo",
    "Progress",
    "RunSummary",
    "Schema",
    "Table",
    "TableInfo",
    "TargetProcess",
    "Toc",
    "TocRun",
    "read_tables",
    "read_toc",
    "sniff",
]

