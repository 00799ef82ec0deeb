"""Line breaking for the console that never splits a figure from its unit.

A CI log is often 80 columns and not a terminal; rich's wrapping breaks at any space, so
``2.80 GiB`` could end one line as ``2.80`` and start the next with ``GiB``. Here a figure
(``2.80 GiB``, ``93 %``, ``t = 7.0 s``, ``1.31 it/s``) is one unbreakable word.
"""

from __future__ import annotations

import re

#: A number with its unit, or a time ``t = 7.0 s``: no line break inside.
FIGURE = re.compile(
    r"(?<![\w.])(?:t = )?[-+]?\d[\d,.]*(?: (?:%|ms|s|GiB|MiB|KiB|B|it/s)(?![\w/]))?"
)


def break_points(text: str, width: int) -> list[int]:
    """Offsets at which to start a new line so each line of ``text`` fits in ``width``.

    Breaks go after a space outside every figure; a word longer than ``width`` is cut.
    """
    inside: set[int] = set()
    for m in FIGURE.finditer(text):
        inside.update(range(m.start(), m.end()))
    allowed = [i + 1 for i, c in enumerate(text) if c == " " and i not in inside]
    out: list[int] = []
    start = 0
    while len(text) - start > width:
        limit = start + width
        # a space just past the limit still ends the line (it is not printed)
        fits = [p for p in allowed if start < p <= limit + 1]
        cut = fits[-1] if fits else limit
        out.append(cut)
        start = cut
    return out


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters, figures kept whole."""
    cuts = [0, *break_points(text, width), len(text)]
    return [text[a:b].rstrip() for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]
