"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The conformance corpus, never copied into the repo. CI lays shared/ beside the clone.
REAL_TRACES = Path(os.environ.get("PROFILER_REAL_TRACES", ROOT.parent / "shared" / "real-traces"))
SAMPLE_RUN = ROOT / "traces" / "sample-sd15-iphone13promax"


def in_ci() -> bool:
    """CI sets ``CI=true``; there, a missing prerequisite is a failure, not a skip."""
    return os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Skip the test here, fail it in CI (where `make test` provides everything)."""
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def real_traces() -> Path:
    if not REAL_TRACES.is_dir():
        skip_or_fail(f"conformance corpus not found at {REAL_TRACES} (set PROFILER_REAL_TRACES)")
    return REAL_TRACES


@pytest.fixture(autouse=True)
def _every_written_json_contract_validates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever else a test does, every summary, comparison and inspection JSON a reporter
    writes during it must fit the schema published in profiler/schemas/."""
    import io
    import json

    from profiler.report.base import get_reporter
    from tests.schemas import validate

    for kind in ("analysis", "compare", "inspection"):
        cls = type(get_reporter(kind, "json"))
        original = cls.render

        def render(self, document, out, _original=original):  # noqa: ANN001, ANN202
            buffer = io.StringIO()
            _original(self, document, buffer)
            validate(json.loads(buffer.getvalue()))
            out.write(buffer.getvalue())

        monkeypatch.setattr(cls, "render", render)
