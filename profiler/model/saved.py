"""An inspection saved as JSON (``model-inspection.json`` in a run folder), read back.

``profiler run --model-path`` saves the inspection beside the recordings, so a later
``profiler report`` of the folder, on any machine, keeps its Model section without reading a
model path from ``run.json`` (a shared folder may not make the reader's tool open local paths).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from profiler.codec import from_plain, plain_reason
from profiler.errors import ModelFormatError
from profiler.inputs import MAX_JSON_BYTES, read_input_text
from profiler.model.types import INSPECTION_FORMAT, INSPECTION_VERSION, Inspection

#: The file name inside a run folder.
SAVED_INSPECTION = "model-inspection.json"
_HINT = "delete it and report with --model-path, or run `profiler inspect MODEL --format json`"


def read_saved(path: Path, *, inside: Path | None = None) -> Inspection:
    """The :class:`Inspection` saved at ``path``; ModelFormatError when it is not one."""
    text = read_input_text(path, what="saved inspection", max_bytes=MAX_JSON_BYTES,
                           inside=inside, error=ModelFormatError)
    try:
        data = json.loads(text)
    except (RecursionError, json.JSONDecodeError) as exc:
        raise ModelFormatError(f"saved inspection is not JSON ({type(exc).__name__})",
                               path=path, hint=_HINT) from None
    if not isinstance(data, dict) or data.get("format") != INSPECTION_FORMAT \
            or data.get("version") != INSPECTION_VERSION:
        raise ModelFormatError("not a saved inspection of this version", path=path, hint=_HINT)
    try:
        for model in data.get("models") or ():
            counts = dict(model["op_histogram"])  # saved as an object: most frequent first again
            model["op_histogram"] = sorted(([k, v] for k, v in counts.items()),
                                           key=lambda kv: (-kv[1], kv[0]))
        inspection: Inspection = from_plain(Inspection, _plain(data))
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise ModelFormatError(f"malformed saved inspection: {plain_reason(exc)}", path=path,
                               hint=_HINT) from None
    return inspection


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("format", "version")}
