"""The :class:`~profiler.trace.model.Toc` of a bundle, from ``form.template`` run data.

Equal to what ``xctrace export --toc`` prints for the same bundle in these facts: device (name,
model, OS version with build, platform, UUID), target process (name, pid, attached/launched,
exit status, termination reason) or all processes, start and end dates (rounded to the
millisecond, as xctrace prints them, in UTC), duration (rounded to the microsecond), end
reason, Instruments version, template, recording mode and time limit.

Not the same: ``tables`` lists one entry per store in store order, with the spec's
attributes; xctrace's own ``table[K]`` order is not recorded in the bundle, so ``index`` is
the position in this list, not xctrace's K. ``processes`` holds only the target (xctrace also
lists the kernel). A termination reason absent from the bundle but implied by an exit status
is written ``exit(N)``, as xctrace did for the one real pair.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from profiler.trace.bundle.layout import TableSpec
from profiler.trace.bundle.rundata import RunData
from profiler.trace.model import (
    Device,
    ProcessInfo,
    RunSummary,
    TableInfo,
    TargetProcess,
    Toc,
    TocRun,
)

_ATTACHED, _LAUNCHED = 2, 1


def bundle_toc(path: str, runs: dict[int, tuple[RunData | None, list[TableSpec]]]) -> Toc:
    return Toc(path=path, runs=tuple(_run(n, data, specs) for n, (data, specs) in sorted(runs.items())))


def _run(number: int, data: RunData | None, specs: list[TableSpec]) -> TocRun:
    info: dict[str, Any] = data.info if data else {}
    tables = tuple(
        TableInfo(schema=s.schema, index=i, attributes={**s.attributes, "schema": s.schema})
        for i, s in enumerate(specs, 1)
    )
    target, processes = _target(info, data.target if data else None)
    return TocRun(
        number=number,
        device=_device(info, "_target") if info else None,
        host_device=_device(info, "_host") if info.get("_hostName") else None,
        target=target,
        all_processes=info.get("targetType") == 0,
        summary=_summary(info),
        processes=processes,
        tables=tables,
    )


def _device(info: dict[str, Any], prefix: str) -> Device:
    def text(key: str) -> str | None:
        value = info.get(prefix + key)
        return value if isinstance(value, str) else None

    return Device(name=text("Name"), model=text("Model"), os_version=text("OperatingSystem"),
                  platform=text("Platform"), uuid=text("UUID"))


def _target(info: dict[str, Any], target: dict[str, Any] | None) -> tuple[TargetProcess | None, tuple[ProcessInfo, ...]]:
    name, pid = info.get("_targetProcessName"), _int(info.get("_targetProcessPid"))
    if info.get("targetType") == 0 or name is None:
        return None, ()
    status = _int(info.get("_targetExitStatus"))
    reason = info.get("_targetTerminationInformation")
    if not isinstance(reason, str) and status is not None:
        reason = f"exit({status})"
    target_type = info.get("targetType")
    kind = {_ATTACHED: "attached", _LAUNCHED: "launched"}.get(target_type) \
        if isinstance(target_type, int) else None
    args = info.get("_arguments")
    proc = TargetProcess(name=name, pid=pid, type=kind, return_exit_status=status,
                         termination_reason=reason if isinstance(reason, str) else None,
                         arguments=args if isinstance(args, str) and args else None)
    path = target.get("_execname") if target else None
    return proc, (ProcessInfo(name=name, pid=pid, path=path if isinstance(path, str) else None),)


def _summary(info: dict[str, Any]) -> RunSummary:
    def text(key: str) -> str | None:
        value = info.get(key)
        return value if isinstance(value, str) else None

    duration = info.get("_rawDuration")
    return RunSummary(
        start_date=_date(info.get("_rawStartTime")),
        end_date=_date(info.get("_rawEndTime")),
        duration_s=round(duration, 6) if isinstance(duration, int | float) else None,
        end_reason=text("_endReason"),
        instruments_version=text("_instrumentVersion"),
        template_name=text("_templateName"),
        recording_mode=text("_recordingMode"),
        time_limit=text("_timeLimit"),
        recording_settings={},
    )


def _date(seconds: Any) -> datetime | None:
    if not isinstance(seconds, int | float) or seconds <= 0:
        return None
    ms = round(seconds * 1000)
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def _int(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None
