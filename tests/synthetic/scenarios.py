"""Ready-made scenarios: the committed sample run, a huge (~1M rows) variant and a 30-minute
recording (issue 13's report benchmark)."""

from __future__ import annotations

from dataclasses import replace

from tests.synthetic.scenario import (
    SD15_MODELS,
    ModelSpec,
    RecordingSpec,
    Scenario,
    ThermalState,
)

SAMPLE_NAME = "sample-sd15-iphone13promax"

#: Load times with realistic decimals: about 120 s uncached in total (Unet most of it) and
#: about 3.5 s cached (Unet 2.43 s, the GUI figure of the seed talk).
SAMPLE_MODELS: tuple[ModelSpec, ...] = tuple(
    replace(m, uncached_load_s=u, cached_load_s=c)
    for m, u, c in zip(SD15_MODELS, (12.634, 96.412, 11.287), (0.618, 2.431, 0.452), strict=True))


def sample_scenario() -> Scenario:
    """iPhone 13 Pro Max (iPhone14,3, A15, 6 GiB), iOS 17.0, SD 1.5 6-bit palettized
    split-einsum-v2 (TextEncoder, Unet, VAEDecoder) in the app CoreDiffuse; run-1 uncached with
    a console.log, run-2 cached."""
    return Scenario(
        name=SAMPLE_NAME,
        seed=20230928,
        models=SAMPLE_MODELS,
        recordings=(
            RecordingSpec(cached=False, console_log=True,
                          thermal=((0.0, ThermalState.NOMINAL), (58.0, ThermalState.FAIR))),
            RecordingSpec(cached=True, thermal=((0.0, ThermalState.FAIR),)),
        ),
    )


def huge_scenario(rows: int = 1_000_000) -> Scenario:
    """About ``rows`` rows in total over the sample's two recordings (~172 s): half dense
    Activity Monitor samples (8 processes), half short ANE intervals. Streams with bounded
    memory; about 2 minutes per million rows."""
    base = sample_scenario()
    seconds = 172.1  # run-1 + run-2 of the sample
    predictions = 2 * (base.steps.count + 2)  # UNet steps + text encoder + decoder, per run
    per_sample = 8 + 1  # process rows (7 others + app, ignoring the compiler) + system row
    scale = replace(base.scale, am_other_processes=7,
                    am_interval_s=seconds * per_sample / (rows * 0.5),
                    ane_intervals_per_prediction=max(3, int(rows * 0.5 / predictions)))
    return replace(base, name=f"huge-{rows}", scale=scale)


def thirty_minute_scenario(steps: int = 2300) -> Scenario:
    """Issue 13's 30-minute recording: one cached launch generating for ~29 minutes (``steps``
    UNet steps of ~0.75 s), Activity Monitor at 1 Hz for 300 other processes, ~10k signposts
    (the app's and 5 per second from others) and ~100k Neural Engine intervals: about 650k rows
    and 290 MB of XML (``python -m bench.report``; ~1.5 minutes to write)."""
    base = sample_scenario()
    predictions = steps + 2  # UNet steps + text encoder + decoder
    scale = replace(base.scale, am_other_processes=300, noise_signposts_per_s=5.0,
                    ane_intervals_per_prediction=max(3, 100_000 // predictions))
    return replace(base, name=f"thirty-minutes-{steps}", scale=scale,
                   steps=replace(base.steps, count=steps),
                   recordings=(RecordingSpec(cached=True),))
