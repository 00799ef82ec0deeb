"""Dataclass <-> plain JSON values, following each field's type hints.

Used by the versioned JSON contracts (summary, comparison, run record) so that reading a JSON
back gives the same frozen dataclasses, enums included. Reading raises ``TypeError`` /
``ValueError`` for a value of the wrong shape; :func:`plain_reason` words it for the user.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import fields, is_dataclass
from enum import StrEnum
from typing import Any


def to_plain(value: Any) -> Any:
    """Dataclasses to dicts, StrEnums to str, tuples to lists; other values as they are."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def from_plain(cls: Any, data: Any) -> Any:
    """Rebuild dataclasses from plain dicts, following the type hints of each field."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__} must be an object, not {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        kwargs[f.name] = _coerce(hints[f.name], data[f.name])
    return cls(**kwargs)


def _coerce(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _coerce(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        parts = typing.get_args(hint)
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, not {type(value).__name__}")
        if len(parts) == 2 and parts[1] is Ellipsis:
            return tuple(_coerce(parts[0], v) for v in value)
        if len(value) != len(parts):  # a fixed-length tuple such as (width, height)
            raise TypeError(f"expected {len(parts)} items, not {len(value)}")
        return tuple(_coerce(a, v) for a, v in zip(parts, value, strict=True))
    if isinstance(hint, type) and is_dataclass(hint):
        return from_plain(hint, value)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint(value)
    expected = _PLAIN.get(hint) if isinstance(hint, type) else None
    if expected is not None and (not isinstance(value, expected)
                                 or (isinstance(value, bool) and hint is not bool)):
        raise TypeError(f"expected {hint.__name__}, not {type(value).__name__} {value!r:.40}")
    return value


#: JSON value types accepted for a plain field type (an integer is a fine float).
_PLAIN: dict[type, type | tuple[type, ...]] = {str: str, int: int, float: (int, float), bool: bool}


def plain_reason(exc: Exception) -> str:
    """A dataclass constructor's complaint in the JSON's terms (``X is missing a, b``)."""
    text = str(exc)
    m = re.match(r"(\w+)\.__init__\(\) missing \d+ required (?:positional |keyword-only )?"
                 r"arguments?: (.*)", text)
    if m:
        keys = re.sub(r",? and ", ", ", m.group(2)).replace("'", "")
        return f"{m.group(1)} is missing {keys}"
    m = re.match(r"(\w+)\.__init__\(\) got an unexpected keyword argument '(\w+)'", text)
    if m:
        return f"{m.group(1)} has an unknown key {m.group(2)}"
    return text
