"""How serious a finding is: one scale, one order, for diagnostics and model inspections alike.

A base module (no imports from the package) so that the analysis, the model inspection and the
reports share it without importing one another.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """Declared most severe first: that declaration order is the one order every output uses."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe; sort by it to list errors first."""
        return _RANKS[self]


_RANKS = {severity: rank for rank, severity in enumerate(Severity)}

#: Most severe first.
SEVERITY_ORDER: tuple[Severity, ...] = tuple(Severity)
