"""`context.merge` (the union of intervals behind busy figures) against a plain Python union."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from profiler.analysis.context import covered, merge

cells = st.one_of(st.none(), st.integers(0, 200))


def _union(starts: list[int | None], lengths: list[int | None]) -> list[tuple[int, int]]:
    pairs = sorted((s, s + d) for s, d in zip(starts, lengths, strict=True)
                   if s is not None and d is not None and d >= 0)
    out: list[tuple[int, int]] = []
    for start, end in pairs:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(cells, st.one_of(st.none(), st.integers(-5, 40))), max_size=40),
       st.sampled_from(["Int64", "float64"]))
def test_merge_is_the_union_of_the_intervals(rows: list[tuple[int | None, int | None]], dtype: str) -> None:
    starts, lengths = [r[0] for r in rows], [r[1] for r in rows]
    got = merge(pd.Series(starts, dtype=dtype), pd.Series(lengths, dtype=dtype))
    assert got == _union(starts, lengths)
    assert covered(got) == sum(e - s for s, e in _union(starts, lengths))
