"""Generator variants: fallbacks, layouts, load styles, hostile strings, crashes, scale."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from lxml import etree

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
)
from tests.synthetic.tables import signpost_rows
from tests.synthetic.xmlcheck import column, parser, read_export


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
    toc = etree.parse(str(out / "run-1" / "toc.xml"), parser()).getroot()
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
    # issue 14: a load over 60 s is uncached even alone; the others have nothing to compare with
    assert {ld["model"]: ld["kind"] for ld in alone.recordings[0]["loads"]} == {
        "TextEncoder": "unknown", "Unet": "uncached", "VAEDecoder": "unknown"}


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
