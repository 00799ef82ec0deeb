"""Fixtures: SYNTHETIC run folders written by the generator in tests/synthetic/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.synthetic.run import write_run
from tests.synthetic.scenario import Scenario

Make = Callable[..., tuple[Path, dict[str, Any]]]


@pytest.fixture
def make_run(tmp_path: Path) -> Make:
    """``make_run(scenario=None, **changes)`` → (run folder, ground truth dict)."""
    from dataclasses import replace

    def make(scenario: Scenario | None = None, **changes: Any) -> tuple[Path, dict[str, Any]]:
        scenario = replace(scenario or Scenario(name="test"), **changes)
        out = tmp_path / f"run-{len(list(tmp_path.iterdir()))}"
        truth = write_run(scenario, out)
        return out, truth.data

    return make
