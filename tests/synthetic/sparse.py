"""Sparse ``sysmon-process`` rows (the truth's carry-forward arithmetic: truth_rules.pieces).

``sysmon-process`` writes a row only when a process's values change [reported]. The generator
takes the Activity Monitor samples and writes a process's row only when its CPU percent or its
footprint (in steps of :data:`FOOTPRINT_STEP`) differs from its previous row. Reading it back,
each process's last value holds until its next row, and after its last row until the
recording ends (sysmon writes no exit row); system CPU at a time is the sum over the processes
that have had a row by then. Means are time-weighted. A process that stops being sampled
(ANECompilerService after a compile, the app between launches) gets one row with 0 % CPU.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from tests.synthetic.render import Proc
from tests.synthetic.scenario import Scenario
from tests.synthetic.series import ProcSample, samples

FOOTPRINT_STEP = 16 << 20

Row = dict[str, Any]


def sysmon_rows(scenario: Scenario, number: int) -> Iterator[Row]:
    last: dict[int, tuple[float, int]] = {}
    idle: dict[int, ProcSample] = {}
    for s in samples(scenario, number):
        present = {p.pid for p in s.processes}
        # A process no longer sampled (the compiler after a compile, the app between launches)
        # went idle: its CPU changed to 0, which is a change, so it gets one more row.
        gone = [replace(p, cpu_percent=0.0) for pid, p in idle.items() if pid not in present
                and last[pid][0] != 0.0]
        for p in sorted((*s.processes, *gone), key=lambda p: p.pid):
            footprint = p.footprint // FOOTPRINT_STEP * FOOTPRINT_STEP
            values = (p.cpu_percent, footprint)
            idle[p.pid] = p
            if last.get(p.pid) == values:
                continue
            last[p.pid] = values
            yield {"time": s.time, "pid": p.pid, "process": Proc(p.name, p.pid),
                   "cpu": p.cpu_percent, "cpu_system": p.cpu_total_ns * 18 // 100,
                   "cpu_user": p.cpu_total_ns - p.cpu_total_ns * 18 // 100,
                   "threads": p.threads, "footprint": footprint,
                   "compressed": footprint // 20, "real_private": footprint * 9 // 10,
                   "real": footprint * 104 // 100}
