"""The line ``profiler store add`` prints per run."""

from __future__ import annotations

from profiler import __version__
from profiler.analysis.store.add import AddResult, Outcome


def result_line(result: AddResult) -> str:
    """``added 9f19… traces/x (device iPhone14,3, OS build 21A329, 2 launches)`` and the like."""
    if result.outcome is Outcome.SKIPPED:
        why = "already in the store"
        if result.stored_version and result.stored_version != __version__:
            why += (f" (stored by profiler {result.stored_version}; pass --replace to store "
                    f"this version's analysis)")
        return f"skipped {result.run_id} {result.path}: {why}"
    device, os_build = result.partition or ("unknown", "unknown")
    return (f"{result.outcome} {result.run_id} {result.path} (device {device}, OS build "
            f"{os_build}, {result.launches} launch{'es' * (result.launches != 1)})")
