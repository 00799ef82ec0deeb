"""Text from traces, logs and file names made safe for a terminal.

Shared by every layer (trace, analysis, model, report) so one definition decides what a
device-controlled string may do to the user's terminal: nothing.
"""

from __future__ import annotations

import re

#: CSI (7-bit or C1; colours, cursor), OSC (window title, clipboard: ended by BEL or ST) and other escapes.
_ESCAPES = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
#: Any other C0/C1 control character except tab and line feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` without terminal escape sequences or control characters (tab and LF kept)."""
    return _CONTROL.sub("", _ESCAPES.sub("", text))
