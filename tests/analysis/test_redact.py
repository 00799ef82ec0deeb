"""The redaction transform on its own: every part of an Analysis, frames included (SYNTHETIC)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

import profiler
from profiler.analysis.redact import Secrets, redact
from tests.conftest import SAMPLE_RUN


def test_strings_in_summary_and_frames_get_the_same_placeholder() -> None:
    analysis = profiler.analyze(profiler.load(SAMPLE_RUN))
    ser = analysis.series[0]
    frame = pd.DataFrame({"label": ["load on Bob's iPhone", None],
                          "lane": pd.Categorical(["Bob's iPhone", "GPU"]),
                          "start_ns": [1, 2]})
    planted = replace(analysis, series=(replace(ser, frames={**ser.frames, "extra": frame}),
                                        *analysis.series[1:]))
    found = Secrets((("device", ("SYNTHETIC iPhone", "Bob's iPhone")), ("udid", ()),
                     ("prompt", ("a red fox",))))
    out = redact(planted, found)
    # sorted originals: "Bob's iPhone" < "SYNTHETIC iPhone"
    assert out.summary.device.name == "device-2"
    extra = out.series[0].frames["extra"]
    assert extra["label"].tolist()[0] == "load on device-1" and pd.isna(extra["label"][1])
    assert extra["lane"].dtype == "category"
    assert extra["lane"].astype(str).tolist() == ["device-1", "GPU"]
    assert extra["start_ns"].tolist() == [1, 2]
    assert out.summary.headline == analysis.summary.headline  # figures are kept
    # the original is untouched
    assert analysis.summary.device.name == "SYNTHETIC iPhone"


def test_home_folders_are_numbered_and_system_homes_kept() -> None:
    analysis = profiler.analyze(profiler.load(SAMPLE_RUN))
    env = replace(analysis.summary.environment,
                  run_command="profiler run --model-path /Users/ann/m --install /home/bo/A.app "
                              "/Users/Shared/x /Users/ann/y")
    planted = replace(analysis, summary=replace(analysis.summary, environment=env))
    out = redact(planted, Secrets(()))
    assert out.summary.environment.run_command == (
        "profiler run --model-path /Users/user-1/m --install /home/user-2/A.app "
        "/Users/Shared/x /Users/user-1/y")
