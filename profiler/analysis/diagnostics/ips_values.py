"""Typed reads of values in a crash report's JSON (which comes from another machine: any key
may hold any type) and its timestamps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

_STAMP = re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)\s*([+-]\d{4})")


def strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a JSON value with its key path; long strings are split into lines."""
    if isinstance(value, str):
        for line in value.splitlines():
            yield key, line
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, f"{key}.{k}" if key else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, f"{key}[{i}]")


def seconds_since(stamp: Any, start: datetime | None) -> float | None:
    if start is None or not isinstance(stamp, str):
        return None
    m = _STAMP.search(stamp)
    if not m:
        return None
    fmt = "%Y-%m-%d %H:%M:%S.%f %z" if "." in m.group(1) else "%Y-%m-%d %H:%M:%S %z"
    try:
        when = datetime.strptime(f"{m.group(1)} {m.group(2)}", fmt)
    except ValueError:
        return None
    if start.tzinfo is None:
        return None
    return (when - start).total_seconds()


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def as_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
