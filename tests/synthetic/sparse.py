"""Sparse ``sysmon-process`` rows, and the carry-forward arithmetic the truth applies to them.

``sysmon-process`` writes a row only when a process's values change [reported]. The generator
takes the Activity Monitor samples and writes a process's row only when its CPU percent or its
footprint (in steps of :data:`FOOTPRINT_STEP`) differs from its previous row. Reading it back,
each process's last value holds until its next row, and after its last row until the
recording ends (sysmon writes no exit row); system CPU at a time is the sum over the processes
that have had a row by then. Means are time-weighted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from tests.synthetic.render import Proc
from tests.synthetic.scenario import Scenario
from tests.synthetic.series import samples

FOOTPRINT_STEP = 16 << 20

Row = dict[str, Any]


def sysmon_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    last: dict[int, tuple[float, int]] = {}
    for s in samples(scenario, number):
        for p in s.processes:
            footprint = p.footprint // FOOTPRINT_STEP * FOOTPRINT_STEP
            values = (p.cpu_percent, footprint)
            if last.get(p.pid) == values:
                continue
            last[p.pid] = values
            yield {"time": s.time, "pid": p.pid, "process": Proc(p.name, p.pid),
                   "cpu": p.cpu_percent, "cpu_system": p.cpu_total_ns * 18 // 100,
                   "cpu_user": p.cpu_total_ns - p.cpu_total_ns * 18 // 100,
                   "threads": p.threads, "footprint": footprint,
                   "compressed": footprint // 20, "real_private": footprint * 9 // 10,
                   "real": footprint * 104 // 100}


def step_function(rows: Iterable[tuple[int, float]], end: int) -> list[tuple[int, int, float]]:
    """(start, end, value) pieces of one process's carried-forward value (rows in time order)."""
    rows = list(rows)
    out = []
    for i, (t, value) in enumerate(rows):
        until = rows[i + 1][0] if i + 1 < len(rows) else end
        if until > t:
            out.append((t, until, value))
    return out


def weighted_mean(pieces: list[tuple[int, int, float]]) -> float | None:
    total = sum(b - a for a, b, _ in pieces)
    return sum((b - a) * v for a, b, v in pieces) / total if total else None


def system_sum(per_process: dict[int, list[tuple[int, int, float]]],
               ) -> list[tuple[int, int, float]]:
    """The sum over live processes as (start, end, value) pieces between change points."""
    edges = sorted({t for pieces in per_process.values() for a, b, _ in pieces for t in (a, b)})
    out = []
    for a, b in zip(edges, edges[1:], strict=False):
        value = sum(v for pieces in per_process.values() for s, e, v in pieces if s <= a < e)
        out.append((a, b, value))
    return out
