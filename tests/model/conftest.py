"""Session-wide tiny real models (built with coremltools' MIL builder; synthetic weights)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.model.builders import build_all

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mlmodelc"


@pytest.fixture(scope="session")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(tmp_path_factory.getbasetemp() / "coreml-models")


@pytest.fixture(scope="session")
def compiled() -> Path:
    return FIXTURES
