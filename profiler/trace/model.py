"""Typed values for xctrace exports: the TOC and parsed tables.

These dataclasses are the contract between the reader (:mod:`profiler.trace`) and everything
above it. Times in the TOC summary are timezone-aware datetimes; table times are int64 ns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from profiler.runrecord import RunRecord

#: Progress callback: (bytes read so far, total bytes or None when unknown).
Progress = Callable[[int, "int | None"], None]


@dataclass(frozen=True)
class Device:
    """``<device>`` or ``<host-device>`` in a TOC run."""

    name: str | None
    model: str | None
    os_version: str | None
    platform: str | None
    uuid: str | None


@dataclass(frozen=True)
class TargetProcess:
    """``<target><process>``: the launched or attached app."""

    name: str | None
    pid: int | None
    type: str | None  # "launched" | "attached"
    return_exit_status: int | None
    termination_reason: str | None
    arguments: str | None


@dataclass(frozen=True)
class RunSummary:
    """``<summary>`` of a run. Dates are None for a failed recording (empty elements)."""

    start_date: datetime | None
    end_date: datetime | None
    duration_s: float | None
    end_reason: str | None
    instruments_version: str | None
    template_name: str | None
    recording_mode: str | None
    time_limit: str | None
    #: instrument name -> {setting key: value}, from Apple's misspelt `intruments-recording-settings`.
    recording_settings: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ProcessInfo:
    """``<processes><process>``."""

    name: str | None
    pid: int | None
    path: str | None


@dataclass(frozen=True)
class TableInfo:
    """``<data><table>`` in a TOC. ``index`` is 1-based: the K of ``table[K]`` in export xpaths."""

    schema: str
    index: int
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TocRun:
    """One ``<run>`` of a TOC."""

    number: int
    device: Device | None
    host_device: Device | None
    target: TargetProcess | None
    all_processes: bool
    summary: RunSummary
    processes: tuple[ProcessInfo, ...]
    tables: tuple[TableInfo, ...]

    def tables_named(self, *schemas: str) -> tuple[TableInfo, ...]:
        """Tables whose schema is one of ``schemas`` (exact names, in TOC order)."""
        wanted = set(schemas)
        return tuple(t for t in self.tables if t.schema in wanted)


@dataclass(frozen=True)
class Toc:
    """A whole ``xctrace export --toc`` document.

    ``warnings`` lists values refused at the reader (e.g. a non-finite duration), read as None.
    """

    path: str
    runs: tuple[TocRun, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """One ``<col>`` of a table ``<schema>``."""

    mnemonic: str
    name: str | None
    engineering_type: str


@dataclass(frozen=True)
class Schema:
    """A table's ``<schema>``. Track-detail exports have ``name=None`` and no columns."""

    name: str | None
    columns: tuple[Column, ...]
    documentation: str | None = None

    def of_type(self, *engineering_types: str) -> tuple[Column, ...]:
        """Columns whose engineering type is one of the given ones, in schema order."""
        wanted = set(engineering_types)
        return tuple(c for c in self.columns if c.engineering_type in wanted)

    def by_mnemonic(self, mnemonic: str) -> Column | None:
        for column in self.columns:
            if column.mnemonic == mnemonic:
                return column
        return None


@dataclass(frozen=True, eq=False)
class Table:
    """One exported ``<node>``: its schema and its rows as a DataFrame.

    ``frame`` has one column per schema mnemonic (see docs/data-model.md for dtypes) plus derived
    columns for composite values (``<mnemonic>_pid`` for a process, ``<mnemonic>_tid`` and
    ``<mnemonic>_pid`` for a thread, ``<mnemonic>_top_frame`` for a backtrace). ``warnings`` holds non-fatal findings such as a truncated
    file read up to its last complete row. ``reader`` says which reader read it: ``compiled``,
    or ``python`` followed by why the compiled reader did not (``profiler tables --verbose``).
    """

    path: str
    xpath: str | None
    run_number: int | None
    table_index: int | None
    schema: Schema
    frame: pd.DataFrame
    row_count: int
    track_detail: bool = False
    warnings: tuple[str, ...] = ()
    reader: str = "python"


@dataclass(frozen=True, eq=False)
class LoadedRecording:
    """One recording (one app launch) as found on disk by :func:`profiler.load`.

    ``tables`` maps each exported schema name (as written in the export, e.g. an Xcode 27
    CamelCase spelling) to its parsed tables; ``missing`` maps a table of interest (its canonical
    name in :mod:`profiler.trace.catalog`) to why it is absent.
    ``console_log`` and ``crash_reports`` are file paths (the app's stdout captured through
    ``devicectl --console``, and ``crashes/*.ips``), never file contents. ``unverified`` lists
    the schemas (keys of ``tables``) decoded from a ``.trace`` bundle store by a mapping no real
    ``xctrace export`` of the same recording has confirmed yet (docs/bundles.md).
    """

    name: str
    folder: str | None
    toc_run: TocRun | None
    tables: dict[str, tuple[Table, ...]]
    missing: dict[str, str] = field(default_factory=dict)
    console_log: str | None = None
    crash_reports: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class LoadedRun:
    """What :func:`profiler.load` returns: a run folder, a recording, or a single export.

    ``run`` is the run folder's ``run.json`` (written by ``profiler run``), when there is one.
    """

    name: str
    path: str
    recordings: tuple[LoadedRecording, ...]
    run: RunRecord | None = None
