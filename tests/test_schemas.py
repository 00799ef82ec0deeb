"""The JSON contracts (summary, comparison, inspection) fit the schemas in profiler/schemas/.

tests/conftest.py validates every JSON document any test writes through a reporter; these tests
make sure each contract is written at least once here, and that the schemas can fail.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
from jsonschema import ValidationError

import profiler
from profiler.report.base import get_reporter
from tests.conftest import SAMPLE_RUN
from tests.fixtures.mlmodelc import generate as g
from tests.schemas import validate


def _written(kind: str, document: object) -> dict:
    out = io.StringIO()
    get_reporter(kind, "json").render(document, out)  # validated by the conftest fixture too
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def sample_summary() -> dict:
    return _written("analysis", profiler.analyze(profiler.load(SAMPLE_RUN)))


def test_the_sample_summary_fits(sample_summary: dict) -> None:
    validate(sample_summary)


def test_a_comparison_fits() -> None:
    from profiler.analysis.compare import compare_paths

    validate(_written("compare", compare_paths([SAMPLE_RUN, SAMPLE_RUN / "run-2"])))


@pytest.mark.parametrize("name", ["sd15-chunked", "sdxl-mac-unet.mlmodelc", "mixed-ios18.mlmodelc"])
def test_inspections_fit(name: str) -> None:
    from profiler.model import inspect_path

    validate(_written("inspection", inspect_path(g.HERE / name, device="iphone13")))


@pytest.mark.parametrize("break_it", [
    lambda d: d.update(version=4),
    lambda d: d["recordings"][0]["launches"][0].update(pid="1234"),
    lambda d: d["headline"].pop("step_median_s"),
    lambda d: d["recordings"][0].update(steps={"count": "25"}),
    lambda d: d.update(unknown_key=1),
])
def test_the_summary_schema_rejects_a_changed_contract(sample_summary: dict, break_it) -> None:  # noqa: ANN001
    broken = copy.deepcopy(sample_summary)
    break_it(broken)
    with pytest.raises(ValidationError):
        validate(broken)


def test_schemas_live_in_the_package() -> None:
    from importlib import resources

    names = {p.name for p in resources.files("profiler").joinpath("schemas").iterdir()}
    assert {"summary.schema.json", "comparison.schema.json", "inspection.schema.json"} <= names
    assert Path(str(resources.files("profiler"))).name == "profiler"
