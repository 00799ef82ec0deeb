"""Turn a path given to ``profiler compare`` into a :class:`CompareInput`.

A ``.json`` file is a summary written by ``profiler report --format json`` and is read with
:meth:`Summary.from_dict` (no series, so no time-series overlays). Anything else (a run folder, a
recording folder, a table export, a ``.trace`` bundle) goes through ``profiler.load`` and
``profiler.analyze``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from profiler.analysis.compare.comparison import CompareDocument, CompareInput
from profiler.analysis.compare.environment import environment_from_run_json
from profiler.analysis.summary import Summary
from profiler.errors import InputError, SummaryFormatError


def load_input(path: str | Path, *, label: str | None = None) -> CompareInput:
    """Read one comparison input; raises an InputError subclass on anything unusable."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file or folder", path=path,
                         hint="pass summary JSON files, run folders, recordings or exports")
    if path.is_file() and path.suffix.lower() == ".json":
        return _from_json(path, label)
    import profiler

    loaded = profiler.load(path)
    analysis = profiler.analyze(loaded)
    summary = analysis.summary
    name = summary.name or getattr(loaded, "name", None) or _stem(path)
    env = environment_from_run_json(loaded.run)
    return CompareInput(label or name, summary, tuple(analysis.series), env, str(path))


def _from_json(path: Path, label: str | None) -> CompareInput:
    from profiler.inputs import MAX_JSON_BYTES, read_input_text

    text = read_input_text(path, what="summary JSON", max_bytes=MAX_JSON_BYTES)
    try:
        data = json.loads(text)
    except RecursionError:
        raise SummaryFormatError("summary JSON is nested too deeply", path=path,
                                 hint="pass a JSON written by `profiler report --format json`") \
            from None
    except json.JSONDecodeError as exc:
        raise SummaryFormatError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno,
                                 hint="pass a JSON written by `profiler report --format json`") \
            from None
    summary = Summary.from_dict(data, path=str(path))
    name = summary.name or _stem(path)
    return CompareInput(label or name, summary, None, None, str(path))


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".json", ".trace", ".xml"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def compare_paths(
    paths: Sequence[str | Path],
    *,
    labels: Sequence[str] = (),
    baseline: str | None = None,
    threshold: float = 0.10,
) -> CompareDocument:
    """Load every input, pick the baseline (a label or a path as given; default the first) and
    compare. ``labels`` name the inputs in order; the rest keep their run names."""
    from profiler.analysis.compare.core import compare

    if len(labels) > len(paths):
        raise InputError(f"{len(labels)} labels given for {len(paths)} inputs",
                         hint="pass at most one --label per input, in input order")
    items = [load_input(p, label=labels[i] if i < len(labels) else None)
             for i, p in enumerate(paths)]
    index = 0
    if baseline is not None:
        matches = [i for i, (item, p) in enumerate(zip(items, paths, strict=True))
                   if baseline in (item.label, str(p)) or _same_path(baseline, p)]
        if not matches:
            known = ", ".join(item.label for item in items)
            raise InputError(f"baseline {baseline!r} is none of the inputs",
                             hint=f"pass one of the labels ({known}) or one of the input paths")
        index = matches[0]
    comparison = compare(items, baseline=index, threshold=threshold)
    return CompareDocument(comparison, tuple(items))


def _same_path(a: str, b: str | Path) -> bool:
    try:
        return Path(a).exists() and Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
