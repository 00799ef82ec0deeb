"""Metric-based findings on hand-built (synthetic) Summary and RecordingSeries objects."""

from __future__ import annotations

import dataclasses

import pandas as pd

from profiler.analysis.diagnostics import metric_findings
from profiler.analysis.series import RecordingSeries
from profiler.analysis.summary import (
    Ane,
    DeviceInfo,
    Headline,
    Jetsam,
    Launch,
    Load,
    LoadKind,
    Memory,
    Recording,
    Steps,
    Summary,
    Thermal,
    Unavailable,
)
from profiler.hardware import jetsam_budget_bytes

GIB = 1024**3
S = 1_000_000_000  # ns per second
RAM = 6 * GIB
BUDGET = jetsam_budget_bytes(RAM)
assert BUDGET is not None


def steps_frame(n: int = 20, start_s: float = 100.0, step_s: float = 1.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "step": range(1, n + 1),
            "start_ns": [int((start_s + i * step_s) * S) for i in range(n)],
            "duration_ns": [int(step_s * S)] * n,
        }
    )


def recording(**kw: object) -> Recording:
    base = Recording(
        name="rec1",
        loads=(Load("Unet", LoadKind.CACHED, 10.0, 3.0, "signposts"),),
        steps=Steps(20, 1.0, 1.0, 1.0, 1.0, 1.0, "signposts"),
        memory=Memory(int(0.5 * BUDGET), 110.0, None, RAM, "activity-monitor"),
        ane=Ane(busy_s=18.0, busy_fraction_denoise=0.9, intervals=20),
        thermal=Thermal(worst="Nominal"),
    )
    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]


def series(**frames: pd.DataFrame) -> RecordingSeries:
    base = {
        "steps": steps_frame(),
        "predictions": pd.DataFrame(
            {
                "model": ["Unet-1"] * 20,
                "start_ns": steps_frame()["start_ns"],
                "duration_ns": [int(0.9 * S)] * 20,
            }
        ),
        # busy 80 % of every step: the Neural Engine does the UNet work
        "ane": pd.DataFrame(
            {
                "start_ns": steps_frame()["start_ns"] + int(0.05 * S),
                "duration_ns": [int(0.8 * S)] * 20,
                "label": ["Unet Prediction"] * 20,
            }
        ),
        "thermal": pd.DataFrame({"start_ns": [0], "duration_ns": [200 * S], "state": ["Nominal"]}),
        "memory": pd.DataFrame(
            {"time_ns": [0, 110 * S], "footprint_bytes": [1, int(0.5 * BUDGET)]}
        ),
    }
    base.update(frames)
    return RecordingSeries(name="rec1", frames=base)


def summary(rec: Recording) -> Summary:
    return Summary(device=DeviceInfo(ram_bytes=RAM), recordings=(rec,), headline=Headline())


def codes(rec: Recording, ser: RecordingSeries, **kw: object) -> list[str]:
    return [d.code for d in metric_findings(summary(rec), [ser], **kw)]  # type: ignore[arg-type]


def test_a_healthy_run_triggers_nothing() -> None:
    assert codes(recording(), series()) == []


def test_near_jetsam_limit_from_the_catalogue_budget() -> None:
    peak = int(0.9 * BUDGET)
    rec = recording(memory=Memory(peak, 123.0, None, RAM, "activity-monitor"))
    (d,) = metric_findings(summary(rec), [series()])
    assert d.code == "near-jetsam-limit"
    assert d.first_s == 123.0
    assert (
        "= 90% of the 2.80 GiB jetsam budget (documented budget for 6 GiB devices)"
        in d.evidence.text
    )  # type: ignore[union-attr]
    # just under 85 %: nothing
    under = recording(memory=Memory(int(0.84 * BUDGET), 1.0, None, RAM, "x"))
    assert codes(under, series()) == []


def test_a_footprint_above_the_documented_budget_says_it_exceeded_it() -> None:
    peak = BUDGET + 300 * 2**20
    rec = recording(memory=Memory(peak, 50.0, None, RAM, "activity-monitor"))
    (d,) = metric_findings(summary(rec), [series()])
    assert (d.code, d.first_s, d.recording) == ("jetsam-budget-exceeded", 50.0, "rec1")
    assert d.message == "Peak memory footprint exceeded the per-process jetsam budget."
    assert d.evidence.text == (  # type: ignore[union-attr]
        "peak footprint 3.09 GiB exceeded the 2.80 GiB jetsam budget (documented budget for "
        "6 GiB devices) by 300 MiB (110%); the app survived it, which suggests the Increased "
        "Memory Limit entitlement or a larger limit on this device than documented")
    killed = dataclasses.replace(rec, launches=(Launch(1, 7, 0.0, 60.0, jetsam=Jetsam(
        source="toc", footprint_bytes=peak, limit_bytes=None, at_s=60.0, evidence="killed")),))
    (d,) = [x for x in metric_findings(summary(killed), [series()])
            if x.code == "jetsam-budget-exceeded"]
    assert d.evidence.text.endswith("by 300 MiB (110%); jetsam killed the app")  # type: ignore[union-attr]


def test_an_8_gib_device_has_no_documented_budget_so_no_memory_finding() -> None:
    assert jetsam_budget_bytes(8 * GIB) is None
    rec = recording(memory=Memory(5 * GIB, 50.0, None, 8 * GIB, "x"))
    s8 = Summary(device=DeviceInfo(ram_bytes=8 * GIB), recordings=(rec,), headline=Headline())
    assert [d.code for d in metric_findings(s8, [series()])] == []
    # a JetsamEvent's measured limit stands in for the missing budget
    (d,) = metric_findings(s8, [series()], measured_limit_bytes=int(5.5 * GIB))
    assert d.code == "near-jetsam-limit"
    assert "of the 5.50 GiB jetsam limit (measured from the JetsamEvent report)" in d.evidence.text  # type: ignore[union-attr]


def test_near_jetsam_limit_uses_a_measured_limit() -> None:
    rec = recording(memory=Memory(int(0.5 * BUDGET), 5.0, None, RAM, "x"))
    measured = int(0.55 * BUDGET)  # peak is 91 % of what the device actually allowed
    (d,) = metric_findings(summary(rec), [series()], measured_limit_bytes=measured)
    assert d.code == "near-jetsam-limit"
    assert "measured from the JetsamEvent report" in d.evidence.text  # type: ignore[union-attr]


def test_silent_ane_fallback_when_the_ane_is_idle_during_unet() -> None:
    idle = series(ane=pd.DataFrame({"start_ns": [], "duration_ns": [], "label": []}))
    rec = recording(ane=Ane(busy_s=0.0, busy_fraction_denoise=0.0, intervals=0))
    (d,) = metric_findings(summary(rec), [idle])
    assert d.code == "silent-ane-fallback"
    assert (
        d.evidence.text
        == "20 UNet predictions ran for 18.0 s; the Neural Engine was busy 0.0% of that time"
    )  # type: ignore[union-attr]
    assert (d.first_s, d.last_s, d.recording) == (100.0, 100.0, "rec1")  # one event, one time


def test_ane_busy_only_outside_unet_windows_still_counts_as_idle() -> None:
    # the ANE ran the text encoder before the steps, then nothing during them
    early = pd.DataFrame({"start_ns": [1 * S], "duration_ns": [50 * S], "label": ["TextEncoder"]})
    assert codes(recording(), series(ane=early)) == ["silent-ane-fallback"]


def test_no_ane_finding_when_the_ane_was_not_recorded() -> None:
    idle = series(ane=pd.DataFrame({"start_ns": [], "duration_ns": [], "label": []}))
    assert codes(recording(ane=None), idle) == []
    unavailable = recording(unavailable=(Unavailable("ane", "no Neural Engine table"),))
    assert codes(unavailable, idle) == []


def test_steps_stand_in_for_unet_predictions() -> None:
    idle = series(
        predictions=pd.DataFrame({"model": [], "start_ns": [], "duration_ns": []}),
        ane=pd.DataFrame({"start_ns": [], "duration_ns": [], "label": []}),
    )
    rec = recording(ane=Ane(busy_s=0.0, busy_fraction_denoise=None, intervals=0))
    (d,) = metric_findings(summary(rec), [idle])
    assert d.evidence.text.startswith("20 denoising steps (UNet) ran for 20.0 s")  # type: ignore[union-attr]


def test_slow_uncached_load() -> None:
    loads = (
        Load("TextEncoder", LoadKind.UNCACHED, 0.0, 17.5, "coreml"),
        Load("Unet", LoadKind.UNCACHED, 17.5, 273.6, "coreml"),
        Load("VAEDecoder", LoadKind.CACHED, 300.0, 65.0, "coreml"),  # cached: not reported
    )
    (d,) = metric_findings(summary(recording(loads=loads)), [series()])
    assert d.code == "slow-uncached-load"
    assert d.evidence.text == "Unet: uncached load took 273.6 s (coreml)"  # type: ignore[union-attr]
    assert (d.first_s, d.last_s) == (17.5, 17.5)  # one load: its start; the text says how long
    assert "keyed by the full path" in (d.advice or "")


def test_coreml_table_empty_while_the_app_ran() -> None:
    rec = recording(unavailable=(Unavailable("loads", "coreml-os-signpost table is empty"),))
    (d,) = metric_findings(summary(rec), [series()])
    assert d.code == "coreml-table-empty"
    assert d.evidence.text.startswith("coreml-os-signpost has no rows, but steps, ane")  # type: ignore[union-attr]
    assert "command line" in (d.advice or "")
    # flagged by the caller (diagnose) instead of an Unavailable entry
    assert codes(recording(), series(), empty_coreml=("rec1",)) == ["coreml-table-empty"]


def test_coreml_table_empty_needs_evidence_that_the_app_ran() -> None:
    empty = {k: pd.DataFrame() for k in ("steps", "predictions", "ane", "thermal", "memory")}
    rec = recording(steps=None, ane=None)
    assert codes(rec, RecordingSeries("rec1", empty), empty_coreml=("rec1",)) == []
    # a table that was not recorded at all is not "empty"
    absent = recording(unavailable=(Unavailable("loads", "no Core ML table in the export"),))
    assert codes(absent, series()) == []


def test_thermal_throttling_during_steps() -> None:
    hot = pd.DataFrame(
        {
            "start_ns": [0, 112 * S, 116 * S],
            "duration_ns": [112 * S, 4 * S, 100 * S],
            "state": ["Fair", "Serious", "Critical"],
        }
    )
    (d,) = metric_findings(summary(recording()), [series(thermal=hot)])
    assert d.code == "thermal-throttling"
    assert d.evidence.text == "thermal state Critical during steps 13–20 of 20 (8 steps affected, 8.0 s)"  # type: ignore[union-attr]
    assert (d.first_s, d.last_s) == (112.0, 112.0)  # one span, shown at its start


def test_serious_outside_the_steps_is_not_throttling() -> None:
    after = pd.DataFrame({"start_ns": [130 * S], "duration_ns": [10 * S], "state": ["Serious"]})
    assert codes(recording(), series(thermal=after)) == []


def test_every_finding_at_once_and_in_one_place() -> None:
    rec = recording(
        memory=Memory(int(0.95 * BUDGET), 50.0, None, RAM, "x"),
        ane=Ane(busy_s=0.0, busy_fraction_denoise=0.0, intervals=0),
        loads=(Load("Unet", LoadKind.UNKNOWN, 0.0, 90.0, "signposts"),),
        unavailable=(Unavailable("coreml", "table exported with 0 rows"),),
    )
    ser = series(
        ane=pd.DataFrame({"start_ns": [], "duration_ns": [], "label": []}),
        thermal=pd.DataFrame({"start_ns": [0], "duration_ns": [500 * S], "state": ["serious"]}),
    )
    assert sorted(codes(rec, ser)) == [
        "coreml-table-empty",
        "near-jetsam-limit",
        "silent-ane-fallback",
        "slow-uncached-load",
        "thermal-throttling",
    ]
