"""Deterministic SYNTHETIC xctrace-export generator (test support; not shipped).

Public API (see tests/synthetic/README.md):

- :class:`Scenario` and its parts (scenario.py): every knob, frozen dataclasses.
- :func:`write_run` (scenario, out_dir, force=False) -> :class:`GroundTruth`: a whole run folder.
- :func:`write_toc` / :func:`write_table` / :func:`write_xpath` (scenario, recording, …, out):
  one ``xctrace export --toc`` / ``--xpath`` document for recording ``recording`` (1-based).
- :func:`ground_truth` (scenario) -> :class:`GroundTruth`: the figures the analysis must find.
- :func:`sample_scenario` / :func:`huge_scenario` / :func:`thirty_minute_scenario`: the
  committed sample, a ~1M-row variant and issue 13's 30-minute recording.
- :mod:`tests.synthetic.behaviours`: recordings shaped like real apps (issue 14), with a
  version-2 ground truth (:mod:`tests.synthetic.truth`).
"""

from __future__ import annotations

from tests.synthetic.groundtruth import GroundTruth, ground_truth
from tests.synthetic.run import write_recording, write_run
from tests.synthetic.scenario import (
    ACTIVITY_MONITOR_TABLES,
    ALL_TABLES,
    EXTRA_TABLES,
    KNOWN_TABLES,
    SD15_MODELS,
    CfgMode,
    ComputeUnit,
    CpuProfile,
    CrashSpec,
    DeviceSpec,
    EventStyle,
    ExtraProcess,
    LaunchSpec,
    Layout,
    LoadStyle,
    LogLine,
    MemoryProfile,
    ModelSpec,
    RecordingSpec,
    Scale,
    Scenario,
    StepProfile,
    Target,
    ThermalState,
    TocStyle,
    TraceShape,
)
from tests.synthetic.scenarios import huge_scenario, sample_scenario, thirty_minute_scenario
from tests.synthetic.writer import (
    exported_name,
    table_index,
    toc_tables,
    write_table,
    write_toc,
    write_trace_table,
    write_trace_toc,
    write_xpath,
)

__all__ = [
    "ACTIVITY_MONITOR_TABLES", "ALL_TABLES", "EXTRA_TABLES", "KNOWN_TABLES", "SD15_MODELS",
    "CfgMode", "ComputeUnit", "CpuProfile", "CrashSpec", "DeviceSpec", "EventStyle",
    "ExtraProcess", "GroundTruth", "LaunchSpec", "Layout", "LoadStyle", "LogLine",
    "MemoryProfile", "ModelSpec", "RecordingSpec", "Scale", "Scenario", "StepProfile", "Target",
    "ThermalState", "TocStyle", "TraceShape", "exported_name", "ground_truth", "huge_scenario",
    "thirty_minute_scenario",
    "sample_scenario", "table_index", "toc_tables", "write_recording", "write_run",
    "write_table", "write_toc", "write_trace_table", "write_trace_toc", "write_xpath",
]
