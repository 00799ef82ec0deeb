"""Where a store keeps its files, and the only code that writes them.

::

    STORE/store.json                                     written once: format and version
    STORE/runs/device=iPhone14%2C3/os_build=21A329/<run_id>.<schema>.parquet
    STORE/samples/device=iPhone14%2C3/os_build=21A329/<run_id>.<schema>.parquet

One Parquet file per run per table, named by the run id and a fingerprint of the file's columns
(8 hex digits of a hash of the Arrow schema), so two ``store add`` never write the same file
unless they add the same run with the same layout (and then the same content). Readers that
group files by fingerprint read each group without merging schemas, which is what keeps a
query over thousands of files fast; Spark's ``mergeSchema`` and DuckDB's ``union_by_name`` read
every file together as well. Each file is written to a
hidden temporary file in its folder (``.…tmp``: DuckDB's ``*.parquet`` globs, Spark and Hive all
skip it), flushed to disk and renamed over its name, so a reader sees the old file or the new
one, never half of one; :func:`write_runs` does it for many runs in one group commit
(:mod:`profiler.analysis.store.commit`). A run's samples are renamed in before its runs row, so a
reader that sees the row finds its samples. No file is ever modified in place.

Partition values are percent-encoded (RFC 3986 style) except ``A-Z a-z 0-9 . _ -``, and a
leading ``.`` or ``_`` is encoded too (Spark and Hive hide such folders): a device string from a
trace can never name a folder outside the store. Spark, pyarrow and DuckDB decode the values.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from profiler.analysis.store.columns import PARTITIONS, STORE_VERSION, UNKNOWN
from profiler.errors import InputError
from profiler.files import atomic_output

if TYPE_CHECKING:
    import pyarrow as pa

FORMAT = "coreml-profiler.analysis.store"
MARKER = "store.json"
TABLES = ("runs", "samples")
#: Longest partition value kept as is; a longer one is cut and given a hash of the whole.
MAX_VALUE = 80
_SAFE = re.compile(r"[A-Za-z0-9._-]")


def partition_value(value: str | None) -> str:
    """The string a partition holds: ``unknown`` when absent or blank, at most MAX_VALUE long."""
    text = (value or "").strip()
    if not text:
        return UNKNOWN
    if len(text) > MAX_VALUE:
        import hashlib

        text = text[: MAX_VALUE - 9] + "~" + hashlib.sha256(text.encode()).hexdigest()[:8]
    return text


def encode(value: str) -> str:
    """A partition value as a folder-name segment (see the module docstring)."""
    out = quote(value, safe="._-")
    if out.startswith((".", "_")):
        out = f"%{ord(out[0]):02X}" + out[1:]
    return out


def partition_dir(store: Path, table: str, partition: Sequence[str]) -> Path:
    parts = [f"{key}={encode(value)}" for key, value in zip(PARTITIONS, partition, strict=True)]
    return store.joinpath(table, *parts)


def file_name(run_id: str, schema: pa.Schema) -> str:
    return f"{run_id}.{fingerprint(schema)}.parquet"


def fingerprint(schema: pa.Schema) -> str:
    """8 hex digits naming a file's column names and types, in order."""
    import hashlib

    text = "\n".join(f"{f.name}: {f.type}" for f in schema)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def schema_of(path: Path) -> str:
    """The fingerprint in a data file's name (``<run_id>.<schema>.parquet``)."""
    return path.name.split(".")[-2]


def check_store(store: Path, *, create: bool) -> None:
    """Refuse a path that is not a store (or, with ``create``, make it one)."""
    marker = store / MARKER
    if marker.is_file():
        try:
            data = json.loads(marker.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"store marker cannot be read: {exc}", path=marker,
                             hint="the folder is not a profiler store, or its store.json is "
                             "damaged") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError("not a profiler store (store.json of another format)", path=store,
                             hint="pass a folder made by `profiler store add`")
        return
    if not create:
        raise InputError("not a profiler store (no store.json)", path=store,
                         hint="create it with `profiler store add STORE RUN…`")
    # Another `store add` creating the same store leaves only its marker's temporary file
    # (``.store.json.….tmp``) before the marker: that folder is still a new store.
    if store.exists() and (not store.is_dir() or any(
            not p.name.startswith(f".{MARKER}.") for p in store.iterdir())):
        raise InputError("exists and is not a profiler store", path=store,
                         hint="pass a new folder or an existing store")
    # Written once, never modified: concurrent creators write the same bytes.
    with atomic_output(marker, force=True, other="STORE") as out:
        json.dump({"format": FORMAT, "version": STORE_VERSION}, out, sort_keys=True)
        out.write("\n")


def find(store: Path, table: str, run_id: str) -> list[Path]:
    """Every file of ``run_id`` in ``table`` (normally one; two while a --replace moves it)."""
    prefix = f"{run_id}."
    out = []
    for folder in _partition_dirs(store / table):
        with os.scandir(folder) as entries:
            out += [Path(e.path) for e in entries if e.name.startswith(prefix)
                    and e.name.endswith(".parquet") and e.is_file(follow_symlinks=False)]
    return sorted(out)


def files(store: Path, table: str) -> list[Path]:
    """Every data file of ``table``, sorted (hidden temporary files excluded)."""
    out: list[Path] = []
    for folder in _partition_dirs(store / table):
        with os.scandir(folder) as entries:
            out.extend(Path(e.path) for e in entries
                       if e.name.endswith(".parquet") and not e.name.startswith((".", "_"))
                       and e.is_file(follow_symlinks=False))
    return sorted(out)


def _partition_dirs(root: Path) -> Iterator[Path]:
    """The ``key=value`` folders two levels below ``root`` (never through a link)."""
    for level_one in _subdirs(root, PARTITIONS[0]):
        yield from _subdirs(level_one, PARTITIONS[1])


def _subdirs(folder: Path, key: str) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return sorted(Path(e.path) for e in entries
                          if e.name.startswith(f"{key}=") and e.is_dir(follow_symlinks=False))
    except FileNotFoundError:
        return []


def write_run(store: Path, partition: Sequence[str], run_id: str,
              tables: dict[str, pa.Table]) -> dict[str, Path]:
    """Write one run's tables (see :func:`write_runs`); returns the files."""
    return write_runs(store, [(partition, run_id, tables)])[0]


def write_runs(store: Path, runs: Sequence[tuple[Sequence[str], str, dict[str, pa.Table]]]
               ) -> list[dict[str, Path]]:
    """Write the tables of many runs in one group commit (:mod:`.commit`); returns their files.

    Every samples file is renamed in before any runs file, so a reader that sees a run's row
    finds its samples (see the module docstring).
    """
    from profiler.analysis.store.commit import publish

    written: list[dict[str, Path]] = []
    files: list[tuple[Path, bytes]] = []
    for partition, run_id, tables in runs:
        out = {}
        for table in sorted(tables, key=lambda t: t != "samples"):
            folder = partition_dir(store, table, partition)
            _make_dirs(store, folder)
            out[table] = folder / file_name(run_id, tables[table].schema)
            files.append((out[table], parquet_bytes(tables[table])))
        written.append(out)
    publish(sorted(files, key=lambda f: f[0].parent.parent.parent.name != "samples"), store)
    return written


def parquet_bytes(table: pa.Table) -> bytes:
    """``table`` as a zstd Parquet file, built in memory (then written with one call)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def listing(store: Path) -> dict[str, dict[str, list[Path]]]:
    """table -> run id -> its files, from one scan of the store (what :func:`find` gives)."""
    out: dict[str, dict[str, list[Path]]] = {}
    for table in TABLES:
        runs: dict[str, list[Path]] = out.setdefault(table, {})
        for path in files(store, table):
            runs.setdefault(path.name.split(".")[0], []).append(path)
    return out


def remove(paths: Sequence[Path]) -> None:
    """Remove superseded files: the runs row first, so no row outlives its samples."""
    for path in sorted(paths, key=lambda p: p.parent.parent.parent.name != "runs"):
        path.unlink(missing_ok=True)


#: Partition folders this process made or checked (each is checked once, not per file).
_CHECKED: set[Path] = set()


def _make_dirs(store: Path, folder: Path) -> None:
    """Create ``folder`` below ``store``; refuse a link or a file on the way."""
    if folder in _CHECKED:
        return
    current = store
    for part in folder.relative_to(store).parts:
        current = current / part
        try:
            current.mkdir(exist_ok=True)
            mode = current.lstat().st_mode
        except OSError as exc:
            raise InputError(f"cannot create a store folder: {exc.strerror or exc}",
                             path=current, hint="check the store's permissions and free space") \
                from None
        if not stat.S_ISDIR(mode):
            raise InputError("is not a folder (a link or a file); the store never writes "
                             "through it", path=current, hint="remove it from the store")
    _CHECKED.add(folder)
