"""Sentences about the device's limits that several reports show: the footprint's share of the
jetsam figure, which jetsam figure applies, and what a CPU percent means on this chip."""

from __future__ import annotations

from profiler.analysis.result import Analysis
from profiler.report import fmt


def budget_share(analysis: Analysis, footprint_bytes: int | None) -> str | None:
    """``93 % of the 2.80 GiB jetsam budget``, ``exceeds the 2.80 GiB jetsam budget (111 %)``,
    or ``no documented jetsam budget`` when the device's RAM is known but no source gives one."""
    from profiler.analysis.run_facts import budget_use

    limits = analysis.limits
    use = budget_use(limits, footprint_bytes)
    if use is None:
        return "no documented jetsam budget" if limits.ram_bytes and not limits.jetsam_bytes else None
    figure = f"the {fmt.nbytes(use.limit_bytes)} jetsam {limits.word}"
    if use.exceeded:
        return f"exceeds {figure} ({fmt.fraction(use.share)})"
    return f"{fmt.fraction(use.share)} of {figure}"


def cpu_scale(analysis: Analysis) -> str:
    """``100 % = one core of a 6-core chip`` (cores from the device catalog), else one core."""
    cores = analysis.summary.device.cpu_cores
    return f"100 % = one core of a {cores}-core chip" if cores else "100 % = one core"


def system_cpu_detail(analysis: Analysis) -> str | None:
    """Whose the system figure is: every process (the system table), or only the sampled ones
    summed, which is a lower bound; None when no recording has one (nothing to describe)."""
    from profiler.analysis.cpu import SUMMED

    cpus = [r.cpu for r in analysis.summary.recordings
            if r.cpu is not None and r.cpu.system_peak_percent is not None]
    if not cpus:
        return None
    if all(SUMMED in c.source for c in cpus):
        return "sampled processes summed (a lower bound)"
    return "whole device, every process"


def cpu_note(analysis: Analysis) -> str:
    """The sentence over the CPU chart: what 100 % means and the ceiling of this device's chip."""
    cores = analysis.summary.device.cpu_cores
    if cores:
        return (f"100 % is one fully busy core; this device's {cores}-core chip can reach "
                f"{cores * 100} %.")
    return "100 % is one fully busy core; the device's core count is not in the catalog."


def jetsam_label(analysis: Analysis) -> str:
    """``jetsam budget`` (the documented figure) or ``jetsam limit`` (measured in a report)."""
    from profiler.analysis.run_facts import LimitSource

    measured = analysis.limits.jetsam_source is LimitSource.MEASURED
    return "jetsam limit" if measured else "jetsam budget"


def memory_note(analysis: Analysis) -> str:
    """The sentence under the memory chart: which jetsam figure is drawn, and why."""
    from profiler.analysis.run_facts import LimitSource

    limits = analysis.limits
    if limits.jetsam_bytes and limits.jetsam_source is LimitSource.MEASURED:
        return (f"Jetsam limit: {fmt.nbytes(limits.jetsam_bytes)}, "
                f"{limits.jetsam_origin} of this run.")
    if limits.jetsam_bytes and limits.budget_device:
        return (f"Jetsam budget: {fmt.nbytes(limits.jetsam_bytes)}, {limits.jetsam_origin} "
                "(a reported figure, not an Apple specification).")
    if limits.jetsam_bytes:
        return (f"Jetsam budget: {fmt.nbytes(limits.jetsam_bytes)} for this RAM class without "
                "the Increased Memory Limit entitlement (reported figure, not an Apple "
                "specification).")
    if limits.ram_bytes:
        return ("No documented jetsam budget for this device's RAM class, so no budget line is "
                "drawn; a JetsamEvent report beside the exports gives the measured limit.")
    return "The device's RAM is unknown, so no RAM or jetsam budget line is drawn."
