"""SYNTHETIC recordings shaped like real apps, one or more per behaviour of issue 14.

    python -m tests.synthetic.behaviours --out DIR [--force] [NAME ...]

writes ``DIR/<name>/`` (a run folder with ground-truth.json, version 2) for each scenario.
:func:`real_app` is the base: the real Xcode 16.4 or 27.2 layouts and TOC shape, the real
Core ML event strings and instance suffixes other than -1. :data:`BEHAVIOURS` maps each
scenario name to the issue's behaviour number.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tests.synthetic.run import write_run
from tests.synthetic.scenario import (
    ALL_TABLES,
    IPHONE_AIR,
    SD15_MODELS,
    SYNTHETIC_UDID,
    CfgMode,
    ComputeUnit,
    CpuProfile,
    CrashSpec,
    DeviceSpec,
    EventStyle,
    ExtraProcess,
    GiB,
    LaunchSpec,
    Layout,
    LoadStyle,
    MemoryProfile,
    MiB,
    ModelSpec,
    RecordingSpec,
    Scenario,
    StepProfile,
    Target,
    TocStyle,
    TraceShape,
)
from tests.synthetic.timeline import build

#: instance suffixes other than -1 (real exports carry -N with N > 1)
REAL_MODELS = tuple(replace(m, instance=i) for m, i in zip(SD15_MODELS, (2, 3, 12), strict=True))
IPHONE_13_IOS18 = DeviceSpec(name="SYNTHETIC iPhone 13 Pro Max", os_version="18.7.8 (22H352)",
                             uuid=SYNTHETIC_UDID)
APP_PATH = "/var/containers/Bundle/Application/5E7E71C0-0000-4000-8000-0000000000B0/"
#: daemons and another app, all with footprints bigger than the app's (2.6 GiB at most)
CROWD = (ExtraProcess("aned", 112, int(2.9 * GiB), 4.0, "/usr/libexec/aned"),
         ExtraProcess("ANEServices", 119, int(2.7 * GiB), 2.0,
                      "/System/Library/PrivateFrameworks/ANEServices.framework/ANEServices"),
         ExtraProcess("ImageBench", 777, int(3.4 * GiB), 9.0,
                      APP_PATH + "ImageBench.app/ImageBench"),
         ExtraProcess("photoanalysisd", 2647, 900 * MiB, 12.0,
                      "/System/Library/PrivateFrameworks/PhotoAnalysis.framework/Support/"
                      "photoanalysisd", coreml_model="SceneNet"))


def real_app(xcode: str = "16.4", **changes) -> Scenario:
    """A SYNTHETIC recording in the real layouts of ``xcode`` ("16.4" or "27.2")."""
    x16 = xcode == "16.4"
    layout = Layout.XCODE16 if x16 else Layout.XCODE27
    layouts: tuple[tuple[str, Layout], ...] = (("coreml-os-signpost", layout),
                                               ("ane-hw-intervals", layout))
    if not x16:
        layouts += (("os-signpost-interval", Layout.XCODE27),)
    base = Scenario(
        name=f"real-{xcode}", seed=14, device=IPHONE_13_IOS18 if x16 else IPHONE_AIR,
        models=REAL_MODELS, layouts=layouts, toc_style=TocStyle.XCODE16 if x16 else TocStyle.XCODE27,
        instruments_version="16.0 (16F6)" if x16 else "27.2 (27B5019j)",
        event_style=EventStyle.REAL, truth_version=2,
        recordings=(RecordingSpec(cached=False), RecordingSpec(cached=True)))
    return replace(base, **changes)


def _unknown_app(**changes) -> Scenario:
    """All processes recorded, no run.json app name, a crowd of big processes (behaviour 7)."""
    sc = real_app(target=Target.ALL_PROCESSES, run_json_app=False, extra_processes=CROWD,
                  memory=replace(MemoryProfile(), compiler_footprint_bytes=3 * GiB),
                  recordings=(RecordingSpec(cached=False, end_reason="User pressed Stop"),))
    return replace(sc, **changes)


def _jetsam(beside_ips: bool) -> Scenario:
    """Killed after 11 of 25 steps, its footprint climbing to the limit: on a 6 GiB iPhone 13
    Pro Max (about 2.9 GiB) with a JetsamEvent beside the exports, or on a 12 GB iPhone Air
    (about 6.1 GiB) with only the TOC's termination reason to tell."""
    growth = 1.12 if beside_ips else 2.35
    rec = RecordingSpec(cached=True, memory_multiplier=growth,
                        launches=(LaunchSpec(cached=True, killed_after_steps=11),))
    sc = real_app("16.4" if beside_ips else "27.2", recordings=(rec,))
    killed_at = build(sc, 1).launches[0].killed_at
    assert killed_at is not None
    kill = killed_at / 1e9
    if beside_ips:
        mem = sc.memory
        peak = int(mem.app_base_bytes + (mem.footprint_peak_bytes - mem.app_base_bytes) * growth)
        crash = CrashSpec(kind="jetsam", at_s=round(kill, 3), beside=True, footprint_bytes=peak)
        return replace(sc, recordings=(replace(rec, crashes=(crash,)),))
    # The TOC text of a jetsam kill is a GUESS (Xcode's "Terminated due to memory issue").
    return replace(sc, recordings=(replace(rec, termination_reason="Terminated due to memory "
                                           "issue"),))


CHUNKED = (REAL_MODELS[0],
           ModelSpec("UnetChunk1", "unet", 4, 51.0, 1.31, memory_share=0.37, chunk=1),
           ModelSpec("UnetChunk2", "unet", 5, 47.2, 1.12, memory_share=0.35, chunk=2),
           REAL_MODELS[2])
SUB_MODELS = (replace(REAL_MODELS[0], sub_models=("ClipTokenizer", "ClipTransformer")),
              replace(REAL_MODELS[1], sub_models=("UnetDown", "UnetUp")), REAL_MODELS[2])
SMALL = tuple(replace(m, uncached_load_s=u, cached_load_s=c) for m, u, c in
              zip(REAL_MODELS, (3.8, 48.0, 4.4), (0.35, 2.43, 0.5), strict=True))


def _chunked(mode: CfgMode) -> Scenario:
    return real_app(models=CHUNKED, cfg=mode, app_signposts=False,
                    steps=replace(StepProfile(), count=20, mean_s=1.1))


SCENARIOS: dict[str, Callable[[], Scenario]] = {
    "b01-relaunch-cold-then-warm": lambda: real_app(
        target=Target.ALL_PROCESSES, load_style=LoadStyle.PLAIN, recordings=(RecordingSpec(
            end_reason="User pressed Stop", launches=(
                LaunchSpec(cached=False), LaunchSpec(cached=True, relaunch_after_s=4.0),
                LaunchSpec(cached=True, relaunch_after_s=2.5, step_multiplier=1.05))),)),
    "b02-three-images-signposts": lambda: real_app(recordings=(RecordingSpec(
        launches=(LaunchSpec(cached=True, generations=3, idle_between_s=7.5),)),)),
    "b02-three-images-no-signposts": lambda: real_app(app_signposts=False, recordings=(RecordingSpec(
        launches=(LaunchSpec(cached=True, generations=3, idle_between_s=7.5),)),)),
    "b03-reduce-memory": lambda: real_app(recordings=(RecordingSpec(launches=(
        LaunchSpec(cached=False, reduce_memory=True, generations=2),)),)),
    "b04-text-kinds-and-contradiction": lambda: real_app(recordings=(
        RecordingSpec(launches=(LaunchSpec(load_text=(("Unet", "Load (compile)"),)),)),
        RecordingSpec(cached=True, launches=(LaunchSpec(
            cached=True, load_s=(("Unet", 75.3),)),)))),
    "b04-relative-small-models": lambda: real_app(models=SMALL, load_style=LoadStyle.PLAIN),
    "b04-absolute-single-recording": lambda: real_app(load_style=LoadStyle.PLAIN,
                                                      recordings=(RecordingSpec(),)),
    "b04-mlpackage-never-cached": lambda: real_app(
        load_style=LoadStyle.PLAIN, models=(REAL_MODELS[0], replace(
            REAL_MODELS[1], package="mlpackage"), REAL_MODELS[2]),
        recordings=(RecordingSpec(), RecordingSpec(cached=True, noise=0.01))),
    "b05-sub-models": lambda: real_app(models=SUB_MODELS, app_signposts=False),
    "b06-chunked-cfg-batched": lambda: _chunked(CfgMode.BATCHED),
    "b06-chunked-cfg-separate": lambda: _chunked(CfgMode.SEPARATE),
    "b06-chunked-cfg-interleaved": lambda: _chunked(CfgMode.INTERLEAVED),
    "b07-app-from-coreml-process-column": lambda: _unknown_app(
        layouts=(), toc_style=TocStyle.XCODE16, app_signposts=False),
    "b07-app-from-app-signposts": lambda: _unknown_app(),
    "b07-app-from-coreml-os-signposts": lambda: _unknown_app(
        tables=(*ALL_TABLES, "os-signpost"), app_signposts=False),
    "b07-app-undecided": lambda: _unknown_app(app_signposts=False),
    "b08-sparse-sysmon": lambda: real_app(
        tables=(*(t for t in ALL_TABLES if not t.startswith("activity-monitor")),
                "sysmon-process"),
        cpu=replace(CpuProfile(), jitter=0.0), recordings=(RecordingSpec(),)),
    "b09-jetsam-ips-beside-exports": lambda: _jetsam(beside_ips=True),
    "b09-jetsam-toc-termination": lambda: _jetsam(beside_ips=False),
    "b10-sentinels-mps-hashed-names": lambda: real_app(
        "27.2", unet_compute=ComputeUnit.GPU,
        models=(REAL_MODELS[0], REAL_MODELS[1], replace(REAL_MODELS[2], hashed_name=True)),
        tables=(*(t for t in ALL_TABLES if t != "metal-gpu-intervals"), "mps-hw-intervals"),
        recordings=(RecordingSpec(launches=(LaunchSpec(reduce_memory=True),)),)),
    "b10-one-trace-two-runs": lambda: real_app(
        trace_shape=TraceShape.ONE_TRACE,
        recordings=(RecordingSpec(), RecordingSpec(cached=True, empty_tables=frozenset({"os-log"})))),
}
BEHAVIOURS = {name: int(name[1:3]) for name in SCENARIOS}


def scenario(name: str) -> Scenario:
    return replace(SCENARIOS[name](), name=name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.synthetic.behaviours",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="folder for the run folders")
    parser.add_argument("--force", action="store_true", help="replace non-empty run folders")
    parser.add_argument("names", nargs="*", help=f"scenarios (default: all): {', '.join(SCENARIOS)}")
    args = parser.parse_args(argv)
    for name in args.names or SCENARIOS:
        if name not in SCENARIOS:
            print(f"error: unknown scenario {name!r}", file=sys.stderr)
            return 2
        try:
            write_run(scenario(name), args.out / name, force=args.force)
        except FileExistsError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 5
        print(f"Wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
