"""How the reader reads ``id``/``ref`` attribute values, and quotes them in messages."""

from __future__ import annotations

_MAX_ID_DIGITS = 18  # any id up to 10^18 - 1 fits int64; longer ones are refused

DAMAGED = "xctrace numbers ids 1, 2, 3... in document order; the export is damaged or was edited"


def id_number(text: str) -> int:
    """The value of an ``id``/``ref`` attribute: plain ASCII digits, else 0 (never valid).

    Stricter than ``int()``, which also takes signs, spaces, underscores and other scripts'
    digits (and raises beyond 4,300 digits): every path reads ids the same way.
    """
    if text.isascii() and text.isdigit() and len(text) <= _MAX_ID_DIGITS:
        return int(text)
    return 0


def shown(text: str) -> str:
    """An attribute value quoted for a message, cut to a readable length."""
    if len(text) <= 40:
        return repr(text)
    return f"{text[:40]!r}… ({len(text)} characters)"
