"""TraceShape.ONE_TRACE: the recordings as the runs of one trace, exported together.

``trace/toc.xml`` lists one ``<run>`` per recording; ``trace/<schema>.xml`` is what
``xctrace export --xpath '/trace-toc/run/data/table[@schema="…"]'`` gives for a multi-run
trace: one ``<node>`` per run, one id space, the ``<schema>`` only in the first node, and an
empty run's node as ``<node xpath='…'></node>`` (real: mattmireles__mamba-asr-mps__fp16_w8_
coreml_rows.xml). Crash reports go beside the exports or in ``trace/crashes/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.synthetic.run import write_crash_reports
from tests.synthetic.scenario import Scenario
from tests.synthetic.timeline import build
from tests.synthetic.writer import exported_name, write_trace_table, write_trace_toc


def write_one_trace(scenario: Scenario, folder: Path) -> list[dict[str, Any]]:
    """Write ``folder`` (toc.xml, one export per table) and return run.json's entries."""
    folder.mkdir(parents=True, exist_ok=True)
    write_trace_toc(scenario, folder / "toc.xml")
    counts: dict[str, list[int]] = {}
    for table in scenario.tables:
        if table in scenario.unexported_tables:
            continue
        name = exported_name(scenario, table)
        counts[name] = write_trace_table(scenario, table, folder / f"{name}.xml")
    entries = []
    for number in range(1, len(scenario.recordings) + 1):
        tl = build(scenario, number)
        reports = write_crash_reports(scenario, tl, folder)
        entries.append({
            "name": f"{folder.name}#{number}", "index": number, "folder": folder.name,
            "kind": "first" if number == 1 else "warm", "bundle": None, "status": "saved",
            "simulated_load": "cached" if tl.spec.cached else "uncached",
            "started_at": tl.start_date.isoformat(timespec="milliseconds"),
            "duration_s": round(tl.end / 1e9, 3), "export": "ok",
            "tables": [f"{name}.xml" for name in counts],
            "rows": {name: rows[number - 1] for name, rows in counts.items()},
            "console_log": None, "crash_reports": reports})
    return entries
