"""Text from traces, logs and file names made safe to show: in a terminal, Markdown or HTML.

Shared by every layer (trace, analysis, model, report) so one definition decides what a
device-controlled string may do to the user's terminal or a shared report: nothing. It may not
send escape sequences, reorder the text around it with bidirectional controls (U+202E makes
``exe.txt`` read ``txt.exe``), or make a report huge: every string shown is cut at
:data:`MAX_SHOWN_CHARS`, saying so.
"""

from __future__ import annotations

import re

#: CSI (7-bit or C1; colours, cursor), OSC (window title, clipboard: ended by BEL or ST) and other escapes.
_ESCAPES = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
#: Any other C0/C1 control character except tab and line feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


#: Bidirectional embedding, override and isolate controls, and the invisible direction marks.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: Characters of one string shown in a report or on the terminal; the rest is cut, visibly.
MAX_SHOWN_CHARS = 500


def terminal_safe(text: str) -> str:
    """``text`` without terminal escape sequences, control characters (tab and LF kept) or
    bidirectional controls."""
    return _BIDI.sub("", _CONTROL.sub("", _ESCAPES.sub("", text)))


def without_bidi(text: str) -> str:
    """``text`` without bidirectional controls (the only change)."""
    return _BIDI.sub("", text)


def shown(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` as shown in a report: no bidirectional controls, and at most ``limit``
    characters followed by ``… (cut, N chars)`` when it was longer."""
    if len(text) > limit:
        return _BIDI.sub("", text[:limit]) + f"… (cut, {len(text)} chars)"
    return _BIDI.sub("", text)
