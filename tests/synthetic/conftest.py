"""Fixtures of the generator's own tests: every behaviour scenario written once per session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.synthetic import behaviours
from tests.synthetic.run import write_run


@pytest.fixture(scope="session")
def written(tmp_path_factory) -> dict[str, tuple[Path, dict[str, Any]]]:
    """{scenario name: (run folder, ground truth)} for every behaviour scenario."""
    root = tmp_path_factory.mktemp("behaviours")
    out = {}
    for name in behaviours.SCENARIOS:
        truth = write_run(behaviours.scenario(name), root / name)
        assert json.loads((root / name / "ground-truth.json").read_text()) == truth.data
        out[name] = (root / name, truth.data)
    return out
