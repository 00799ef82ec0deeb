"""The behaviour scenarios (issue 14) as written: shape, labels, and the properties each one
was built for, checked on the files read back independently (lxml, tests/synthetic/xmlcheck)."""

from __future__ import annotations

import json
import statistics

import pytest
from lxml import etree

from tests.synthetic import behaviours
from tests.synthetic.run import write_run
from tests.synthetic.xmlcheck import column, parser, read_export, read_nodes

V1_RECORDING_KEYS = {"name", "duration_s", "process", "simulated_kind", "loads", "load_s",
                     "steps", "stages", "memory", "cpu", "ane", "gpu", "thermal"}


def _texts(cells) -> list[str | None]:
    """Cell text as the export shows it (fmt), None for a sentinel."""
    return [None if c.tag == "sentinel" else c.get("fmt") for c in cells]


def _coreml(folder):
    return read_export(folder / "coreml-os-signpost.xml")


def test_every_scenario_is_deterministic(written, tmp_path):
    for name, (folder, _) in written.items():
        again = tmp_path / name
        write_run(behaviours.scenario(name), again)
        files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
        for rel in files:
            assert (folder / rel).read_bytes() == (again / rel).read_bytes(), (name, rel)


def test_every_file_is_well_formed_dense_and_labelled_synthetic(written):
    for folder, truth in written.values():
        assert truth["synthetic"] is True and truth["version"] == 2
        assert json.loads((folder / "run.json").read_text())["synthetic"] is True
        for path in folder.rglob("*.xml"):
            head = path.read_text()[:400]
            assert "<!-- SYNTHETIC data written by tests/synthetic" in head, path
            if path.name == "toc.xml":
                root = etree.parse(str(path), parser()).getroot()
                assert all("SYNTHETIC" in s.text for s in root.iter("template-name"))
            else:
                assert read_nodes(path), path  # dense ids, no forward refs, full rows
        for ips in folder.rglob("*.ips"):
            assert json.loads(ips.read_text().split("\n", 1)[0])["synthetic"] is True


def test_version_2_keeps_every_version_1_key(written):
    for name, (_, truth) in written.items():
        for rec in truth["recordings"]:
            assert V1_RECORDING_KEYS <= set(rec), name
            assert rec["launches"] and all(la["generations"] for la in rec["launches"])
        assert set(truth["headline"]) >= {"uncached_load_s", "cached_load_s", "step_median_s",
                                          "steps_per_s", "peak_footprint_bytes", "ane_busy_fraction"}


def test_b01_one_recording_three_launches_cold_then_warm(written):
    folder, truth = written["b01-relaunch-cold-then-warm"]
    toc = etree.parse(str(folder / "run-1" / "toc.xml"), parser()).getroot()
    apps = [p.get("pid") for p in toc.iter("process") if p.get("name") == "CoreDiffuse"]
    assert len(apps) == len(set(apps)) == 3
    assert toc.find("run/info/target/all-processes") is not None
    _, cols, _ = _coreml(folder / "run-1")
    assert "process" not in {t for _, t in cols}
    (rec,) = truth["recordings"]
    assert [la["pid"] for la in rec["launches"]] == [int(p) for p in apps]
    assert [[ld["kind"] for ld in la["loads"]] for la in rec["launches"]] == [
        ["uncached"] * 3, ["cached"] * 3, ["cached"] * 3]
    for la in rec["launches"]:
        lo, hi = la["span_s"]
        assert all(lo <= ld["start_s"] < hi for ld in la["loads"])
    # each launch's Activity Monitor rows stay inside its own span
    _, cols, rows = read_export(folder / "run-1" / "activity-monitor-process-live.xml")
    for la in rec["launches"]:
        times = [int(s.text) / 1e9 for s, p in zip(column(cols, rows, "start"),
                                                   column(cols, rows, "pid"), strict=True)
                 if int(p.text) == la["pid"]]
        assert times and la["span_s"][0] - 1 <= min(times) and max(times) < la["span_s"][1]


@pytest.mark.parametrize("name", ["b02-three-images-signposts", "b02-three-images-no-signposts"])
def test_b02_three_images_are_three_loops_and_gaps_never_count(written, name):
    _, truth = written[name]
    (rec,) = truth["recordings"]
    (launch,) = rec["launches"]
    gens = launch["generations"]
    assert [g["steps"]["count"] for g in gens] == [25, 25, 25]
    windows = [g["denoise_window_s"] for g in gens]
    assert all(a[1] < b[0] for a, b in zip(windows, windows[1:], strict=False))
    summed = sum(b - a for a, b in windows)
    assert launch["steps"]["steps_per_s"] == pytest.approx(75 / summed)
    assert launch["steps"]["steps_per_s"] > 75 / (windows[-1][1] - windows[0][0]) * 1.1
    expected = "os-signpost-interval" if "no-signposts" not in name else "coreml-os-signpost"
    assert rec["steps"]["source"] == expected
    for g in gens:
        assert g["ane"]["busy_fraction_denoise"] > 0.9


def test_b03_unloads_are_not_loads_and_models_reload_before_use(written):
    folder, truth = written["b03-reduce-memory"]
    _, cols, rows = _coreml(folder / "run-1")
    levels = _texts(column(cols, rows, "model-level"))
    seq = [(e, m) for e, m, lv in zip(_texts(column(cols, rows, "event-label")),
                                      _texts(column(cols, rows, "model-name")), levels,
                                      strict=True) if lv == "top"]
    (launch,) = truth["recordings"][0]["launches"]
    assert sum(e == "Unload" for e, _ in seq) == len(launch["unloads"]) == 9
    assert sum(e.startswith("Load") for e, _ in seq) == len(launch["loads"]) == 9
    assert all(ld["event"] != "Unload" for ld in launch["loads"])
    for model in {m for _, m in seq}:
        mine = [e for e, m in seq if m == model and e in ("Unload", "Prediction")
                or m == model and e.startswith("Load")]
        for before, after in zip(mine, mine[1:], strict=False):
            if before == "Unload":
                assert after.startswith("Load"), (model, mine)  # reloaded before any use
    assert [ld["kind"] for ld in launch["loads"] if ld["jit"]] == ["cached"] * 6


def test_b04_load_kinds_follow_the_text_then_absolute_then_relative(written):
    text = written["b04-text-kinds-and-contradiction"][1]["recordings"]
    unet = [next(ld for ld in r["launches"][0]["loads"] if ld["model"] == "Unet") for r in text]
    assert [(u["event"], u["kind"], u["kind_from"]) for u in unet] == [
        ("Load (compile)", "uncached", "text"), ("Load (cached)", "cached", "text")]
    assert unet[1]["duration_s"] > 60
    assert "cached-load-contradiction" in written["b04-text-kinds-and-contradiction"][1][
        "diagnostics"]["expected"]
    small = written["b04-relative-small-models"][1]["recordings"][0]["launches"][0]["loads"]
    te = next(ld for ld in small if ld["model"] == "TextEncoder")
    assert (te["kind"], te["kind_from"]) == ("uncached", "relative") and te["duration_s"] < 5
    single = written["b04-absolute-single-recording"][1]["recordings"][0]["launches"][0]["loads"]
    assert {ld["model"]: (ld["kind"], ld["kind_from"]) for ld in single} == {
        "TextEncoder": ("unknown", "relative"), "Unet": ("uncached", "absolute"),
        "VAEDecoder": ("unknown", "relative")}
    pkg = written["b04-mlpackage-never-cached"][1]
    kinds = [{ld["model"]: ld["kind"] for ld in r["launches"][0]["loads"]}
             for r in pkg["recordings"]]
    assert [k["Unet"] for k in kinds] == ["uncached", "uncached"]
    assert kinds[1]["TextEncoder"] == "cached"
    assert "never-cached-mlpackage" in pkg["diagnostics"]["expected"]
    assert all("never-cached-mlpackage" not in written[n][1]["diagnostics"]["expected"]
               for n in ("b04-text-kinds-and-contradiction", "b04-relative-small-models"))


def test_b05_sub_model_events_name_their_parent_and_never_add_up(written):
    folder, truth = written["b05-sub-models"]
    _, cols, rows = _coreml(folder / "run-1")
    cells = zip(_texts(column(cols, rows, "model-name")),
                _texts(column(cols, rows, "parent-model-name")),
                _texts(column(cols, rows, "model-level")),
                _texts(column(cols, rows, "event-label")), strict=True)
    subs = [(m, p, e) for m, p, lv, e in cells if lv == "sub"]
    assert {p for _, p, _ in subs} == {"TextEncoder-2", "Unet-3"}
    assert sum(1 for m, _, e in subs if m.startswith("Unet") and e == "Prediction") == 2 * 25
    rec = truth["recordings"][0]
    assert rec["coreml_rows"]["sub"] == len(subs)
    assert [ld["model"] for ld in rec["loads"]] == ["TextEncoder", "Unet", "VAEDecoder"]
    assert rec["steps"]["count"] == 25 and rec["steps"]["source"] == "coreml-os-signpost"
    top_unet = [ld for ld in rec["loads"] if ld["model"] == "Unet"][0]["duration_s"]
    sub_unet = sum(int(d.text) / 1e9 for d, m, lv, e in zip(
        column(cols, rows, "duration"), _texts(column(cols, rows, "model-name")),
        _texts(column(cols, rows, "model-level")), _texts(column(cols, rows, "event-label")),
        strict=True) if lv == "sub" and m.startswith("Unet") and e.startswith("Load"))
    assert sub_unet < top_unet  # nested inside the parent's load, not after it
    assert statistics.median(rec["steps"]["durations_s"][1:]) == rec["steps"]["median_s"]
