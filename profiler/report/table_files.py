"""Writing parsed tables to Parquet or CSV (`profiler tables --to`), each file atomically."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from profiler.errors import InputError
from profiler.files import atomic_output, check_target
from profiler.trace.model import Table

FORMATS = ("parquet", "csv")
#: Separator used for ``*_frames`` (tuples of symbol names) in CSV files, top frame first.
CSV_FRAME_SEPARATOR = " ← "


def output_paths(source: str | Path, tables: list[Table], out_dir: Path, fmt: str) -> list[Path]:
    """One path per table: ``<file stem>.<schema>[.<n>].<fmt>``."""
    stem = Path(source).stem
    paths = []
    for n, table in enumerate(tables, 1):
        name = re.sub(r"[^\w.-]+", "_", table.schema.name or "track-detail")
        suffix = f".{n}" if len(tables) > 1 else ""
        paths.append(out_dir / f"{stem}.{name}{suffix}.{fmt}")
    return paths


def check_free(paths: list[Path], force: bool) -> None:
    """Refuse, before anything is written, if an output exists and ``force`` is False (or is a
    folder, a link or not a regular file)."""
    for path in paths:
        check_target(path, force=force, other="DIR")


def write_table(table: Table, path: Path, fmt: str, *, force: bool = False) -> None:
    """Write ``table.frame`` to ``path``; dtypes are kept (Parquet) or documented (CSV)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown output format {fmt!r}", hint="use --to parquet or --to csv")
    frame = table.frame
    # Atomic like every output: a full disk leaves the old file (or none), never a truncated one.
    if fmt == "parquet":
        with atomic_output(path, force=force, binary=True, other="DIR") as handle:
            frame.to_parquet(handle, index=False)
        return
    frame = frame.copy()
    for name in frame.columns:
        if name.endswith("_frames") and frame[name].dtype == object:
            frame[name] = frame[name].map(_join, na_action="ignore")
    with atomic_output(path, force=force, other="DIR") as handle:
        frame.to_csv(handle, index=False)


def _join(frames: Any) -> str:
    return CSV_FRAME_SEPARATOR.join(frames)
