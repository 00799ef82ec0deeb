"""Human formatting of figures with their units, shared by every reporter.

A missing value (``None`` or NaN) is shown as an em dash so that tables never say ``None``.
"""

from __future__ import annotations

import math

from profiler.units import format_bytes

MISSING = "—"


def _missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def seconds(value: float | None) -> str:
    """``0.0042`` -> ``4.2 ms``; ``0.75`` -> ``0.75 s``; ``120.4`` -> ``120 s``."""
    if _missing(value):
        return MISSING
    assert value is not None
    if abs(value) < 0.1:
        return f"{value * 1000:.1f} ms"
    if abs(value) < 10:
        return f"{value:.2f} s"
    if abs(value) < 100:
        return f"{value:.1f} s"
    return f"{value:.0f} s"


def clock(value: float | None) -> str:
    """A time from the recording's start: ``t = 12.3 s``."""
    return MISSING if _missing(value) else f"t = {value:.1f} s"


def nbytes(value: int | float | None) -> str:
    """Binary units: ``2.60 GiB``, ``512 MiB``."""
    if _missing(value):
        return MISSING
    assert value is not None
    return format_bytes(value)


def percent(value: float | None) -> str:
    """A percent where 100 % is one core: ``440 %``."""
    return MISSING if _missing(value) else f"{value:.0f} %"


def fraction(value: float | None) -> str:
    """A 0–1 fraction as a percent: ``0.93`` -> ``93 %``."""
    if _missing(value):
        return MISSING
    assert value is not None
    return f"{value * 100:.0f} %"


def rate(value: float | None) -> str:
    """Denoising iterations per second."""
    return MISSING if _missing(value) else f"{value:.2f} it/s"


def count(value: int | None) -> str:
    return MISSING if value is None else f"{value:,}"


def text(value: object) -> str:
    """Any scalar, with None shown as the missing mark."""
    return MISSING if value is None else str(value)
