"""Per-run facts from ``form.template`` (NSKeyedArchiver): what the TOC and labels need.

``$top["com.apple.xray.run.data"]`` is an ``XRRunListData`` whose ``$1`` maps each run number
to a dictionary. The reader takes from it:

- ``runInfo`` (``XRRunInfo``): target device name/model/OS/platform/UUID, start and end
  (Unix seconds), duration, end reason, Instruments version, template, recording mode, time
  limit, target process name/pid/exit status, ``targetType`` (0 all processes, 2 attached;
  1 launched is assumed);
- ``target``: the target process (its executable path);
- ``processDatas`` and ``threadsByTID``: each process and thread carries a
  ``coreValueSignature`` equal to its reference in the arrayUniquer, which gives the names that
  xctrace prints in process and thread labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from profiler.errors import TraceFormatError
from profiler.trace.bundle.archive import Archive, Obj, int_keyed
from profiler.trace.bundle.files import HINT, BundleFiles


@dataclass(frozen=True)
class RunData:
    number: int
    info: dict[str, Any]  # XRRunInfo fields (``_targetName``…), decoded
    target: dict[str, Any] | None  # the target process, without its icon
    process_names: dict[int, str] = field(default_factory=dict)  # process ref -> name
    thread_names: dict[int, str] = field(default_factory=dict)  # thread ref -> name


def read_run_data(files: BundleFiles) -> dict[int, RunData]:
    """Run number -> :class:`RunData` (empty if the bundle has no ``form.template``)."""
    if not files.exists("form.template"):
        return {}
    where = files.where("form.template")
    archive = Archive(files.read("form.template"), where)
    run_list = archive.get(archive.top.get("com.apple.xray.run.data"))
    if not isinstance(run_list, Obj):
        raise TraceFormatError("form.template has no run data", path=where, hint=HINT)
    runs = archive.get(run_list.get("$1"))
    if not isinstance(runs, dict):
        raise TraceFormatError("form.template run data is not a dictionary", path=where, hint=HINT)
    out = {}
    for number, raw in runs.items():
        if isinstance(number, int):
            out[number] = _run(archive, number, archive.get(raw), where)
    return out


def _run(archive: Archive, number: int, run: Any, where: str) -> RunData:
    if not isinstance(run, dict):
        raise TraceFormatError(f"run {number} data is not a dictionary", path=where, hint=HINT)
    info = archive.full(run.get("runInfo"))
    target = archive.get(run.get("target"))
    target_fields = None
    if isinstance(target, dict):
        target_fields = {k: archive.full(v) for k, v in target.items() if k != "imageData"}
    processes: dict[int, str] = {}
    for raw in archive.get(run.get("processDatas")) or []:
        proc = archive.get(raw)
        if isinstance(proc, dict):
            ref, name = archive.get(proc.get("coreValueSignature")), archive.get(proc.get("displayName"))
            if isinstance(ref, int) and isinstance(name, str):
                processes[ref] = name
    threads: dict[int, str] = {}
    if run.get("threadsByTID") is not None:
        for raw in int_keyed(archive, run["threadsByTID"]).values():
            thread = archive.get(raw)
            if isinstance(thread, dict):
                ref = archive.get(thread.get("coreValueSignature"))
                name = archive.get(thread.get("preferredName"))
                if isinstance(ref, int) and isinstance(name, str):
                    threads[ref] = name
    return RunData(number, dict(info) if isinstance(info, dict) else {}, target_fields,
                   processes, threads)
