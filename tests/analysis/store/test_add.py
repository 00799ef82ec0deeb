"""store add: the sample and a SYNTHETIC fleet in, medians per device out, idempotence, --replace."""

from __future__ import annotations

import shutil
import statistics
from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import profiler
from profiler.analysis.store import layout
from profiler.analysis.store.add import Outcome, add_path, parse_labels, store_analysis
from profiler.analysis.store.columns import RUNS, arrow_schema
from profiler.analysis.store.identity import RunMeta, run_id
from profiler.analysis.store.query import query
from profiler.errors import InputError, ProfilerError
from tests.analysis.store.fleet import FleetRun
from tests.conftest import SAMPLE_RUN


def _snapshot(store: Path) -> dict[str, bytes]:
    return {str(p.relative_to(store)): p.read_bytes() for p in sorted(store.rglob("*"))
            if p.is_file()}


def test_medians_per_device_are_the_generators(fleet: list[FleetRun], fleet_store: Path) -> None:
    got = {r["device"]: r for r in query(fleet_store, """
        SELECT device, median(step_median_s) AS launch_median, count(*) AS launches,
               count(DISTINCT run_id) AS runs, count(DISTINCT os_build) AS builds
        FROM runs GROUP BY device""").to_pylist()}
    for device in {run.device.product_type for run in fleet}:
        mine = [run for run in fleet if run.device.product_type == device]
        truth = [rec["steps"]["median_s"] for run in mine for rec in run.truth.recordings]
        assert got[device]["launch_median"] == pytest.approx(statistics.median(truth), abs=1e-9)
        assert got[device]["launches"] == len(truth)
        assert got[device]["runs"] == len(mine)
        assert got[device]["builds"] == len({run.os_build for run in mine})


def test_run_values_are_the_generators_headlines(fleet: list[FleetRun], fleet_store: Path) -> None:
    rows = query(fleet_store, "SELECT DISTINCT run_name, device, os_build, commit, branch, "
                 "run_step_median_s, run_uncached_load_s, run_peak_footprint_bytes, synthetic "
                 "FROM runs").to_pylist()
    by_name = {r["run_name"]: r for r in rows}
    assert len(rows) == len(fleet)
    for run in fleet:
        row, truth = by_name[run.path.name], run.truth.headline
        assert (row["device"], row["os_build"]) == (run.device.product_type, run.os_build)
        assert (row["commit"], row["branch"], row["synthetic"]) == (run.commit, "main", True)
        assert row["run_step_median_s"] == pytest.approx(truth["step_median_s"], abs=1e-9)
        assert row["run_uncached_load_s"] == pytest.approx(truth["uncached_load_s"], abs=1e-6)
        assert row["run_peak_footprint_bytes"] == truth["peak_footprint_bytes"]


def test_samples_hold_every_step_and_load(fleet: list[FleetRun], fleet_store: Path) -> None:
    run = fleet[0]
    rid = run_id(run.path)
    rows = query(fleet_store, "SELECT recording, metric, index, value, model, kind FROM samples "
                 "WHERE run_id = '" + rid + "' ORDER BY recording, metric, index").to_pylist()
    for number, rec in enumerate(run.truth.recordings, 1):
        steps = [r["value"] for r in rows if r["recording"] == number and r["metric"] == "step_s"]
        assert steps == pytest.approx(rec["steps"]["durations_s"], abs=1e-9)
        loads = [(r["model"], r["kind"], r["value"]) for r in rows
                 if r["recording"] == number and r["metric"] == "load_s"]
        assert [(m, k) for m, k, _ in loads] == [(x["model"], x["kind"]) for x in rec["loads"]]
        assert [v for *_, v in loads] == pytest.approx([x["duration_s"] for x in rec["loads"]])


def test_the_sample_is_stored_under_its_device_and_build(tmp_path: Path) -> None:
    result = add_path(tmp_path / "s", SAMPLE_RUN, commit="abc", branch="main",
                      labels=parse_labels(["app=1.4", "farm=lab 2"]))
    assert result.outcome is Outcome.ADDED and result.launches == 2
    # iPhone14,3 on 21A329, read off the sample's run.json; the comma is encoded in the folder
    runs = tmp_path / "s" / "runs" / "device=iPhone14%2C3" / "os_build=21A329"
    schema = layout.fingerprint(arrow_schema(RUNS))
    assert sorted(p.name for p in runs.iterdir()) == [f"{result.run_id}.{schema}.parquet"]
    row = query(tmp_path / "s", "SELECT device, os_build, labels['farm'] AS farm, launches, "
                "source_kind FROM runs LIMIT 1").to_pylist()[0]
    assert row == {"device": "iPhone14,3", "os_build": "21A329", "farm": "lab 2",
                   "launches": 2, "source_kind": "run-folder"}


def test_adding_again_changes_nothing(fleet: list[FleetRun], store_copy: Path,
                                      tmp_path: Path) -> None:
    before = _snapshot(store_copy)
    moved = tmp_path / "renamed-run"
    shutil.copytree(fleet[0].path, moved)  # another name, the same exports and run.json
    for path in (fleet[0].path, fleet[1].path, moved):
        assert add_path(store_copy, path, commit="other").outcome is Outcome.SKIPPED
    assert _snapshot(store_copy) == before


def test_the_run_id_ignores_bundles_and_reports_but_not_exports(fleet: list[FleetRun],
                                                               tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(fleet[0].path, run)
    first = run_id(run)
    (run / "run-1" / "run-1.trace").mkdir()
    (run / "run-1" / "run-1.trace" / "data.xml").write_text("<x/>")  # inside a bundle
    (run / "report.html").write_text("<html></html>")
    (run / "summary.json").write_text("{}")
    assert run_id(run) == first
    export = next((run / "run-2").glob("*.xml"))
    export.write_bytes(export.read_bytes().replace(b"</trace-query-result>",
                                                   b"<!-- x --></trace-query-result>"))
    assert run_id(run) != first


def test_links_inside_a_run_are_not_followed(fleet: list[FleetRun], tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(fleet[0].path, run)
    first = run_id(run)
    (tmp_path / "link").symlink_to(run, target_is_directory=True)
    assert run_id(tmp_path / "link") == first  # the folder named, through a link
    (tmp_path / "outside.xml").write_text("<secret/>")
    (run / "run-1" / "extra.xml").symlink_to(tmp_path / "outside.xml")
    assert run_id(run) == first


def test_a_newer_tool_version_skips_unless_replace(fleet: list[FleetRun], store_copy: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiler, "__version__", "99.0")
    skipped = add_path(store_copy, fleet[0].path)
    assert skipped.outcome is Outcome.SKIPPED and skipped.stored_version == "0.1.0"
    replaced = add_path(store_copy, fleet[0].path, replace=True, commit="c9")
    assert replaced.outcome is Outcome.REPLACED
    rows = query(store_copy, f"SELECT DISTINCT tool_version, commit FROM runs "
                 f"WHERE run_id = '{replaced.run_id}'").to_pylist()
    assert rows == [{"tool_version": "99.0", "commit": "c9"}]
    assert len(layout.find(store_copy, "runs", replaced.run_id)) == 1
    assert len(layout.find(store_copy, "samples", replaced.run_id)) == 1


def test_replace_into_another_partition_removes_the_old_files(fleet: list[FleetRun],
                                                              store_copy: Path) -> None:
    rid = run_id(fleet[0].path)
    old = layout.find(store_copy, "runs", rid) + layout.find(store_copy, "samples", rid)
    summary = profiler.analyze(profiler.load(fleet[0].path)).summary
    moved = replace(summary, device=replace(summary.device, product_type="iPhone99,9"))
    result = store_analysis(store_copy, moved, RunMeta(rid, "run-folder", "0.1.0",
                                                       os_build="Z1"), existing=old)
    assert result.outcome is Outcome.REPLACED and result.partition == ("iPhone99,9", "Z1")
    assert all(not p.exists() for p in old)
    assert query(store_copy, f"SELECT DISTINCT device, os_build FROM samples WHERE run_id = "
                 f"'{rid}'").to_pylist() == [{"device": "iPhone99,9", "os_build": "Z1"}]


def test_hostile_partition_values_stay_inside_the_store(fleet: list[FleetRun],
                                                        tmp_path: Path) -> None:
    store = tmp_path / "s"
    layout.check_store(store, create=True)
    summary = profiler.analyze(profiler.load(fleet[0].path)).summary
    hostile = "../../../../tmp/pwned/<script>"
    evil = replace(summary, device=replace(summary.device, product_type=hostile))
    store_analysis(store, evil, RunMeta("0" * 20, "run-folder", "0.1.0", os_build="_hidden/.."))
    written = sorted(p for p in store.rglob("*.parquet"))
    assert len(written) == 2 and all(p.resolve().is_relative_to(store.resolve()) for p in written)
    assert not (tmp_path.parent / "pwned").exists()
    assert query(store, "SELECT DISTINCT device, os_build FROM runs").to_pylist() == [
        {"device": hostile, "os_build": "_hidden/.."}]
    assert all(not part.startswith((".", "_")) for p in written
               for part in p.relative_to(store).parts)


def test_a_partition_value_is_never_empty_and_never_too_long() -> None:
    assert layout.partition_value(None) == layout.partition_value("  ") == "unknown"
    long = layout.partition_value("x" * 500)
    assert len(long) == layout.MAX_VALUE and long != layout.partition_value("x" * 499)


def test_bad_inputs_are_one_line_errors(tmp_path: Path, fleet: list[FleetRun]) -> None:
    with pytest.raises(InputError, match="no such file"):
        add_path(tmp_path / "s", tmp_path / "missing")
    (tmp_path / "x.trace").mkdir()
    with pytest.raises(InputError, match="bundle"):
        add_path(tmp_path / "s", tmp_path / "x.trace")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no xctrace exports"):
        add_path(tmp_path / "s", tmp_path / "empty")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not a profiler store"):
        add_path(tmp_path / "other", fleet[0].path)
    with pytest.raises(ProfilerError, match="key=value"):
        parse_labels(["novalue"])


def test_a_link_in_the_store_is_never_written_through(fleet: list[FleetRun],
                                                      tmp_path: Path) -> None:
    store, outside = tmp_path / "s", tmp_path / "outside"
    layout.check_store(store, create=True)
    outside.mkdir()
    (store / "samples").symlink_to(outside, target_is_directory=True)
    with pytest.raises(InputError, match="link"):
        add_path(store, fleet[0].path)
    assert list(outside.iterdir()) == []


def test_runs_files_hold_no_partition_columns(fleet_store: Path) -> None:
    for table in layout.TABLES:
        names = pq.read_schema(layout.files(fleet_store, table)[0]).names
        assert "device" not in names and "os_build" not in names


def test_model_identity_comes_from_run_json_and_the_inspected_model(
        fleet: list[FleetRun], tmp_path: Path) -> None:
    from profiler.runrecord import RecordedOptions, read_run_record

    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "mlmodelc" / "sd15-chunked"
    run = tmp_path / "run"
    shutil.copytree(fleet[0].path, run)
    # A model path from run.json is used only inside the run folder (issue 12 item 6).
    models = Path(shutil.copytree(fixture, run / "model" / "sd15-chunked"))
    record = read_run_record(run / "run.json")
    replace(record, model_path=str(models), options=RecordedOptions(
        model="sd15-palettized", compute_units="cpuAndNeuralEngine")).write(run / "run.json")
    add_path(tmp_path / "s", run)
    row = query(tmp_path / "s", "SELECT DISTINCT model, models_loaded, compute_units, "
                "model_variant, model_attention, model_bits FROM runs").to_pylist()
    assert len(row) == 1
    inspection = profiler.analyze(profiler.load(run)).inspection
    chunks = [m for m in inspection.models if m.name.startswith("UnetChunk")]
    mean_bits = (sum(m.weights.effective_bits * m.weights.elements for m in chunks)
                 / sum(m.weights.elements for m in chunks))
    # SD 1.5 chunked: chunk 1 holds the split-einsum-v2 attention, chunk 2 none (the fixture)
    assert row[0] == {"model": "sd15-palettized", "models_loaded": "TextEncoder, Unet, VAEDecoder",
                      "compute_units": "cpuAndNeuralEngine", "model_variant": "SD 1.x",
                      "model_attention": "SPLIT_EINSUM_V2", "model_bits": pytest.approx(mean_bits)}
    assert 6 < mean_bits < 8


def test_samples_left_by_an_add_that_stopped_are_completed(fleet: list[FleetRun],
                                                           store_copy: Path) -> None:
    rid = run_id(fleet[0].path)
    for row_file in layout.find(store_copy, "runs", rid):  # as if stopped before the row
        row_file.unlink()
    result = add_path(store_copy, fleet[0].path)
    assert result.outcome is Outcome.ADDED
    assert query(store_copy, f"SELECT count(*) AS n FROM runs WHERE run_id = '{rid}'"
                 ).to_pylist() == [{"n": 3}]
