"""Binary byte units and their one formatting, for every layer (reports, inspections, devices).

Three styles of the same rule (binary units, the largest that fits), because each output has its
own needs: a report rounds to what a reader compares, an inspection of kilobyte-sized test
models needs a decimal and bytes, a device's RAM is a whole number of GiB.
"""

from __future__ import annotations

from enum import StrEnum

KIB = 1024
MIB = 1024**2
GIB = 1024**3


class ByteStyle(StrEnum):
    SUMMARY = "summary"  # 2.60 GiB, 512 MiB, 12 KiB (reports)
    DETAIL = "detail"  # 1.5 GiB, 512.0 MiB, 2.0 KiB, 0 B (model inspections)
    WHOLE = "whole"  # 6 GiB, 1.5 GiB (a device's RAM; shortest exact form)


def format_bytes(value: int | float, style: ByteStyle = ByteStyle.SUMMARY) -> str:
    """``value`` bytes in the largest binary unit that fits, written in ``style``."""
    if style is ByteStyle.WHOLE:
        return f"{value / GIB:g} GiB"
    if style is ByteStyle.DETAIL:
        for unit, size in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
            if abs(value) >= size:
                return f"{value / size:.1f} {unit}"
        return f"{value:.0f} B"
    if abs(value) >= GIB:
        return f"{value / GIB:.2f} GiB"
    if abs(value) >= MIB:
        return f"{value / MIB:.0f} MiB"
    return f"{value / KIB:.0f} KiB"


def whole_gib(value: int | float | None) -> int:
    """The RAM class of ``value`` bytes: a whole number of GiB (a 5.6 GiB phone is a 6 GiB one)."""
    return round((value or 0) / GIB)
