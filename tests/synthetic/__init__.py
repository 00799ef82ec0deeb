"""Deterministic SYNTHETIC xctrace-export generator (test support; not shipped).

Public API (see tests/synthetic/README.md):

- :class:`Scenario` and its parts (scenario.py): every knob, frozen dataclasses.
- :func:`write_run` (scenario, out_dir, force=False) -> :class:`GroundTruth`: a whole run folder.
- :func:`write_toc` / :func:`write_table` / :func:`write_xpath` (scenario, recording, …, out):
  one ``xctrace export --toc`` / ``--xpath`` document for recording ``recording`` (1-based).
- :func:`ground_truth` (scenario) -> :class:`GroundTruth`: the figures the analysis must find.
- :func:`sample_scenario` / :func:`huge_scenario`: the committed sample and a ~1M-row variant.
"""

from __future__ import annotations

from tests.synthetic.groundtruth import GroundTruth, ground_truth
from tests.synthetic.run import write_recording, write_run
from tests.synthetic.scenario import (
    ACTIVITY_MONITOR_TABLES,
    ALL_TABLES,
    SD15_MODELS,
    ComputeUnit,
    CpuProfile,
    CrashSpec,
    DeviceSpec,
    Layout,
    LoadStyle,
    LogLine,
    MemoryProfile,
    ModelSpec,
    RecordingSpec,
    Scale,
    Scenario,
    StepProfile,
    ThermalState,
)
from tests.synthetic.scenarios import huge_scenario, sample_scenario
from tests.synthetic.writer import (
    exported_name,
    table_index,
    toc_tables,
    write_table,
    write_toc,
    write_xpath,
)

__all__ = [
    "ACTIVITY_MONITOR_TABLES", "ALL_TABLES", "SD15_MODELS", "ComputeUnit", "CpuProfile",
    "CrashSpec", "DeviceSpec", "GroundTruth", "Layout", "LoadStyle", "LogLine", "MemoryProfile",
    "ModelSpec", "RecordingSpec", "Scale", "Scenario", "StepProfile", "ThermalState",
    "exported_name", "ground_truth", "huge_scenario", "sample_scenario", "table_index",
    "toc_tables", "write_recording", "write_run", "write_table", "write_toc", "write_xpath",
]
