"""Whatever a future Xcode renames, the analysis reports "not available", it never crashes.

Hypothesis renames mnemonics and engineering types, and drops columns, in every table of a
SYNTHETIC recording; analyze() must still return a summary that serialises.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import profiler
from profiler.analysis import analyze
from profiler.trace.model import Column, LoadedRecording, LoadedRun, Table
from tests.synthetic.run import write_run
from tests.synthetic.scenario import RecordingSpec, Scenario


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> LoadedRun:
    out: Path = tmp_path_factory.mktemp("fuzz") / "run"
    write_run(Scenario(name="fuzz", recordings=(RecordingSpec(),)), out)
    return profiler.load(out)


# per column: keep, rename its mnemonic, change its type, or drop it
EDITS = st.sampled_from(["keep", "keep", "mnemonic", "type", "drop"])


def _edit(table: Table, edits: list[str]) -> Table:
    columns: list[Column] = []
    frame = table.frame.copy()
    for column, edit in zip(table.schema.columns, edits, strict=False):
        if edit == "drop":
            frame = frame.drop(columns=[column.mnemonic])
            continue
        if edit == "mnemonic":
            frame = frame.rename(columns={column.mnemonic: f"z-{column.mnemonic}"})
            column = replace(column, mnemonic=f"z-{column.mnemonic}")
        elif edit == "type":
            column = replace(column, engineering_type=f"new-{column.engineering_type}")
        columns.append(column)
    columns += list(table.schema.columns[len(edits):])
    return replace(table, schema=replace(table.schema, columns=tuple(columns)), frame=frame)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_renamed_or_missing_columns_never_crash(loaded: LoadedRun, data: st.DataObject):
    rec = loaded.recordings[0]
    tables = {}
    for schema, found in rec.tables.items():
        edits = data.draw(st.lists(EDITS, max_size=len(found[0].schema.columns)), label=schema)
        tables[schema] = tuple(_edit(t, edits) for t in found)
    patched = replace(loaded, recordings=(
        LoadedRecording(rec.name, rec.folder, rec.toc_run, tables, rec.missing),))
    summary = analyze(patched).summary
    text = json.dumps(summary.to_dict(), allow_nan=False)
    assert summary.recordings[0].name == rec.name and text
    for item in summary.recordings[0].unavailable:
        assert item.reason.startswith("not available")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), fraction=st.sampled_from([0.05, 0.5, 1.0]))
def test_empty_cells_never_crash(loaded: LoadedRun, seed: int, fraction: float):
    """Cells that were <sentinel/> come out as NA; any of them may be missing."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rec = loaded.recordings[0]
    tables = {}
    for schema, found in rec.tables.items():
        edited = []
        for table in found:
            frame = table.frame.copy()
            for column in frame.columns:
                mask = rng.random(len(frame)) < fraction
                frame.loc[mask, column] = None
            edited.append(replace(table, frame=frame))
        tables[schema] = tuple(edited)
    patched = replace(loaded, recordings=(
        LoadedRecording(rec.name, rec.folder, rec.toc_run, tables, rec.missing),))
    summary = analyze(patched).summary
    assert json.dumps(summary.to_dict(), allow_nan=False)
    if fraction == 1.0:  # nothing left to measure: no figure may be invented
        assert all(value is None for value in asdict(summary.headline).values())
