"""A column a later tool version adds reads alongside the files written before it."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

import profiler
from profiler.analysis.store import layout, rows
from profiler.analysis.store.identity import RunMeta, run_id
from profiler.analysis.store.query import query
from tests.analysis.store.fleet import FleetRun

NEW_RUN = "f" * 20


def write_later_version(store: Path, run: FleetRun) -> float:
    """Store ``run`` again under another id as a later layout would: one more column,
    ``thermal_headroom_s`` (SYNTHETIC: no such figure exists yet). Returns its value."""
    summary = profiler.analyze(profiler.load(run.path)).summary
    meta = RunMeta(NEW_RUN, "run-folder", "0.2.0", os_build=run.os_build)
    tables = rows.tables(summary, meta)
    value = 12.5
    runs = tables["runs"]
    tables["runs"] = runs.append_column(
        pa.field("thermal_headroom_s", pa.float64()), pa.array([value] * runs.num_rows))
    layout.write_run(store, (run.device.product_type, run.os_build), NEW_RUN, tables)
    return value


def test_duckdb_reads_a_new_column_beside_old_files(fleet: list[FleetRun],
                                                    store_copy: Path) -> None:
    value = write_later_version(store_copy, fleet[0])
    got = query(store_copy, "SELECT run_id = '" + NEW_RUN + "' AS new, thermal_headroom_s, "
                "count(*) AS n FROM runs GROUP BY ALL ORDER BY new").to_pylist()
    old_launches = 3 * len(fleet)
    assert got == [{"new": False, "thermal_headroom_s": None, "n": old_launches},
                   {"new": True, "thermal_headroom_s": value, "n": 3}]
    # the old column set still reads for every row, and the copy's figures are the original's
    same = query(store_copy, "SELECT count(DISTINCT run_step_median_s) AS n FROM runs WHERE "
                 f"run_id IN ('{NEW_RUN}', '{run_id(fleet[0].path)}')").to_pylist()
    assert same == [{"n": 1}]


def test_key_value_folders_above_the_store_are_not_columns(fleet_store: Path,
                                                           tmp_path: Path) -> None:
    import shutil

    moved = tmp_path / "team=ml" / "year=2024" / "store"
    shutil.copytree(fleet_store, moved)
    columns = query(moved, "SELECT * FROM runs LIMIT 1").column_names
    assert "team" not in columns and "year" not in columns
    assert {"device", "os_build"} <= set(columns)
    same = query(moved, "SELECT count(*) AS n FROM runs").to_pylist()
    assert same == query(fleet_store, "SELECT count(*) AS n FROM runs").to_pylist()
