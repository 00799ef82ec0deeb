"""Write a whole run folder: run.json, run-K/{toc.xml, <schema>.xml, console.log, crashes/}.

Also writes ``ground-truth.json`` at the top of the folder (the figures the analysis must
find) and returns it.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from profiler.runrecord import RunRecord
from tests.synthetic.groundtruth import GroundTruth, ground_truth
from tests.synthetic.logs import console_lines
from tests.synthetic.scenario import CrashSpec, Scenario, TraceShape
from tests.synthetic.timeline import Timeline, build
from tests.synthetic.writer import exported_name, write_table, write_toc


def _dump(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8", errors="replace", newline="\n")


def _ips(scenario: Scenario, tl: Timeline, crash: CrashSpec) -> str:
    """An IPS report: one JSON header line, then a JSON body. Field names follow public
    JetsamEvent (bug_type 298) / crash (bug_type 309) reports; the shape is UNCONFIRMED."""
    when = tl.start_date + timedelta(seconds=crash.at_s)
    stamp = when.strftime("%Y-%m-%d %H:%M:%S.00 %z")
    d = scenario.device
    os_version = f"iPhone OS {d.os_version}"
    footprint = crash.footprint_bytes or scenario.memory.footprint_peak_bytes
    largest = crash.largest_process or scenario.app_name
    incident = f"5YN7E71C-0000-4000-8000-{tl.number:04d}{int(crash.at_s * 1000):08d}"
    if crash.kind == "jetsam":
        header = {"bug_type": "298", "timestamp": stamp, "os_version": os_version,
                  "incident_id": incident, "synthetic": True}
        body = {"crashReporterKey": "SYNTHETIC", "product": d.product_type, "build": os_version,
                "incident": incident, "date": stamp, "largestProcess": largest,
                "memoryStatus": {"pageSize": 16384, "compressorSize": 88_000,
                                 "memoryPages": {"free": 3100, "active": 120_000,
                                                 "inactive": 60_000, "wired": 48_000,
                                                 "purgeable": 120, "anonymous": 150_000}},
                "processes": [
                    {"name": scenario.app_name, "pid": next((la.pid for la in tl.launches
                                                              if la.killed_at is not None),
                                                             tl.launches[0].pid),
                     "rpages": footprint // 16384, "lifetimeMax": footprint // 16384,
                     "reason": crash.reason, "states": ["frontmost"], "coalition": 400},
                    {"name": "SpringBoard", "pid": 34, "rpages": 9000, "states": ["daemon"]}]}
    else:
        header = {"app_name": scenario.app_name, "bundleID": scenario.bundle_id,
                  "bug_type": "309", "timestamp": stamp, "os_version": os_version,
                  "incident_id": incident, "name": scenario.app_name, "synthetic": True}
        body = {"procName": scenario.app_name, "pid": scenario.app_pid,
                "modelCode": d.product_type, "osVersion": {"train": os_version},
                "exception": {"type": crash.reason, "signal": "SIGABRT"},
                "termination": {"namespace": "SIGNAL", "code": 6, "indicator": "Abort trap: 6"},
                "threads": [{"triggered": True, "queue": "com.apple.main-thread"}]}
    return json.dumps(header, sort_keys=True) + "\n" + json.dumps(body, indent=2, sort_keys=True) + "\n"


def crash_file_name(scenario: Scenario, tl: Timeline, index: int, crash: CrashSpec) -> str:
    when = tl.start_date + timedelta(seconds=crash.at_s)
    app = re.sub(r"[^A-Za-z0-9._-]+", "_", scenario.app_name)  # hostile names stay one file
    prefix = "JetsamEvent" if crash.kind == "jetsam" else app
    return f"{prefix}-{when.strftime('%Y-%m-%d-%H%M%S')}-{index}.ips"


def write_recording(scenario: Scenario, recording: int, folder: Path) -> dict[str, Any]:
    """Write ``run-K``: the TOC, one export per table, console.log and crashes when asked."""
    tl = build(scenario, recording)
    folder.mkdir(parents=True, exist_ok=True)
    write_toc(scenario, recording, folder / "toc.xml")
    exports = {}
    for table in scenario.tables:
        if table in scenario.unexported_tables:
            continue
        name = exported_name(scenario, table)
        exports[name] = write_table(scenario, recording, table, folder / f"{name}.xml")
    entry: dict[str, Any] = {
        "name": tl.name, "index": recording, "folder": tl.name,
        "kind": "first" if recording == 1 else "warm", "bundle": None, "status": "saved",
        "started_at": tl.start_date.isoformat(timespec="milliseconds"),
        "duration_s": round(tl.end / 1e9, 3), "export": "ok",
        "tables": [f"{name}.xml" for name in exports],
        "console_log": None, "crash_reports": []}
    if tl.spec.console_log:
        lines = console_lines(scenario, tl)
        text = "".join(f"{ln}\r\n" for ln in lines)
        (folder / "console.log").write_bytes(text.encode("utf-8", "replace"))
        entry["console_log"] = f"{tl.name}/console.log"
    entry["crash_reports"] = write_crash_reports(scenario, tl, folder)
    return entry


def write_crash_reports(scenario: Scenario, tl: Timeline, folder: Path) -> list[str]:
    """The recording's .ips reports in ``folder/crashes/`` (or beside the exports)."""
    names = []
    for i, crash in enumerate(tl.spec.crashes):
        crashes = folder if crash.beside else folder / "crashes"
        crashes.mkdir(exist_ok=True)
        name = crash_file_name(scenario, tl, i, crash)
        (crashes / name).write_text(_ips(scenario, tl, crash), encoding="utf-8", errors="replace",
                                   newline="\n")
        names.append(name)
    return names


def run_json(scenario: Scenario, entries: list[dict[str, Any]]) -> RunRecord:
    """run.json as ``profiler run`` writes it (the typed record of profiler/runrecord.py),
    labelled: ``"synthetic": true``, SYNTHETIC in its note, device name and host."""
    d = scenario.device
    first = entries[0]["started_at"] if entries else scenario.start_date
    version, _, build_ = d.os_version.partition(" ")
    return RunRecord.from_dict({
        "format": "coreml-profiler.run", "version": 1, "synthetic": True, "name": scenario.name,
        "status": "complete", "error": None, "created_at": first, "finished_at": first,
        "profiler_version": None,
        "note": f"SYNTHETIC: written by tests/synthetic (scenario {scenario.name!r}, seed "
                f"{scenario.seed}); no device or Xcode was involved",
        "argv": ["python", "-m", "tests.synthetic.sample"], "options": None,
        "device": {"name": d.name, "marketing_name": d.model, "product_type": d.product_type,
                   "os_version": version, "os_build": build_.strip("()") or None,
                   "udid": d.uuid, "identifier": None, "connection": "synthetic",
                   "chip": d.chip, "ram_bytes": d.ram_bytes},
        "app": {"bundle_id": scenario.bundle_id if scenario.run_json_app else None,
                "install": None, "name": scenario.app_name if scenario.run_json_app else None},
        "versions": {"xctrace": scenario.instruments_version, "os": version,
                     "os_build": build_.strip("()") or None, "host": "SYNTHETIC"},
        "recordings": entries, "commands": [],
    })


def write_run(scenario: Scenario, out_dir: str | Path, *, force: bool = False) -> GroundTruth:
    """Write the run folder for ``scenario`` and return its ground truth.

    Refuses to write into a non-empty folder unless ``force`` (then the folder is replaced).
    """
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        if not force:
            raise FileExistsError(f"{out} is not empty (use force=True / --force)")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    if scenario.trace_shape is TraceShape.ONE_TRACE:
        from tests.synthetic.trace_run import write_one_trace

        entries = write_one_trace(scenario, out / "trace")
    else:
        entries = [write_recording(scenario, n, out / f"run-{n}")
                   for n in range(1, len(scenario.recordings) + 1)]
    run_json(scenario, entries).write(out / "run.json")
    truth = ground_truth(scenario)
    _dump(out / "ground-truth.json", truth.data)
    return truth
