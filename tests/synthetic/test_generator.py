"""Structural tests of the SYNTHETIC generator's own output (not of the profiler).

The XML is read back with lxml, independently of the generator, and the ground truth is
re-derived from the parsed files, so a generator bug that desynchronises files and truth fails.
"""

from __future__ import annotations

import filecmp
import io
import json
import statistics
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SAMPLE_RUN
from tests.synthetic import (
    ALL_TABLES,
    sample_scenario,
    write_run,
    write_table,
    write_toc,
    write_xpath,
)
from tests.synthetic.sample import main as sample_main
from tests.synthetic.xmlcheck import column, parser, read_export

GiB = 1 << 30


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
        toc = etree.parse(str(out / run / "toc.xml"), parser()).getroot()
        listed = [t.get("schema") for t in toc.find("run/data")]
        assert toc.find("run/info/target/device").get("platform") == "iOS"
        assert "SYNTHETIC" in toc.findtext("run/info/summary/template-name")
        for table in ALL_TABLES:
            path = out / run / f"{table}.xml"
            name, _, rows = read_export(path)
            assert name == table and rows, f"{path} has no rows"
            node = etree.parse(str(path), parser()).getroot().find("node")
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
