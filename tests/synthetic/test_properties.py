"""Property tests: any combination of knobs gives well-formed exports and a consistent truth."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.synthetic import (
    ALL_TABLES,
    ComputeUnit,
    CrashSpec,
    Layout,
    LoadStyle,
    LogLine,
    RecordingSpec,
    ThermalState,
    sample_scenario,
    write_run,
)
from tests.synthetic.scenario import KNOWN_TABLES, CfgMode, LaunchSpec, Target, TocStyle, TraceShape
from tests.synthetic.xmlcheck import read_export, read_nodes

tables = st.lists(st.sampled_from(ALL_TABLES), unique=True)
recording = st.builds(
    RecordingSpec, cached=st.booleans(), step_multiplier=st.floats(0.5, 2.0),
    memory_multiplier=st.floats(0.5, 1.5), noise=st.floats(0.0, 0.05),
    thermal=st.lists(st.tuples(st.floats(0.0, 200.0), st.sampled_from(ThermalState)),
                     max_size=3).map(tuple),
    os_log=st.lists(st.builds(LogLine, st.text(max_size=20)), max_size=2).map(tuple),
    console_log=st.booleans(),
    crashes=st.lists(st.builds(CrashSpec, st.sampled_from(["jetsam", "crash"]),
                               st.floats(0.0, 50.0)), max_size=1).map(tuple))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recordings=st.lists(recording, min_size=1, max_size=2), omit=tables, empty=tables,
       steps=st.integers(1, 4), cfg=st.booleans(), style=st.sampled_from(LoadStyle),
       unit=st.sampled_from(ComputeUnit), signposts=st.booleans(),
       unknown=st.lists(st.sampled_from(ALL_TABLES), unique=True, max_size=2),
       app=st.text(min_size=1, max_size=12), seed=st.integers(0, 2**32))
def test_any_scenario_writes_valid_exports(recordings, omit, empty, steps, cfg, style, unit,
                                           signposts, unknown, app, seed):
    base = sample_scenario()
    scenario = replace(
        base.without_tables(*omit), recordings=tuple(recordings), empty_tables=frozenset(empty),
        steps=replace(base.steps, count=steps, cfg_split=cfg), load_style=style,
        unet_compute=unit, app_signposts=signposts, app_name=app, seed=seed,
        layouts=tuple((t, Layout.UNKNOWN) for t in unknown))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        truth = write_run(scenario, out)
        for number, rec in enumerate(truth.recordings, start=1):
            for table in scenario.tables:
                name, _, rows = read_export(out / f"run-{number}" / f"{table}.xml")
                assert name == table
                assert (rows == []) == (table in empty)
            if rec["steps"] is not None:
                assert rec["steps"]["count"] == steps
            assert len(list((out / f"run-{number}").glob("crashes/*.ips"))) == len(
                scenario.recordings[number - 1].crashes)


launch = st.builds(LaunchSpec, cached=st.booleans(), generations=st.integers(1, 2),
                   idle_between_s=st.floats(0.5, 5.0), reduce_memory=st.booleans(),
                   killed_after_steps=st.one_of(st.none(), st.integers(0, 3)),
                   relaunch_after_s=st.floats(0.5, 4.0))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(launches=st.lists(st.lists(launch, min_size=1, max_size=3), min_size=1, max_size=2),
       xcode=st.sampled_from(["16.4", "27.2"]), style=st.sampled_from(TocStyle),
       target=st.sampled_from(Target), cfg=st.sampled_from(CfgMode), chunked=st.booleans(),
       extra=st.lists(st.sampled_from(KNOWN_TABLES), unique=True), shape=st.sampled_from(TraceShape),
       signposts=st.booleans(), plain=st.booleans(), seed=st.integers(0, 2**32))
def test_any_real_shaped_scenario_writes_valid_exports(launches, xcode, style, target, cfg, chunked,
                                                       extra, shape, signposts, plain, seed):
    from tests.synthetic import behaviours

    base = behaviours.real_app(xcode)
    scenario = replace(
        base, seed=seed, toc_style=style, target=target, cfg=cfg, trace_shape=shape,
        models=behaviours.CHUNKED if chunked else behaviours.SUB_MODELS,
        tables=tuple(dict.fromkeys((*base.tables, *extra))), app_signposts=signposts,
        load_style=LoadStyle.PLAIN if plain else LoadStyle.LABELLED,
        extra_processes=behaviours.CROWD, steps=replace(base.steps, count=4),
        recordings=tuple(RecordingSpec(launches=tuple(ls)) for ls in launches))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        truth = write_run(scenario, out)
        for path in out.rglob("*.xml"):
            if path.name != "toc.xml":
                nodes = read_nodes(path)
                assert len(nodes) == (len(launches) if shape is TraceShape.ONE_TRACE else 1)
        for rec, specs in zip(truth.recordings, launches, strict=True):
            assert len(rec["launches"]) == len(specs)
            for la, spec in zip(rec["launches"], specs, strict=True):
                killed = spec.killed_after_steps
                gens = la["generations"]
                assert len(gens) == (1 if killed is not None else spec.generations)
                for g in gens:
                    want = killed if killed is not None and g["number"] == 1 else 4
                    assert (g["steps"] or {}).get("count", 0) == want
