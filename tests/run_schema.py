"""Validate a run.json document against the JSON Schema published in the package."""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema

from profiler import runrecord


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = runrecord.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def validate_run_json(doc: Any) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``doc`` follows run.schema.json."""
    _validator().validate(doc)
