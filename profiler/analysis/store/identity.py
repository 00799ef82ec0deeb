"""Who a run is: its stable id, and the facts about it that the summary contract has no key for.

The run id hashes what the analysis reads and nothing else: ``run.json`` and every export
(``*.xml``), ``console.log`` and crash report (``*.ips``) below the run folder, each by its path
relative to the folder and its bytes. ``.trace`` bundles, reports and any other file are left
out, and links inside the folder are never followed, so re-exporting nothing, moving or renaming the folder, or
writing reports into it keeps the id; changing one byte of an export changes it.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from profiler.errors import InputError

if TYPE_CHECKING:
    from profiler.analysis.result import Analysis
    from profiler.analysis.summary import Summary
    from profiler.model.types import ModelInfo
    from profiler.runrecord import RunRecord
    from profiler.trace.model import LoadedRun

#: Hex digits of the run id (80 bits: no collision in any realistic fleet).
ID_LENGTH = 20
_HASHED_NAMES = ("console.log",)
_HASHED_SUFFIXES = (".xml", ".ips")
_BUILD = re.compile(r"\(([0-9A-Za-z]+)\)\s*$")


def run_id(path: Path) -> str:
    """The stable id of the run folder, recording folder or export at ``path``."""
    digest = hashlib.sha256()
    for relative, file in _hashed_files(path):
        with open(file, "rb") as handle:
            content = hashlib.file_digest(handle, "sha256").hexdigest()
        digest.update(f"{relative}\0{content}\n".encode())
    return digest.hexdigest()[:ID_LENGTH]


def _hashed_files(path: Path) -> list[tuple[str, Path]]:
    # The folder the user named, even through a link; links inside it are never followed.
    path = path.resolve()
    if path.is_file():
        return [(path.name, path)]
    found = []
    if (path / "run.json").is_file() and not (path / "run.json").is_symlink():
        found.append(("run.json", path / "run.json"))
    for folder, dirs, names in os.walk(path):  # never follows links
        dirs[:] = sorted(d for d in dirs if not d.endswith(".trace") and not d.startswith("."))
        for name in sorted(names):
            file = Path(folder) / name
            if (name in _HASHED_NAMES or name.endswith(_HASHED_SUFFIXES)) \
                    and not name.startswith(".") and not file.is_symlink() and file.is_file():
                found.append((file.relative_to(path).as_posix(), file))
    if not any(rel.endswith(".xml") for rel, _ in found):
        raise InputError("holds no xctrace exports to store", path=path,
                         hint="pass a run folder (run.json + run-1/ …) or a recording folder "
                         "with its exports; a .trace bundle must be exported first")
    return sorted(found)


@dataclass(frozen=True)
class RunMeta:
    """What the ``runs`` table says about a run besides its summary (see columns.py)."""

    run_id: str
    source_kind: str
    tool_version: str
    recorded_at: datetime | None = None
    commit: str | None = None
    branch: str | None = None
    labels: tuple[tuple[str, str], ...] = ()
    synthetic: bool = False
    run_status: str | None = None
    app_bundle_id: str | None = None
    app_name: str | None = None
    model: str | None = None
    models_loaded: str | None = None
    model_variant: str | None = None
    model_bits: float | None = None
    model_attention: str | None = None
    compute_units: str | None = None
    xcode: str | None = None
    os_build: str | None = None


def source_kind(path: Path, loaded: LoadedRun) -> str:
    if path.is_file():
        return "export"
    return "run-folder" if loaded.run is not None or len(loaded.recordings) > 1 \
        or not (path / "toc.xml").is_file() else "recording"


def describe(path: Path, loaded: LoadedRun, analysis: Analysis, *, rid: str,
             tool_version: str, commit: str | None = None, branch: str | None = None,
             labels: tuple[tuple[str, str], ...] = ()) -> RunMeta:
    """The run's identity: run.json first, then the analysis and the model inspection."""
    from profiler.analysis.compare import environment_from_run_json

    summary = analysis.summary
    record = loaded.run
    env = environment_from_run_json(record)  # what `profiler compare` reads from run.json
    loaded_models = sorted({x.model for r in summary.recordings for x in r.loads})
    unets = [m for m in analysis.inspection.models if m.role.is_unet] \
        if analysis.inspection is not None else []
    xcode = record.versions.xctrace if record is not None else None
    versions = [r.instruments_version for r in summary.recordings if r.instruments_version]
    return RunMeta(
        run_id=rid, source_kind=source_kind(path, loaded), tool_version=tool_version,
        recorded_at=_recorded_at(record.created_at if record else None, summary),
        commit=commit, branch=branch, labels=labels,
        synthetic=bool(record and record.synthetic),
        run_status=str(record.status) if record is not None else None,
        app_bundle_id=record.app.bundle_id if record is not None else None,
        app_name=next((r.process.name for r in summary.recordings
                       if r.process and r.process.name), None)
        or (record.app.name if record is not None else None),
        model=env.get("model"), models_loaded=", ".join(loaded_models) or None,
        model_variant=str(analysis.inspection.pipeline.kind)
        if analysis.inspection and analysis.inspection.pipeline else None,
        model_bits=_unet_bits(unets), model_attention=_unet_attention(unets),
        compute_units=env.get("compute_units") or (
            str(analysis.inspection.compute_units)
            if analysis.inspection and analysis.inspection.compute_units else None),
        xcode=xcode or (versions[0] if versions else None),
        os_build=_os_build(record, summary.device.os_version),
    )


def partition(meta: RunMeta, product_type: str | None) -> tuple[str, str]:
    """(device, os_build) partition values: strings, ``unknown`` when absent."""
    from profiler.analysis.store.layout import partition_value

    return partition_value(product_type), partition_value(meta.os_build)


def _unet_bits(unets: list[ModelInfo]) -> float | None:
    """Mean bits per UNet weight over every chunk, by element count."""
    counted = [(m.weights.effective_bits, m.weights.elements) for m in unets
               if m.weights.effective_bits is not None and m.weights.elements]
    if counted:
        return sum(b * n for b, n in counted) / sum(n for _, n in counted)
    return None


def _unet_attention(unets: list[ModelInfo]) -> str | None:
    """The UNet's attention; a chunk without attention ops does not decide it."""
    from profiler.model.types import AttentionKind

    kinds = [m.attention for m in sorted(unets, key=lambda m: -m.weight_bytes)]
    chosen = next((k for k in kinds if k is not AttentionKind.NONE), kinds[0] if kinds else None)
    return str(chosen) if chosen is not None else None


def _recorded_at(created_at: str | None, summary: Summary) -> datetime | None:
    for text in (created_at, *(r.start_date for r in summary.recordings)):
        when = parse_time(text)
        if when is not None:
            return when
    return None


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 time as UTC (a time without an offset is taken as UTC); None if unreadable."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def _os_build(record: RunRecord | None, os_version: str | None) -> str | None:
    if record is not None:
        for build in (record.device.os_build, record.versions.os_build):
            if build:
                return build
    match = _BUILD.search(os_version or "")
    return match.group(1) if match else None
