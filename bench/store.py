"""Store benchmark: `python -m bench.store [--runs N] [--repeat K]` (run by `make bench`).

Analyses a few SYNTHETIC run folders once (tests/synthetic: two devices, two OS builds), then
stores N runs built from them (each its own run id, commit and time) and times, in this one
process and interleaved:

- (s) the store's write path for every run, as ``store add`` of many runs takes it (batches of
  ``profiler.analysis.store.add.BATCH`` = 100 runs, one per chunk below): the existence check
  (one listing of the store per batch), the rows built from the summary, both tables written
  under their partitions in one group commit (every file to a temporary file, all flushed to
  disk, renamed, the renames flushed: ``profiler/analysis/store/commit.py``), against
  (p) a plain pyarrow write of the same rows: ``Table.from_pylist`` + ``pq.write_table`` into
  the same Hive folders, nothing else (never synced);
- (q) ``profiler.analysis.store.query.query`` (views over every file, the sandbox, one SELECT) against
  (d) the same SELECT in a bare DuckDB connection over a ``read_parquet`` glob of the files
  (each timed 5 times, alternately; the medians are compared).

The writes are interleaved in chunks of 100 runs, so a change in the machine's load (it is
shared) hits both sides alike.

Analysis and hashing are left out of both sides: they are the analyser's cost, not the store's.
Targets: s/p <= 1.5 and q/d <= 1.5. For information, (s0) is the store's write path with the
two flushes skipped: the share of (s) that is durability (plain pyarrow never syncs).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.targets import record

TARGET = 1.5
CHUNK = 100  # profiler.analysis.store.add.BATCH: one store batch per chunk
QUERIES = 5
SQL = ("SELECT device, os_build, count(DISTINCT run_id) AS runs, median(step_median_s) AS step, "
       "max(run_peak_footprint_bytes) AS peak FROM {runs} GROUP BY ALL ORDER BY ALL")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import duckdb  # noqa: F401  (imported before timing)

    from profiler.analysis.store.add import BATCH

    assert CHUNK == BATCH, "a chunk is one batch of store add"
    import pyarrow.parquet  # noqa: F401

    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        runs = synthetic_runs(root / "runs", args.runs)
        print(f"SYNTHETIC: {len(runs)} runs from 4 analysed run folders, prepared in "
              f"{time.perf_counter() - t0:.1f} s")
        print(f"before: load average {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} CPUs")
        writes, queries, unsynced = [], [], []
        for n in range(1, args.repeat + 1):
            plain_s = store_s = nosync_s = 0.0
            # Interleaved in chunks of 100 runs so a change in the machine's load hits every
            # side alike; each write starts with no dirty pages left by the one before
            # (os.sync, untimed): the store's syncfs, like an fsync on ext4, also flushes other
            # files' pending data.
            for start in range(0, len(runs), CHUNK):
                chunk = runs[start:start + CHUNK]
                os.sync()
                plain_s += plain_write(root / f"plain-{n}", chunk)
                os.sync()
                store_s += store_write(root / f"store-{n}", chunk)
                os.sync()
                nosync_s += store_write(root / f"nosync-{n}", chunk, sync=False)
            writes.append(store_s / plain_s)
            unsynced.append(nosync_s / plain_s)
            print(f"pass {n}: (s) store {store_s:6.2f} s  (p) pyarrow {plain_s:6.2f} s  "
                  f"s/p = {writes[-1]:.2f} (target <= {TARGET}) {_verdict(writes[-1])}  "
                  f"[(s0) without the flushes {nosync_s:6.2f} s, s0/p = {unsynced[-1]:.2f}]")
            duck, ours = [], []
            for _ in range(QUERIES):  # alternately; the median of each side
                duck_s, want = duckdb_query(root / f"store-{n}")
                query_s, got = store_query(root / f"store-{n}")
                duck.append(duck_s)
                ours.append(query_s)
            duck_s, query_s = statistics.median(duck), statistics.median(ours)
            if got != want:
                print(f"results differ: store {got[:2]}, duckdb {want[:2]}")
                return 1
            queries.append(query_s / duck_s)
            print(f"pass {n}: (q) store query {query_s * 1e3:6.1f} ms  (d) duckdb "
                  f"{duck_s * 1e3:6.1f} ms  rows {len(got)}  q/d = {queries[-1]:.2f} "
                  f"(target <= {TARGET}) {_verdict(queries[-1])}")
        print(f"after: load average {os.getloadavg()[0]:.2f} (1 min)")
        print(f"s0/p (store write without the flushes, for information): median "
              f"{statistics.median(unsynced):.2f}")
        for name, ratios in (("s/p (store write)", writes), ("q/d (store query)", queries)):
            median = statistics.median(ratios)
            print(f"{name} over {len(ratios)} pass(es): min {min(ratios):.2f}, median "
                  f"{median:.2f}, max {max(ratios):.2f} (target <= {TARGET}) {_verdict(median)}")
            record(f"  {name} of 1,000 runs against plain pyarrow/DuckDB (issue 18): median "
                   f"{median:.2f}x (target <= {TARGET}x) {_verdict(median).replace('not met', 'NOT MET')}")
    return 0


def _verdict(ratio: float) -> str:
    return "met" if ratio <= TARGET else "not met"


def synthetic_runs(folder: Path, count: int) -> list[tuple[Any, Any]]:
    """``count`` (summary, RunMeta) pairs over four analysed SYNTHETIC runs."""
    import profiler
    from profiler import __version__
    from profiler.analysis.store.identity import RunMeta
    from tests.analysis.store.fleet import DEVICES, LAUNCHES
    from tests.synthetic import sample_scenario, write_run

    base = sample_scenario()
    summaries = []
    for i, (device, mean_s) in enumerate(DEVICES + DEVICES[2:]):
        scenario = replace(base, name=f"bench-{i}", seed=i, device=device, recordings=LAUNCHES,
                           steps=replace(base.steps, count=20, mean_s=mean_s))
        write_run(scenario, folder / scenario.name)
        summaries.append(profiler.analyze(profiler.load(folder / scenario.name)).summary)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    out = []
    for i in range(count):
        summary = summaries[i % len(summaries)]
        build = (summary.device.os_version or "").split("(")[-1].rstrip(")")
        meta = RunMeta(hashlib.sha256(str(i).encode()).hexdigest()[:20], "run-folder",
                       __version__, recorded_at=start + timedelta(hours=i), commit=f"c{i}",
                       branch="main", os_build=build)
        out.append((replace(summary, name=f"bench-run-{i}"), meta))
    return out


def store_write(store: Path, runs: list[tuple[Any, Any]], *, sync: bool = True) -> float:
    """The write path of ``store add`` for these runs, as one batch (one group commit)."""
    from unittest import mock

    from profiler.analysis.store import commit, layout
    from profiler.analysis.store.add import Batch

    layout.check_store(store, create=True)
    skip = (lambda *a: None) if not sync else None
    with mock.patch.object(commit, "flush_files", skip or commit.flush_files), \
            mock.patch.object(commit, "flush_folders", skip or commit.flush_folders):
        t = time.perf_counter()
        batch = Batch(store)  # lists the store once: the existence check of every run
        for summary, meta in runs:
            batch.add_analysis(summary, meta)
        batch.commit()
        return time.perf_counter() - t


def plain_write(root: Path, runs: list[tuple[Any, Any]]) -> float:
    """The same rows written with pyarrow alone (rows built before the clock starts)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from profiler.analysis.store import layout, rows
    from profiler.analysis.store.columns import RUNS, SAMPLES, arrow_schema
    from profiler.analysis.store.identity import partition

    prepared = []
    for summary, meta in runs:
        run = rows.run_row(summary, meta)
        units = list(rows.launches(summary))
        prepared.append((partition(meta, summary.device.product_type), meta.run_id,
                         [{**run, **rows.launch_row(u)} for u in units],
                         [r for u in units for r in rows.sample_rows(u, meta.run_id)]))
    schemas = {"runs": arrow_schema(RUNS), "samples": arrow_schema(SAMPLES)}
    t = time.perf_counter()
    for part, rid, run_rows, sample_rows in prepared:
        for table, data in (("samples", sample_rows), ("runs", run_rows)):
            folder = layout.partition_dir(root, table, part)
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pylist(data, schema=schemas[table]),
                           folder / f"{rid}.parquet", compression="zstd")
    return time.perf_counter() - t


def store_query(store: Path) -> tuple[float, list[dict[str, Any]]]:
    from profiler.analysis.store.query import query

    t = time.perf_counter()
    result = query(store, SQL.format(runs="runs")).to_pylist()
    return time.perf_counter() - t, result


def duckdb_query(store: Path) -> tuple[float, list[dict[str, Any]]]:
    import duckdb

    source = (f"read_parquet('{store}/runs/*/*/*.parquet', hive_partitioning=true, "
              "hive_types={'device': 'VARCHAR', 'os_build': 'VARCHAR'})")
    t = time.perf_counter()
    con = duckdb.connect()
    result = con.sql(SQL.format(runs=source)).to_arrow_table().to_pylist()
    con.close()
    return time.perf_counter() - t, result


if __name__ == "__main__":
    raise SystemExit(main())
