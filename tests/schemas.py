"""The package's published JSON Schemas (profiler/schemas/), for validating written documents."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).resolve().parent.parent / "profiler" / "schemas"
#: the `format` field of each contract -> its schema file
BY_FORMAT = {"coreml-profiler.summary": "summary", "coreml-profiler.compare": "comparison",
             "coreml-profiler.inspection": "inspection"}


@cache
def validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate(document: Any) -> None:
    """Raise jsonschema.ValidationError unless ``document`` (a JSON contract) fits its schema."""
    validator(BY_FORMAT[document["format"]]).validate(document)
