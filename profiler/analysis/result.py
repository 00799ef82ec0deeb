"""What :func:`profiler.analyze` returns: the summary contract, the chart series, and every
run-level fact a report shows, computed here so that reporters only format.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from profiler.analysis.series import RecordingSeries
from profiler.analysis.summary import Recording, Summary

if TYPE_CHECKING:
    from profiler.analysis.aggregate import ModelLoads
    from profiler.analysis.baselines import BaselineMatch
    from profiler.analysis.diagnostics.grouping import DiagnosticGroup
    from profiler.analysis.missing import MissingFigure
    from profiler.analysis.run_facts import MemoryLimits, PeakFootprint
    from profiler.model.types import Inspection


@dataclass(frozen=True, eq=False)
class Analysis:
    """The contract summary plus chart data; the derived facts below are computed on first use.

    ``measured_limit_bytes`` is the per-process limit of a JetsamEvent report that killed the
    app, when the run has one: it replaces the documented jetsam budget in :attr:`limits`.
    """

    summary: Summary
    series: tuple[RecordingSeries, ...]
    #: the model inspection of the run's model folder (``--model-path``), when known
    inspection: Inspection | None = None
    measured_limit_bytes: int | None = None
    #: every table the input holds, canonical name and rows (what "nothing measured" lists)
    tables_read: tuple[tuple[str, int], ...] = ()
    #: the export commands of tables of interest the TOC lists but the input lacks
    to_export: tuple[str, ...] = ()

    @property
    def measured(self) -> bool:
        """True when at least one figure was found (a headline value, a load or a per-recording
        figure); False means the report has nothing to show."""
        if any(v is not None for v in vars(self.summary.headline).values()):
            return True
        return any(r.loads or any(getattr(r, k) is not None for k in
                                  ("steps", "memory", "cpu", "ane", "gpu", "thermal",
                                   "foundation_models"))
                   for r in self.summary.recordings)

    @cached_property
    def missing_figures(self) -> tuple[MissingFigure, ...]:
        """Each headline figure without a value, with the reason its recording gave."""
        from profiler.analysis.missing import missing_figures

        return missing_figures(self.summary)

    @cached_property
    def peak(self) -> PeakFootprint | None:
        """The run's highest app footprint, with its recording and time."""
        from profiler.analysis.run_facts import peak_footprint

        return peak_footprint(self.summary)

    @cached_property
    def limits(self) -> MemoryLimits:
        """RAM and the jetsam limit (with its source) the near-jetsam finding used."""
        from profiler.analysis.run_facts import memory_limits

        return memory_limits(self.summary, self.measured_limit_bytes)

    @cached_property
    def diagnostic_groups(self) -> tuple[DiagnosticGroup, ...]:
        """The summary's diagnostics by severity, one entry per code."""
        from profiler.analysis.diagnostics.grouping import by_severity

        return by_severity(self.summary.diagnostics)

    @cached_property
    def loads_by_model(self) -> tuple[tuple[Recording, tuple[ModelLoads, ...]], ...]:
        """Per recording: its loads per model and kind (count, total, longest)."""
        from profiler.analysis.aggregate import loads_by_model

        return tuple((rec, loads_by_model(rec)) for rec in self.summary.recordings)

    @cached_property
    def baseline(self) -> BaselineMatch | None:
        """The published figure for the run's device, and whether its settings match."""
        from profiler.analysis.baselines import lookup

        return lookup(self.summary)

    @property
    def not_analysed(self) -> tuple[tuple[str, int], ...]:
        """(schema, rows) of every table in the input that the catalog does not analyse: named
        in the reports, never silently ignored."""
        from profiler.trace import catalog

        return tuple((name, rows) for name, rows in self.tables_read
                     if catalog.entry(name) is None)

    def series_of(self, index: int) -> RecordingSeries | None:
        """The series of the ``index``-th recording (None when the analysis has none for it)."""
        return self.series[index] if index < len(self.series) else None
