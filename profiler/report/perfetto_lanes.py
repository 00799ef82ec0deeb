"""Slices laid out so that every Perfetto track nests properly, and trace strings capped.

A Perfetto slice track is a stack: a slice must end before the next one starts or lie wholly
inside it. Intervals from a trace (Neural Engine work, overlapping predictions) break that
rule, so :func:`lanes` puts each interval on the first lane where it still nests, opening a
new lane (``Neural Engine (2)``, …) when none fits: nothing is dropped and nothing mis-nests.
:func:`lane_events` gives a lane's begin and end events in the order a stack closes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

#: longest slice, track and counter name kept (the other reporters cap trace strings too)
MAX_NAME = 120
#: longest argument value (a diagnostic's message or evidence)
MAX_ARG = 600
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def cap(value: object, limit: int = MAX_NAME) -> str:
    """A trace string as one line of valid UTF-8, at most ``limit`` characters (ellipsis)."""
    return _cap("" if value is None else str(value), limit)


@lru_cache(maxsize=1 << 16)  # labels repeat (one per Neural Engine interval)
def _cap(text: str, limit: int) -> str:
    text = _CONTROL.sub(" ", text).strip()
    # lone surrogates (from a hostile export) cannot be encoded in a protobuf string
    text = text.encode("utf-8", "replace").decode("utf-8")
    if len(text) > limit:
        text = text[: max(0, limit - 1)] + "…"
    return text


def lanes(starts: Sequence[int], ends: Sequence[int]) -> list[list[int]]:
    """Indices of the intervals on each lane, every lane a proper stack of slices.

    Intervals are taken by start (the longer first on a tie, so it becomes the parent); each
    goes on the first lane whose open slices it either nests inside or follows.
    """
    import numpy as np

    s_arr, e_arr = np.asarray(starts, dtype="int64"), np.asarray(ends, dtype="int64")
    order_arr = np.lexsort((-e_arr, s_arr))  # stable: equal keys keep their input order
    ordered_s, ordered_e = s_arr[order_arr], e_arr[order_arr]
    if not len(order_arr):
        return []
    if bool(np.all(ordered_s[1:] >= ordered_e[:-1])):
        return [order_arr.tolist()]  # the usual case: one after the other, one lane
    order = order_arr.tolist()
    stacks: list[list[int]] = []  # per lane, the ends of its open slices
    out: list[list[int]] = []
    for i in order:
        s, e = starts[i], ends[i]
        for stack, members in zip(stacks, out, strict=True):
            while stack and stack[-1] <= s:
                stack.pop()
            if not stack or e <= stack[-1]:
                stack.append(e)
                members.append(i)
                break
        else:
            stacks.append([e])
            out.append([i])
    return out


def lane_events(members: Sequence[int], starts: Sequence[int],
                ends: Sequence[int]) -> list[tuple[int, bool, int]]:
    """``(time, is_begin, index)`` for one lane of :func:`lanes`, in stack order: an inner
    slice ends before its parent, a slice ends before the next one begins at the same time."""
    events: list[tuple[int, bool, int]] = []
    open_: list[int] = []
    if all(starts[b] >= ends[a] for a, b in zip(members, members[1:], strict=False)):  # nothing nests
        for i in members:
            events += ((starts[i], True, i), (ends[i], False, i))
        return events
    for i in members:
        while open_ and ends[open_[-1]] <= starts[i]:
            j = open_.pop()
            events.append((ends[j], False, j))
        events.append((starts[i], True, i))
        open_.append(i)
    while open_:
        j = open_.pop()
        events.append((ends[j], False, j))
    return events
