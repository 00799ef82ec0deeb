"""The pandas value helpers of analysis/columns.py (the lookup is tested in tests/trace)."""

from __future__ import annotations

from profiler.analysis import columns as C


def test_pids_from_derived_column_or_formatted_process():
    import pandas as pd

    frame = pd.DataFrame({"process": ["CoreDiffuse (1234)", "kernel (0)"]})
    assert list(C.pids(frame, "process")) == [1234, 0]
    frame["process_pid"] = [7, 8]
    assert list(C.pids(frame, "process")) == [7, 8]
    assert list(C.process_names(frame, "process")) == ["CoreDiffuse", "kernel"]
