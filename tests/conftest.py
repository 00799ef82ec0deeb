"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The conformance corpus, never copied into the repo. CI lays shared/ beside the clone.
REAL_TRACES = Path(os.environ.get("PROFILER_REAL_TRACES", ROOT.parent / "shared" / "real-traces"))
SAMPLE_RUN = ROOT / "traces" / "sample-sd15-iphone13promax"


@pytest.fixture(scope="session")
def real_traces() -> Path:
    if not REAL_TRACES.is_dir():
        pytest.skip(f"conformance corpus not found at {REAL_TRACES} (set PROFILER_REAL_TRACES)")
    return REAL_TRACES
