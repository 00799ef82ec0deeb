"""Lane layout of the Perfetto reporter: every interval on exactly one lane, every lane a proper
stack, and its events in the order a stack closes them (random SYNTHETIC intervals)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from profiler.report.perfetto_lanes import cap, lane_events, lanes

intervals = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 20)), max_size=60)


def _replay(events: list[tuple[int, bool, int]], starts: list[int],
            ends: list[int]) -> list[tuple[int, int, int]]:
    """Begin/end replayed as a stack, as Perfetto does: (start, end, index) of each slice."""
    stack: list[tuple[int, int]] = []
    out, last = [], -1
    for t, begin, i in events:
        assert t >= last  # time order
        last = t
        if begin:
            stack.append((t, i))
        else:
            start, j = stack.pop()
            assert j == i, "an end closes the slice it belongs to"
            out.append((start, t, i))
    assert not stack
    return out


@settings(max_examples=300, deadline=None)
@given(intervals)
def test_lanes_keep_every_interval_and_nest(pairs: list[tuple[int, int]]) -> None:
    starts = [s for s, _ in pairs]
    ends = [s + d for s, d in pairs]
    laid = lanes(starts, ends)
    assert sorted(i for lane in laid for i in lane) == list(range(len(pairs)))
    for lane in laid:
        slices = _replay(lane_events(lane, starts, ends), starts, ends)
        assert sorted((s, e) for s, e, _ in slices) == sorted((starts[i], ends[i]) for i in lane)
        for a in slices:
            for b in slices:
                overlap = a[0] < b[1] and b[0] < a[1]
                nested = (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])
                assert not overlap or nested, (a, b)


def test_one_lane_when_nothing_overlaps_and_more_when_it_does() -> None:
    assert lanes([0, 10, 20], [10, 20, 30]) == [[0, 1, 2]]
    assert lanes([0, 5, 12], [10, 15, 20]) == [[0, 2], [1]]
    assert lanes([0, 2, 3], [10, 5, 4]) == [[0, 1, 2]]  # nested: one stack
    assert lanes([], []) == []


def test_cap() -> None:
    assert cap("a\x1b[1m\nb\u2028c") == "a [1m b c"
    assert cap("x" * 500) == "x" * 119 + "…"
    assert cap("bad\ud800") == "bad?"
    assert cap(None) == ""
