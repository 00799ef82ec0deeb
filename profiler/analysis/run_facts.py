"""Run-level memory facts the reports show, computed once: the peak footprint with its
recording and time, the device's RAM, and the jetsam budget with where it came from.

The diagnostics' near-jetsam check and every report read :func:`memory_limits`, so the budget a
report draws is the one the finding was measured against.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from profiler.analysis.summary import Summary
from profiler.units import whole_gib


@dataclass(frozen=True)
class PeakFootprint:
    """The highest app footprint of the run: its value, when and in which recording."""

    bytes: int
    at_s: float
    recording: str


def peak_footprint(summary: Summary) -> PeakFootprint | None:
    """The recording whose footprint peaked highest (the first one on a tie), with the time."""
    peak: PeakFootprint | None = None
    for rec in summary.recordings:
        m = rec.memory
        if m and m.peak_footprint_bytes is not None and m.peak_footprint_at_s is not None:
            if peak is None or m.peak_footprint_bytes > peak.bytes:
                peak = PeakFootprint(m.peak_footprint_bytes, m.peak_footprint_at_s, rec.name)
    return peak


class LimitSource(StrEnum):
    MEASURED = "measured"  # the per-process limit of a JetsamEvent report that killed the app
    DOCUMENTED = "documented"  # the catalog's budget for the device's RAM class


@dataclass(frozen=True)
class MemoryLimits:
    """The device's RAM and the jetsam limit that applies to the app, with its source."""

    ram_bytes: int | None = None
    jetsam_bytes: int | None = None
    jetsam_source: LimitSource | None = None
    #: set when the budget is one a source reports for this device model, not its RAM class
    budget_device: str | None = None

    @property
    def jetsam_origin(self) -> str | None:
        """Where the limit comes from, in words (for evidence and notes)."""
        if self.jetsam_source is LimitSource.MEASURED:
            return "measured from the JetsamEvent report"
        if self.jetsam_source is LimitSource.DOCUMENTED and self.budget_device:
            return f"budget reported for the {self.budget_device}"
        if self.jetsam_source is LimitSource.DOCUMENTED:
            return f"documented budget for {whole_gib(self.ram_bytes)} GiB devices"
        return None

    @property
    def word(self) -> str:
        """``limit`` (measured: the device killed the app there) or ``budget`` (documented)."""
        return "limit" if self.jetsam_source is LimitSource.MEASURED else "budget"


@dataclass(frozen=True)
class BudgetUse:
    """A footprint against the jetsam figure: its share, and whether it went past it."""

    footprint_bytes: int
    limit_bytes: int
    source: LimitSource

    @property
    def share(self) -> float:
        return self.footprint_bytes / self.limit_bytes

    @property
    def exceeded(self) -> bool:
        """Above the figure: over a documented budget the app lived on (so the budget did not
        apply to it); at or over a measured limit the device killed it."""
        return self.footprint_bytes > self.limit_bytes


def budget_use(limits: MemoryLimits, footprint_bytes: int | None) -> BudgetUse | None:
    """``footprint_bytes`` against the run's jetsam figure; None when either is unknown."""
    if not footprint_bytes or not limits.jetsam_bytes or limits.jetsam_source is None:
        return None
    return BudgetUse(footprint_bytes, limits.jetsam_bytes, limits.jetsam_source)


def ram_bytes(summary: Summary) -> int | None:
    """The device's RAM: the summary's device, else what a recording's memory figures used."""
    if summary.device.ram_bytes:
        return summary.device.ram_bytes
    return next((r.memory.ram_bytes for r in summary.recordings
                 if r.memory and r.memory.ram_bytes), None)


def memory_limits(summary: Summary, measured_limit_bytes: int | None = None) -> MemoryLimits:
    """RAM and the jetsam limit: ``measured_limit_bytes`` (a JetsamEvent's) when known, else
    a budget a source reports for the device model, else the documented budget for the RAM class
    (None when no source documents one: 8 GiB and larger devices have none)."""
    from profiler.hardware import by_name, by_product_type, jetsam_budget_bytes

    ram = ram_bytes(summary)
    if measured_limit_bytes:
        return MemoryLimits(ram, measured_limit_bytes, LimitSource.MEASURED)
    d = summary.device
    spec = by_product_type(d.product_type) or by_name(d.model)
    if spec is not None and spec.reported_jetsam_bytes:
        return MemoryLimits(ram, spec.reported_jetsam_bytes, LimitSource.DOCUMENTED,
                            budget_device=spec.marketing_name)
    budget = jetsam_budget_bytes(ram)
    return MemoryLimits(ram, budget, LimitSource.DOCUMENTED if budget else None)
