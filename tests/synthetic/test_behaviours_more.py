"""Behaviour scenarios 6-10 (chunked CFG, app identity, sparse samples, jetsam, sentinels),
checked on the files read back independently."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from tests.synthetic import truth_rules
from tests.synthetic.xmlcheck import column, parser, read_export

PATTERNS = {"batched": ["UnetChunk1-4", "UnetChunk2-5"],
            "separate": ["UnetChunk1-4", "UnetChunk1-4", "UnetChunk2-5", "UnetChunk2-5"],
            "interleaved": ["UnetChunk1-4", "UnetChunk2-5", "UnetChunk1-4", "UnetChunk2-5"]}


def _fmt(cells) -> list[str | None]:
    return [None if c.tag == "sentinel" else c.get("fmt") for c in cells]


@pytest.mark.parametrize("mode", sorted(PATTERNS))
def test_b06_one_step_is_one_cycle_through_the_chunks(written, mode):
    folder, truth = written[f"b06-chunked-cfg-{mode}"]
    _, cols, rows = read_export(folder / "run-1" / "coreml-os-signpost.xml")
    preds = [(int(s.text), m) for s, m, e in zip(
        column(cols, rows, "start"), _fmt(column(cols, rows, "model-name")),
        _fmt(column(cols, rows, "event-label")), strict=True)
        if e == "Prediction" and m.startswith("UnetChunk")]
    steps = truth["recordings"][0]["launches"][0]["generations"][0]["steps"]
    window = truth["recordings"][0]["launches"][0]["generations"][0]["denoise_window_s"]
    assert steps["count"] == 20 and len(preds) == 20 * len(PATTERNS[mode])
    per_chunk = 2 if mode != "batched" else 1
    assert all(sum(m == c for _, m in preds) == 20 * per_chunk for c in set(PATTERNS[mode]))
    # the rows come in the mode's order, one pattern per step, inside the denoising window
    names = [m for _, m in preds]
    size = len(PATTERNS[mode])
    assert [names[i:i + size] for i in range(0, len(names), size)] == [PATTERNS[mode]] * 20
    assert window[0] * 1e9 <= preds[0][0] and preds[-1][0] < window[1] * 1e9
    # "as the app's": every step within 2 % of the app's own step
    for mine, app in zip(steps["durations_s"], steps["app_durations_s"], strict=True):
        assert mine == pytest.approx(app, rel=0.02)


def _am(folder):
    _, cols, rows = read_export(folder / "run-1" / "activity-monitor-process-live.xml")
    return [(n.get("fmt"), int(p.text), int(f.text)) for n, p, f in zip(
        column(cols, rows, "process"), column(cols, rows, "pid"),
        column(cols, rows, "memory-physical-footprint"), strict=True)]


@pytest.mark.parametrize(("name", "how"), [
    ("b07-app-from-coreml-process-column", "coreml-process-column"),
    ("b07-app-from-app-signposts", "app-signposts"),
    ("b07-app-from-coreml-os-signposts", "coreml-os-signpost-events"),
    ("b07-app-undecided", None)])
def test_b07_the_app_is_never_simply_the_largest_footprint(written, name, how):
    folder, truth = written[name]
    (rec,) = truth["recordings"]
    assert rec["app"]["how"] == how
    toc = etree.parse(str(folder / "run-1" / "toc.xml"), parser()).getroot()
    assert toc.find("run/info/target/all-processes") is not None
    assert (folder / "run.json").read_text().count('"name": null') == 1  # no app name
    am = _am(folder)
    largest = max(am, key=lambda r: r[2])
    assert largest[1] != 1234 and largest[2] > max(f for _, p, f in am if p == 1234)
    names = {n.split(" (")[0] for n, _, _ in am}
    assert {"aned", "ANEServices", "ANECompilerService", "ImageBench"} <= names
    if how is None:
        assert rec["app"]["candidates"] == [{"name": "ImageBench", "pid": 777},
                                            {"name": "CoreDiffuse", "pid": 1234}]
        assert "app-not-identified" in rec["diagnostics"]["expected"]
    else:
        assert rec["app"]["pids"] == [1234] and rec["app"]["candidates"] is None
    if how == "coreml-process-column":
        _, cols, rows = read_export(folder / "run-1" / "coreml-os-signpost.xml")
        pids = {c.findtext("pid") for c in column(cols, rows, "process")}
        assert pids == {"1234", "2647"} and rec["coreml_rows"]["other_processes"] > 0
    if how == "coreml-os-signpost-events":
        _, cols, rows = read_export(folder / "run-1" / "os-signpost.xml")
        assert {c.findtext("pid") for c in column(cols, rows, "process")} == {"1234"}


def test_b08_sparse_samples_carry_forward(written):
    folder, truth = written["b08-sparse-sysmon"]
    _, cols, rows = read_export(folder / "run-1" / "sysmon-process.xml")
    parsed = [(int(t.text), int(p.text), float(c.text), int(f.text)) for t, p, c, f in zip(
        column(cols, rows, "time"), column(cols, rows, "pid"), column(cols, rows, "cpu-percent"),
        column(cols, rows, "memory-physical-footprint"), strict=True)]
    end = round(truth["recordings"][0]["duration_s"] * 1e9)
    by_pid: dict[int, list] = {}
    for t, pid, cpu, fp in parsed:
        by_pid.setdefault(pid, []).append((t, cpu, fp))
    for values in by_pid.values():  # a row only when a value changed
        assert all(a[1:] != b[1:] for a, b in zip(values, values[1:], strict=False))
    assert len(parsed) < 0.5 * len(by_pid) * end / 1e9  # far fewer than one row a second
    # an independent carry-forward over the parsed rows gives the truth's figures
    pieces = {pid: [(t, (vals[i + 1][0] if i + 1 < len(vals) else end), cpu)
                    for i, (t, cpu, _) in enumerate(vals)] for pid, vals in by_pid.items()}
    edges = sorted({x for ps in pieces.values() for a, b, _ in ps for x in (a, b)})
    total = [(a, b, sum(v for ps in pieces.values() for s, e, v in ps if s <= a < e))
             for a, b in zip(edges, edges[1:], strict=False)]
    mean = sum((b - a) * v for a, b, v in total) / sum(b - a for a, b, _ in total)
    app = pieces[1234]
    cpu = truth["recordings"][0]["cpu"]
    assert cpu["system_mean_percent"] == pytest.approx(mean)
    assert cpu["system_peak_percent"] == pytest.approx(max(v for _, _, v in total))
    assert cpu["process_mean_percent"] == pytest.approx(
        sum((b - a) * v for a, b, v in app) / sum(b - a for a, b, _ in app))
    naive: dict[int, float] = {}  # what summing the rows that share a timestamp gives
    for t, _, c, _ in parsed:
        naive[t] = naive.get(t, 0.0) + c
    assert sum(naive.values()) / len(naive) < 0.8 * cpu["system_mean_percent"]
    compiler = by_pid[1241]  # ANECompilerService: busy while compiling, then one idle row
    assert compiler[-1][1] == 0.0 and max(c for _, c, _ in compiler) > 300


@pytest.mark.parametrize("name", ["b09-jetsam-ips-beside-exports", "b09-jetsam-toc-termination"])
def test_b09_a_jetsam_kill_cuts_the_steps_short(written, name):
    folder, truth = written[name]
    (rec,) = truth["recordings"]
    (gen,) = rec["launches"][0]["generations"]
    assert (gen["steps"]["count"], gen["steps"]["planned"], gen["steps"]["cut_short"]) == (
        11, 25, True)
    assert {"jetsam-memory-limit", "steps-cut-short"} <= set(rec["diagnostics"]["expected"])
    _, cols, rows = read_export(folder / "run-1" / next(
        p.name for p in (folder / "run-1").glob("*ignpost*.xml") if "Intervals" in p.name
        or "interval" in p.name))
    names = [n.get("fmt") for n, p in zip(column(cols, rows, "name"), column(cols, rows, "process"),
                                          strict=True) if p.findtext("pid") == "1234"]
    assert names.count("unetStep") == 11 and "generate" not in names and "vaeDecode" not in names
    toc = etree.parse(str(folder / "run-1" / "toc.xml"), parser()).getroot()
    target = toc.find("run/info/target/process")
    jetsam = rec["launches"][0]["jetsam"]
    if "ips" in name:
        (ips,) = (folder / "run-1").glob("JetsamEvent-*.ips")  # beside the exports
        assert not (folder / "run-1" / "crashes").exists()
        assert jetsam["source"] == "ips-beside" and jetsam["limit_bytes"] > 2.5 * (1 << 30)
        assert abs(jetsam["footprint_bytes"] - rec["memory"]["peak_footprint_bytes"]) < 0.02 * \
            jetsam["footprint_bytes"]
    else:
        assert target.get("termination-reason") == "Terminated due to memory issue"
        assert jetsam["source"] == "toc" and jetsam["limit_bytes"] is None


def test_b10_sentinels_never_shift_columns(written):
    folder, truth = written["b10-sentinels-mps-hashed-names"]
    (rec,) = truth["recordings"]
    _, cols, rows = read_export(folder / "run-1" / "coreml-os-signpost.xml")
    assert len(rows) == rec["coreml_rows"]["rows"]
    for lv, parent, event, label in zip(
            _fmt(column(cols, rows, "model-level")), _fmt(column(cols, rows, "parent-model-name")),
            _fmt(column(cols, rows, "event-label")), _fmt(column(cols, rows, "graph-event-label")),
            strict=True):
        assert lv == "top" and parent is None
        assert (label is None) == (event not in ("Prediction", "Unload") and not
                                   event.startswith("Load"))
    names = set(_fmt(column(cols, rows, "model-name")))
    assert any(re.fullmatch(r"[0-9a-f]{64}-12", n) for n in names)
    assert {"Input Validation", "Input Copy", "Prepare GPU Request", "GPU Request",
            "Output Transformation"} <= set(_fmt(column(cols, rows, "event-label")))
    _, cols, rows = read_export(folder / "run-1" / "mps-hw-intervals.xml")
    assert len(rows) == rec["mps"]["rows"] == rec["mps"]["process_sentinels"]
    assert all(c.tag == "sentinel" for c in column(cols, rows, "process"))
    assert all(c.tag == "metal-device-name" and c.text.endswith("GPU")
               for c in column(cols, rows, "gpu"))
    assert rec["gpu"]["busy_fraction"] > 0.9 and rec["mps"]["attributed_to_app"]


def test_checked_codes_are_named_once():
    assert len(set(truth_rules.CHECKED_CODES)) == len(truth_rules.CHECKED_CODES)
