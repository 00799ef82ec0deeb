"""Two `profiler store add` processes on one store at once never corrupt it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from profiler.analysis.store import layout
from profiler.analysis.store.identity import run_id
from profiler.analysis.store.query import query
from tests.analysis.store.fleet import FleetRun

EXE = Path(sys.executable).with_name("profiler")


def _start(store: Path, *runs: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([str(EXE), "store", "add", str(store), *map(str, runs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_adding_to_a_new_store(fleet: list[FleetRun], tmp_path: Path) -> None:
    store = tmp_path / "store"
    # Both create the store, both add fleet[0] (the same files), each adds runs of its own.
    first = _start(store, fleet[0].path, fleet[1].path, fleet[2].path)
    second = _start(store, fleet[0].path, fleet[3].path, fleet[4].path)
    outs = [p.communicate(timeout=240) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outs
    wanted = {run_id(run.path) for run in fleet[:5]}
    rows = query(store, "SELECT run_id, count(*) AS launches FROM runs GROUP BY run_id").to_pylist()
    assert {r["run_id"] for r in rows} == wanted
    assert all(r["launches"] == 3 for r in rows)  # fleet[0] is not doubled
    for rid in wanted:
        assert len(layout.find(store, "runs", rid)) == len(layout.find(store, "samples", rid)) == 1
    leftovers = [p for p in store.rglob("*") if p.is_file() and p.name.endswith(".tmp")]
    assert leftovers == []
    steps = query(store, "SELECT count(*) AS n FROM samples WHERE metric = 'step_s'").to_pylist()
    assert steps == [{"n": sum(len(rec["steps"]["durations_s"]) for run in fleet[:5]
                               for rec in run.truth.recordings)}]
