"""``store add``: analyse a run and write its rows, unless the store already has it.

The run id is computed from the files before anything is analysed, so adding a run the store
has costs one hash. A run already stored is skipped, whichever profiler version stored it
(the result says which); ``replace`` re-analyses it and writes the new files before removing
the old ones, so a reader never finds the run missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from profiler.analysis.store import layout
from profiler.analysis.store.identity import RunMeta
from profiler.errors import ExitCode, InputError, ProfilerError

if TYPE_CHECKING:
    from profiler.analysis.summary import Summary


class Outcome(StrEnum):
    ADDED = "added"
    SKIPPED = "skipped"  # already stored; nothing changed
    REPLACED = "replaced"


@dataclass(frozen=True)
class AddResult:
    path: str
    run_id: str
    outcome: Outcome
    partition: tuple[str, str] | None = None  # (device, os_build); None when skipped
    stored_version: str | None = None  # the tool version of the files already there
    launches: int = 0
    files: tuple[str, ...] = ()


def parse_labels(pairs: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``k=v`` strings as sorted pairs; a usage error for one without ``=`` or an empty key."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ProfilerError(f"--label {pair!r} is not key=value", exit_code=ExitCode.USAGE,
                                hint="pass e.g. --label app=1.4")
        out[key.strip()] = value
    return tuple(sorted(out.items()))


#: Runs written per group commit by ``store add`` (their files are held in memory meanwhile).
BATCH = 100


def add_path(store: Path, path: Path, *, commit: str | None = None, branch: str | None = None,
             labels: tuple[tuple[str, str], ...] = (), replace: bool = False) -> AddResult:
    """Add one run folder, recording folder or table export to ``store`` (created if new)."""
    batch = Batch(store)
    batch.add_path(path, commit=commit, branch=branch, labels=labels, replace=replace)
    (result,) = batch.commit()
    return result


def store_analysis(store: Path, summary: Summary, meta: RunMeta, *,
                   existing: Sequence[Path] = (), source: str = "",
                   stored: str | None = None) -> AddResult:
    """Write the rows of an analysed run; ``existing`` files are removed once the new are in."""
    batch = Batch(store)
    batch.add_analysis(summary, meta, existing=existing, source=source, stored=stored)
    (result,) = batch.commit()
    return result


@dataclass
class _Pending:
    result: AddResult  # what the add reports once committed
    partition: tuple[str, str] | None = None
    tables: dict[str, Any] | None = None  # None: skipped, nothing to write
    existing: Sequence[Path] = ()


class Batch:
    """Runs added to one store together: each is checked and analysed as it comes, and all
    are written by :meth:`commit` in one group commit (docs/store.md, "Durability").

    The store is listed once per batch (not once per run); a run another process stores
    meanwhile is written again with the same bytes under the same names, which changes nothing.
    """

    def __init__(self, store: Path) -> None:
        self.store = store
        self._known: dict[str, dict[str, list[Path]]] | None = None  # listed on first use
        self._pending: list[_Pending] = []

    def __len__(self) -> int:
        return len(self._pending)

    def add_path(self, path: Path, *, commit: str | None = None, branch: str | None = None,
                 labels: tuple[tuple[str, str], ...] = (), replace: bool = False) -> None:
        """Check and analyse one run (errors are raised here, before anything is written)."""
        from profiler import __version__
        from profiler.analysis.store.identity import run_id as hash_run

        if not path.exists():
            raise InputError("no such file or folder", path=path,
                             hint="pass run folders (run.json + run-1/ …) or recording folders")
        if path.suffix == ".trace":
            raise InputError("is a .trace bundle; the store keeps exports", path=path,
                             hint="pass the run folder holding its exports (profiler run writes "
                             "them), or export the bundle on a Mac first")
        rid = hash_run(path)
        rows_files, existing = self._existing(rid)
        stored = stored_version(rows_files)
        # The runs row is what makes a run stored: samples alone are left from an add that
        # stopped half-way, and are rewritten.
        if (rows_files or self._queued(rid)) and not replace:
            self._pending.append(_Pending(AddResult(str(path), rid, Outcome.SKIPPED,
                                                    stored_version=stored)))
            return
        import profiler
        from profiler.analysis.store.identity import describe

        loaded = profiler.load(path)
        analysis = profiler.analyze(loaded)
        meta = describe(path, loaded, analysis, rid=rid, tool_version=__version__,
                        commit=commit, branch=branch, labels=labels)
        self.add_analysis(analysis.summary, meta, existing=existing, source=str(path),
                          stored=stored)

    def add_analysis(self, summary: Summary, meta: RunMeta, *,
                     existing: Sequence[Path] | None = None, source: str = "",
                     stored: str | None = None) -> None:
        """Queue the rows of an analysed run (``existing``: its files to supersede; by default
        those the store's listing has)."""
        from profiler.analysis.store import rows
        from profiler.analysis.store.identity import partition

        if existing is None:
            existing = self._existing(meta.run_id)[1]
        part = partition(meta, summary.device.product_type)
        tables = rows.tables(summary, meta)
        replaced = any(p.parent.parent.parent.name == "runs" for p in existing)
        result = AddResult(source, meta.run_id, Outcome.REPLACED if replaced else Outcome.ADDED,
                           part, stored, tables["runs"].num_rows)
        self._pending.append(_Pending(result, part, tables, existing))

    def commit(self) -> list[AddResult]:
        """Write every queued run (one group commit), remove what they supersede; the results
        in the order the runs came."""
        from dataclasses import replace

        todo = [p for p in self._pending if p.tables is not None]
        if todo:
            self._existing("")  # the store checked (created) before anything is written
        written = layout.write_runs(self.store, [(p.partition, p.result.run_id, p.tables)
                                                 for p in todo if p.partition and p.tables])
        files = {id(p): w for p, w in zip(todo, written, strict=True)}
        stale = [f for p, w in zip(todo, written, strict=True) for f in p.existing
                 if f not in w.values()]
        layout.remove(stale)
        out = [replace(p.result, files=tuple(str(f) for f in files[id(p)].values()))
               if id(p) in files else p.result for p in self._pending]
        self._pending = []
        self._known = None  # listed again if the batch goes on
        return out

    def _existing(self, rid: str) -> tuple[list[Path], list[Path]]:
        """The run's runs files, and all its files (runs and samples)."""
        if self._known is None:
            layout.check_store(self.store, create=True)
            self._known = layout.listing(self.store)
        rows_files = self._known["runs"].get(rid, [])
        return rows_files, rows_files + self._known["samples"].get(rid, [])

    def _queued(self, rid: str) -> bool:
        return any(p.result.run_id == rid and p.tables is not None for p in self._pending)


def stored_version(files: Sequence[Path]) -> str | None:
    """The tool version that wrote a stored run (from its runs file), if readable."""
    runs = [f for f in files if f.parent.parent.parent.name == "runs"]
    if not runs:
        return None
    import pyarrow.parquet as pq

    try:
        column = pq.read_table(runs[0], columns=["tool_version"]).column(0)
    except (OSError, KeyError, ValueError):
        return None
    return column[0].as_py() if len(column) else None
