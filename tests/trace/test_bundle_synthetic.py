"""SYNTHETIC bundles written from the documented format, round-tripped through read_bundle.

Expected cells are the generator's own (tests/trace/bundle_scenarios.py); the XML twin of each
store (tests/trace/bundle_xml.py) read by the XML reader must give an equal frame, dtypes
included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from profiler.trace import read_tables
from profiler.trace.bundle import VERIFIED_SCHEMAS, read_bundle
from tests.trace import bundle_scenarios as sc
from tests.trace.bundle_xml import write_xml
from tests.trace.bundlegen import BundleWriter, SynthStore

UNVERIFIED = ("coreml-os-signpost", "ane-hw-intervals-internal", "ane-hw-intervals",
              "activity-monitor-process-live", "device-thermal-state-intervals")


def _writer() -> tuple[BundleWriter, list[SynthStore]]:
    w = BundleWriter()
    stores = [sc.signpost_intervals(w, 60), sc.cpu_profile(w, 40), sc.coreml_signposts(w, 9),
              sc.ane_intervals(w, 7), sc.ane_intervals(w, 3, schema="ane-hw-intervals"),
              sc.activity_monitor(w, 5), sc.thermal(w, 6)]
    return w, stores


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[SynthStore]]:
    base = tmp_path_factory.mktemp("bundles")
    w, stores = _writer()
    folder = w.write(base / "synthetic.trace")
    zipped = w.write(base / "synthetic.trace.zip", zipped=True)
    return folder, zipped, stores


def _cells(series: pd.Series) -> list[Any]:
    return [None if v is pd.NA else v for v in series.astype(object).tolist()]


@pytest.mark.parametrize("kind", ["folder", "zip"])
def test_every_synthetic_store_round_trips(synthetic: Any, kind: str) -> None:
    folder, zipped, stores = synthetic
    contents = read_bundle(folder if kind == "folder" else zipped)
    run = contents.run(1)
    assert run.unreadable == {}
    for store in stores:
        (table,) = [t for t in run.tables[store.schema] if len(t.frame) == len(store.rows)]
        assert table.row_count == len(store.rows)
        for column, expected in store.expected.items():
            if column == "frames":
                assert run.stacks(table, "stack") == expected
                continue
            assert _cells(table.frame[column]) == expected, (store.schema, column)


def test_verified_flags_follow_the_real_pairs(synthetic: Any) -> None:
    folder, _, _ = synthetic
    stores = read_bundle(folder).run(1).stores
    flags = {s.schema: s.verified for s in stores}
    assert {k for k, v in flags.items() if v} == VERIFIED_SCHEMAS - {"os-signpost"}
    assert not any(flags[s] for s in UNVERIFIED)


@pytest.mark.parametrize("index", range(7))
def test_bundle_frame_equals_the_xml_readers_frame_of_the_same_data(synthetic: Any, tmp_path: Path,
                                                                     index: int) -> None:
    folder, _, stores = synthetic
    store = stores[index]
    (xml_table,) = read_tables(write_xml(store, tmp_path / f"{store.schema}.xml"))
    tables = read_bundle(folder, schemas={store.schema}).run(1).tables[store.schema]
    (table,) = [t for t in tables if len(t.frame) == len(store.rows)]
    assert [(c.mnemonic, c.engineering_type) for c in table.schema.columns] == [
        (c.mnemonic, c.engineering_type) for c in xml_table.schema.columns]
    pd.testing.assert_frame_equal(table.frame, xml_table.frame)


def test_schemas_filter_reads_only_what_is_asked(synthetic: Any) -> None:
    folder, _, _ = synthetic
    run = read_bundle(folder, schemas={"cpu-profile"}).run(1)
    assert set(run.tables) == {"cpu-profile"}
    skipped = {s.schema for s in run.stores if s.reason == "not requested"}
    assert "coreml-os-signpost" in skipped and "cpu-profile" not in skipped


def test_toc_of_a_synthetic_bundle_comes_from_its_run_data(synthetic: Any) -> None:
    folder, _, stores = synthetic
    (run,) = read_bundle(folder).toc.runs
    assert run.device is not None and run.device.name == "Lab iPhone (SYNTHETIC)"
    assert run.device.platform == "iOS" and run.device.os_version == "18.2 (22C152)"
    assert run.target is not None and (run.target.name, run.target.pid) == ("CoreDiffuse", 4242)
    assert run.target.type == "attached" and run.target.termination_reason == "exit(0)"
    assert run.summary.duration_s == 30.4444 and run.summary.template_name == "Core ML"
    assert run.summary.start_date is not None
    assert run.summary.start_date.timestamp() == pytest.approx(1767225600.123)
    assert [t.schema for t in run.tables] == [s.schema for s in stores]


def test_an_empty_store_reads_like_an_empty_export(tmp_path: Path) -> None:
    # Real Core ML recordings hold coreml-os-signpost and ANE stores with 0 rows (reference doc).
    w = BundleWriter()
    stores = [sc.coreml_signposts(w, 0), sc.cpu_profile(w, 0)]
    folder = w.write(tmp_path / "empty.trace", empty_slots=0)
    run = read_bundle(folder).run(1)
    for store in stores:
        (xml_table,) = read_tables(write_xml(store, tmp_path / f"{store.schema}.xml"))
        (table,) = run.tables[store.schema]
        assert table.row_count == 0
        pd.testing.assert_frame_equal(table.frame, xml_table.frame)
