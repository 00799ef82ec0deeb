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
from typing import TYPE_CHECKING

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


def add_path(store: Path, path: Path, *, commit: str | None = None, branch: str | None = None,
             labels: tuple[tuple[str, str], ...] = (), replace: bool = False) -> AddResult:
    """Add one run folder, recording folder or table export to ``store`` (created if new)."""
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
    layout.check_store(store, create=True)
    rows_files = layout.find(store, "runs", rid)
    existing = rows_files + layout.find(store, "samples", rid)
    stored = stored_version(rows_files)
    # The runs row is what makes a run stored: samples alone are left from an add that
    # stopped half-way, and are rewritten.
    if rows_files and not replace:
        return AddResult(str(path), rid, Outcome.SKIPPED, stored_version=stored)
    import profiler
    from profiler.analysis.store.identity import describe

    loaded = profiler.load(path)
    analysis = profiler.analyze(loaded)
    meta = describe(path, loaded, analysis, rid=rid, tool_version=__version__,
                    commit=commit, branch=branch, labels=labels)
    return store_analysis(store, analysis.summary, meta, existing=existing, source=str(path),
                          stored=stored)


def store_analysis(store: Path, summary: Summary, meta: RunMeta, *,
                   existing: Sequence[Path] = (), source: str = "",
                   stored: str | None = None) -> AddResult:
    """Write the rows of an analysed run; ``existing`` files are removed once the new are in."""
    from profiler.analysis.store import rows
    from profiler.analysis.store.identity import partition

    part = partition(meta, summary.device.product_type)
    tables = rows.tables(summary, meta)
    written = layout.write_run(store, part, meta.run_id, tables)
    layout.remove([p for p in existing if p not in written.values()])
    replaced = any(p.parent.parent.parent.name == "runs" for p in existing)
    return AddResult(source, meta.run_id, Outcome.REPLACED if replaced else Outcome.ADDED,
                     part, stored, tables["runs"].num_rows,
                     tuple(str(p) for p in written.values()))


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
