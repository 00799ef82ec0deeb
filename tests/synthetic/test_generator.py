"""Structural tests of the SYNTHETIC generator's own output (not of the profiler).

The XML is read back with lxml, independently of the generator, and the ground truth is
re-derived from the parsed files, so a generator bug that desynchronises files and truth fails.
"""

from __future__ import annotations

import filecmp
import io
import json
import statistics
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SAMPLE_RUN
from tests.synthetic import (
    ALL_TABLES,
    ComputeUnit,
    CrashSpec,
    Layout,
    LoadStyle,
    LogLine,
    RecordingSpec,
    StepProfile,
    ThermalState,
    ground_truth,
    sample_scenario,
    table_index,
    write_run,
    write_table,
    write_toc,
    write_xpath,
)
from tests.synthetic.sample import main as sample_main
from tests.synthetic.tables import signpost_rows

GiB = 1 << 30


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                           load_dtd=False)


def read_export(path: Path) -> tuple[str, list[tuple[str, str]], list[list[etree._Element]]]:
    """(schema name, [(mnemonic, type)], rows of resolved cells), checking the id/ref rules."""
    root = etree.parse(str(path), _parser()).getroot()
    assert root.tag == "trace-query-result"
    defined: dict[int, etree._Element] = {}
    expected = 1
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if "id" in el.attrib:
            assert int(el.get("id")) == expected, f"{path}: ids not dense at {expected}"
            defined[expected] = el
            expected += 1
        if "ref" in el.attrib:
            assert int(el.get("ref")) in defined, f"{path}: forward or dangling ref"
            assert dict(el.attrib) == {"ref": el.get("ref")} and len(el) == 0
    (node,) = root.findall("node")
    schema = node.find("schema")
    cols = [(c.findtext("mnemonic"), c.findtext("engineering-type")) for c in schema]
    rows = []
    for row in node.findall("row"):
        cells = [defined[int(c.get("ref"))] if c.get("ref") else c for c in row]
        assert len(cells) == len(cols), f"{path}: row width {len(cells)} != {len(cols)}"
        rows.append(cells)
    return schema.get("name"), cols, rows


def column(cols, rows, mnemonic: str) -> list[etree._Element]:
    i = [m for m, _ in cols].index(mnemonic)
    return [r[i] for r in rows]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("sample") / "run"
    truth = write_run(sample_scenario(), out)
    return out, truth.data


def test_committed_sample_is_byte_identical_to_a_regeneration(tmp_path):
    out = tmp_path / "regen"
    assert sample_main(["--out", str(out)]) == 0
    committed = sorted(p.relative_to(SAMPLE_RUN) for p in SAMPLE_RUN.rglob("*") if p.is_file())
    regenerated = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert committed == regenerated
    match, mismatch, errors = filecmp.cmpfiles(SAMPLE_RUN, out, [str(p) for p in committed],
                                               shallow=False)
    assert (mismatch, errors) == ([], [])
    assert sum((SAMPLE_RUN / p).stat().st_size for p in committed) < 2_000_000


def test_sample_cli_refuses_to_overwrite_without_force(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("x")
    assert sample_main(["--out", str(tmp_path)]) == 5
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "keep.txt").exists()


def test_every_export_is_well_formed_dense_and_matches_the_toc(sample):
    out, _ = sample
    for run in ("run-1", "run-2"):
        toc = etree.parse(str(out / run / "toc.xml"), _parser()).getroot()
        listed = [t.get("schema") for t in toc.find("run/data")]
        assert toc.find("run/info/target/device").get("platform") == "iOS"
        assert "SYNTHETIC" in toc.findtext("run/info/summary/template-name")
        for table in ALL_TABLES:
            path = out / run / f"{table}.xml"
            name, _, rows = read_export(path)
            assert name == table and rows, f"{path} has no rows"
            node = etree.parse(str(path), _parser()).getroot().find("node")
            k = listed.index(table) + 1
            assert node.get("xpath") == f"//trace-toc[1]/run[1]/data[1]/table[{k}]"
            head = path.read_bytes()[:120]
            assert head.startswith(b'<?xml version="1.0"?>\n')
            assert b"<node xpath='//trace-toc" in path.read_bytes()[:2000]


def test_writes_are_deterministic_and_single_tables_match_the_run(sample, tmp_path):
    out, _ = sample
    scenario = sample_scenario()
    again = tmp_path / "again"
    write_run(scenario, again)
    for p in out.rglob("*"):
        if p.is_file():
            assert p.read_bytes() == (again / p.relative_to(out)).read_bytes(), p
    buf = io.StringIO()
    write_table(scenario, 2, "ane-hw-intervals", buf)
    assert buf.getvalue().encode() == (out / "run-2" / "ane-hw-intervals.xml").read_bytes()
    buf = io.StringIO()
    write_toc(scenario, 1, buf)
    assert buf.getvalue().encode() == (out / "run-1" / "toc.xml").read_bytes()
    buf = io.StringIO()
    xpath = '/trace-toc/run[@number="1"]/data/table[@schema="os-log"]'
    assert write_xpath(scenario, 1, xpath, buf) > 0
    assert buf.getvalue().encode() == (out / "run-1" / "os-log.xml").read_bytes()
    assert write_xpath(scenario, 1, xpath.replace("os-log", "nope"), io.StringIO()) == -1


def test_processes_and_threads_nest_refs(sample):
    out, _ = sample
    text = (out / "run-1" / "coreml-os-signpost.xml").read_text()
    assert '<process id="7" fmt="CoreDiffuse (1234)"><pid id="8" fmt="1234">1234</pid>' in text
    assert "(CoreDiffuse, pid: 1234)\"><tid" in text and '<process ref="7"/></thread>' in text
    assert "<sentinel/>" in (out / "run-1" / "os-signpost-interval.xml").read_text()


def _s(el) -> float:
    return int(el.text) / 1e9


def test_ground_truth_matches_the_parsed_files(sample):
    out, truth = sample
    for rec in truth["recordings"]:
        folder = out / rec["name"]
        _, cols, rows = read_export(folder / "coreml-os-signpost.xml")
        loads = [(m.text.rsplit("-", 1)[0], _s(d))
                 for m, e, d in zip(column(cols, rows, "model-name"), column(cols, rows, "event"),
                                    column(cols, rows, "duration"), strict=True)
                 if e.text.startswith("Load")]
        assert loads == [(ld["model"], ld["duration_s"]) for ld in rec["loads"]]
        _, cols, rows = read_export(folder / "os-signpost-interval.xml")
        steps = [_s(d) for n, c, p, d in zip(
            column(cols, rows, "name"), column(cols, rows, "category"),
            column(cols, rows, "process"), column(cols, rows, "duration"), strict=True)
            if n.text == "unetStep" and c.text == "profiler" and p.findtext("pid") == "1234"]
        assert steps == rec["steps"]["durations_s"]
        assert rec["steps"]["median_s"] == statistics.median(steps[1:])
        _, cols, rows = read_export(folder / "activity-monitor-process-live.xml")
        fps = [int(f.text) for f, pid in zip(column(cols, rows, "memory-physical-footprint"),
                                             column(cols, rows, "pid"), strict=True)
               if pid.text == "1234"]
        assert max(fps) == rec["memory"]["peak_footprint_bytes"]
        _, cols, rows = read_export(folder / "activity-monitor-system.xml")
        assert max(int(u.text) for u in column(cols, rows, "memory-used")) == \
            rec["memory"]["system_used_peak_bytes"]
        assert max(float(c.text) for c in column(cols, rows, "cpu-total")) == \
            rec["cpu"]["system_peak_percent"]
        _, cols, rows = read_export(folder / "ane-hw-intervals.xml")
        assert len(rows) == rec["ane"]["intervals"]


def test_sample_reproduces_the_public_figures(sample):
    out, truth = sample
    r1, r2 = truth["recordings"]
    assert [ld["kind"] for ld in r1["loads"]] == ["uncached"] * 3
    assert [ld["kind"] for ld in r2["loads"]] == ["cached"] * 3
    assert 115 < r1["load_s"]["uncached"] < 125
    assert max(r1["loads"], key=lambda ld: ld["duration_s"])["model"] == "Unet"
    assert 3.3 < r2["load_s"]["cached"] < 3.7
    assert [round(ld["duration_s"], 2) for ld in r2["loads"] if ld["model"] == "Unet"] == [2.43]
    for rec in (r1, r2):
        assert rec["steps"]["count"] == 25
        assert 0.72 < rec["steps"]["median_s"] < 0.78
        assert rec["steps"]["first_s"] > 1.2 * rec["steps"]["median_s"]
        assert rec["ane"]["busy_fraction_denoise"] > 0.9
    assert truth["headline"]["system_used_peak_bytes"] == int(5.04 * GiB)
    assert abs(truth["headline"]["peak_footprint_bytes"] / GiB - 2.6) < 0.05
    assert abs(truth["headline"]["cpu_peak_percent"] - 440) < 440 * 0.03
    run = json.loads((out / "run.json").read_text())
    assert run["synthetic"] is True and run["device"]["product_type"] == "iPhone14,3"
    assert (out / "run-1" / "console.log").read_bytes().endswith(b"\r\n")
    assert "SYNTHETIC" in (SAMPLE_RUN / "README.md").read_text()


def test_fallback_variants(tmp_path):
    base = sample_scenario()
    no_signposts = ground_truth(replace(base, app_signposts=False))
    assert no_signposts.recordings[0]["steps"]["source"] == "coreml-os-signpost"
    cfg = replace(base, app_signposts=False, steps=replace(base.steps, cfg_split=True))
    out = tmp_path / "cfg"
    truth = write_run(cfg, out)
    _, cols, rows = read_export(out / "run-1" / "coreml-os-signpost.xml")
    preds = [m for m, e in zip(column(cols, rows, "model-name"), column(cols, rows, "event"),
                               strict=True) if e.text == "Prediction" and m.text == "Unet-3"]
    assert len(preds) == 50 and truth.recordings[0]["steps"]["count"] == 25
    empty = replace(base, app_signposts=False, empty_tables=frozenset({"coreml-os-signpost"}))
    out = tmp_path / "empty"
    truth = write_run(empty, out)
    name, cols, rows = read_export(out / "run-1" / "coreml-os-signpost.xml")
    assert (name, len(cols), rows) == ("coreml-os-signpost", 8, [])
    assert truth.recordings[0]["loads"] == [] and truth.headline["uncached_load_s"] is None
    assert truth.recordings[0]["steps"]["source"] == "ane-hw-intervals"
    no_am = base.without_tables("activity-monitor-process-live", "activity-monitor-system")
    out = tmp_path / "noam"
    truth = write_run(no_am, out)
    assert not (out / "run-1" / "activity-monitor-system.xml").exists()
    assert b"activity-monitor" not in (out / "run-1" / "toc.xml").read_bytes()
    assert truth.recordings[0]["memory"] is None and truth.headline["cpu_peak_percent"] is None


def test_layout_variants(tmp_path):
    base = sample_scenario()
    variant = replace(base, layouts={"activity-monitor-process-live": Layout.UNKNOWN,
                                     "os-signpost-interval": "xcode27"})
    out = tmp_path / "v"
    truth = write_run(variant, out)
    _, cols, _ = read_export(out / "run-1" / "activity-monitor-process-live.xml")
    types = {t for _, t in cols}
    assert "size-in-bytes" not in types and "system-cpu-percent" not in types
    name, cols, _ = read_export(out / "run-1" / "OSSignpostIntervals.xml")
    assert name == "OSSignpostIntervals" and ("name", "signpost-name") in cols
    k = table_index(variant, "os-signpost-interval")
    toc = etree.parse(str(out / "run-1" / "toc.xml"), _parser()).getroot()
    assert toc.find("run/data")[k - 1].get("schema") == "OSSignpostIntervals"
    mem = truth.recordings[0]["memory"]
    assert mem["peak_footprint_bytes"] is None and mem["system_used_peak_bytes"] is not None
    generic = replace(base, layouts=(("coreml-os-signpost", Layout.UNKNOWN),))
    out = tmp_path / "g"
    truth = write_run(generic, out)
    _, cols, rows = read_export(out / "run-1" / "coreml-os-signpost.xml")
    assert rows and all(m.startswith("x-") for m, _ in cols)
    assert not {"coreml-model-name", "coreml-model-event"} & {t for _, t in cols}
    assert truth.recordings[0]["loads"] == []


def test_unknown_table_names_are_rejected():
    with pytest.raises(ValueError, match="unknown tables"):
        replace(sample_scenario(), empty_tables={"coreml-os-signposts"})


def test_plain_load_events_are_classified_by_comparison():
    base = sample_scenario()
    truth = ground_truth(replace(base, load_style=LoadStyle.PLAIN))
    assert truth.data["load_rule"] == "comparison"
    assert [ld["kind"] for ld in truth.recordings[0]["loads"]] == ["uncached"] * 3
    assert [ld["kind"] for ld in truth.recordings[1]["loads"]] == ["cached"] * 3
    alone = ground_truth(replace(base, load_style=LoadStyle.PLAIN,
                                 recordings=base.recordings[:1]))
    assert {ld["kind"] for ld in alone.recordings[0]["loads"]} == {"unknown"}


def test_silent_ane_fallback_and_thermal(tmp_path):
    base = sample_scenario()
    cpu = replace(base, unet_compute=ComputeUnit.CPU,
                  steps=replace(base.steps, mean_s=12.0),
                  recordings=(RecordingSpec(cached=True, thermal=(
                      (0.0, ThermalState.FAIR), (20.0, ThermalState.SERIOUS))),))
    truth = ground_truth(cpu)
    rec = truth.recordings[0]
    assert rec["ane"]["busy_fraction_denoise"] == 0.0 and rec["ane"]["intervals"] > 0
    assert rec["thermal"]["worst"] == "Serious"
    assert rec["cpu"]["process_peak_percent"] > 400


def test_hostile_strings_crashes_and_multipliers(tmp_path):
    base = sample_scenario()
    script = "<script>alert(1)</script> & \"quotes\" \x01"
    hostile = replace(base, app_name=script, recordings=(
        RecordingSpec(cached=True, console_log=True, os_log=(LogLine(script),),
                      crashes=(CrashSpec(kind="jetsam", at_s=5.0), CrashSpec(kind="crash"))),
        RecordingSpec(cached=True, step_multiplier=1.15, memory_multiplier=1.2, noise=0.01),
    ))
    out = tmp_path / "h"
    truth = write_run(hostile, out)
    _, cols, rows = read_export(out / "run-1" / "os-log.xml")
    messages = [m.get("fmt") for m in column(cols, rows, "message")]
    assert script.replace("\x01", "\ufffd") in messages
    assert b"<script>" not in (out / "run-1" / "os-log.xml").read_bytes()
    ips = sorted((out / "run-1" / "crashes").glob("*.ips"))
    assert len(ips) == 2
    for path in ips:
        header, body = path.read_text().split("\n", 1)
        assert json.loads(header)["bug_type"] in {"298", "309"} and json.loads(body)
    r1, r2 = truth.recordings
    assert 1.1 < r2["steps"]["median_s"] / r1["steps"]["median_s"] < 1.2
    assert r2["memory"]["peak_footprint_bytes"] > r1["memory"]["peak_footprint_bytes"] * 1.15


def test_step_profile_knobs_are_honoured():
    base = sample_scenario()
    truth = ground_truth(replace(base, steps=StepProfile(count=10, mean_s=0.5, jitter=0.0,
                                                         first_extra_s=0.0)))
    steps = truth.recordings[0]["steps"]
    assert steps["count"] == 10 and abs(steps["median_s"] - 0.5) < 1e-6
    with_safety = replace(base, safety_check_s=1.5)
    names = [r["name"] for r in signpost_rows(with_safety, 1) if r["process"].pid == 1234]
    assert names.count("safetyCheck") == 1 and names.count("unetStep") == 25


@pytest.mark.slow
def test_huge_scale_gives_about_the_requested_rows(tmp_path):
    from tests.synthetic import huge_scenario

    scenario = huge_scenario(200_000)  # bench/ uses the 1M default (about 90 s)
    rows = sum(write_table(scenario, n, t, tmp_path / f"{n}-{t}.xml")
               for n in (1, 2) for t in ALL_TABLES)
    assert 170_000 < rows < 240_000
    name, _, parsed = read_export(tmp_path / "1-ane-hw-intervals.xml")
    assert len(parsed) > 40_000
