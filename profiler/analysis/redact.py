"""``--redact``: an analysis fit for a public issue, with names, ids, home paths and prompts
replaced by stable placeholders.

One transform of the whole :class:`Analysis` (summary, chart series, model inspection), applied
before any reporter runs, so every output format, present or future, shows the same
placeholders. What is replaced:

- device names (the TOC's and run.json's), and host (Mac) names from the TOC's host device,
  also in their ``Name-s-iPhone.local`` host-name spelling: ``device-1``, ``host-1``;
- UDIDs and CoreDevice identifiers (run.json, the TOC, ``--device``): ``udid-1``;
- home-directory paths (``/Users/NAME``, ``/home/NAME``): ``/Users/user-1``;
- prompts (``--prompt`` and ``PROFILER_PROMPT``): ``prompt-1``.

Placeholders are numbered per kind in sorted order of the originals, so the same input gives
the same placeholders, and one original reads the same everywhere in a report.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from profiler.analysis.result import Analysis
    from profiler.trace.model import LoadedRun

_HOME = re.compile(r"(/Users|/home)/([^/\s'\"<>:]+)")
#: home folders that name no person
_SYSTEM_HOMES = {"Shared", "runner", "user-1"}


@dataclasses.dataclass(frozen=True)
class Secrets:
    """Originals per placeholder kind (``device``, ``host``, ``udid``, ``prompt``)."""

    by_kind: tuple[tuple[str, tuple[str, ...]], ...]

    def mapping(self) -> dict[str, str]:
        """original -> placeholder, numbered per kind in sorted order."""
        out: dict[str, str] = {}
        for kind, values in self.by_kind:
            for i, value in enumerate(sorted(set(values)), start=1):
                out.setdefault(value, f"{kind}-{i}")
                for spelling in _spellings(value) if kind in ("device", "host") else ():
                    out.setdefault(spelling, f"{kind}-{i}")
        return out


def _spellings(name: str) -> set[str]:
    """The Bonjour host-name forms of a device name: "Jane's iPhone" -> "Janes-iPhone(.local)"."""
    dashed = re.sub(r"[^A-Za-z0-9]+", "-", name.replace("'", "").replace("\u2019", "")).strip("-")
    return {s for s in (dashed, f"{dashed}.local") if len(s) >= 3 and s != name}


def secrets(loaded: LoadedRun) -> Secrets:
    """What ``loaded`` knows that identifies a person or a device."""
    kinds: dict[str, list[str]] = {"device": [], "host": [], "udid": [], "prompt": []}
    run = loaded.run
    if run is not None:
        kinds["device"].append(run.device.name or "")
        kinds["udid"] += [run.device.udid or "", run.device.identifier or ""]
        opts = run.options
        if opts is not None:
            kinds["prompt"] += [opts.prompt or "", opts.app_env().get("PROFILER_PROMPT", "")]
            device = opts.device or ""
            if re.fullmatch(r"[0-9A-Fa-f-]{20,}", device):  # a UDID given to --device
                kinds["udid"].append(device)
    for rec in loaded.recordings:
        toc = rec.toc_run
        if toc is None:
            continue
        for dev, kind in ((toc.device, "device"), (toc.host_device, "host")):
            if dev is not None:
                kinds[kind].append(dev.name or "")
                kinds["udid"].append(dev.uuid or "")
    # Two characters or fewer would match inside ordinary words; such a value is kept.
    return Secrets(tuple((k, tuple(v for v in vs if len(v) >= 3)) for k, vs in kinds.items()))


class _Redactor:
    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping
        ordered = sorted(mapping, key=len, reverse=True)  # the longest original wins
        self.pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        self.homes: dict[str, str] = {}

    def text(self, value: str) -> str:
        if self.pattern is not None:
            value = self.pattern.sub(lambda m: self.mapping[m.group(0)], value)
        return _HOME.sub(self._home, value)

    def _home(self, m: re.Match[str]) -> str:
        user = m.group(2)
        if user in _SYSTEM_HOMES:
            return m.group(0)
        # numbered in order of first sight: deterministic for the same input
        place = self.homes.setdefault(user, f"user-{len(self.homes) + 1}")
        return f"{m.group(1)}/{place}"

    def value(self, value: Any) -> Any:
        if isinstance(value, Enum) or value is None or isinstance(value, (int, float, bytes)):
            return value
        if isinstance(value, str):
            return self.text(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: self.value(getattr(value, f.name))
                       for f in dataclasses.fields(value) if f.init}
            return dataclasses.replace(value, **changes)
        if isinstance(value, tuple):
            return tuple(self.value(v) for v in value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {self.value(k): self.value(v) for k, v in value.items()}
        if _is_frame(value):
            return self.frame(value)
        return value

    def frame(self, frame: Any) -> Any:
        out = frame.copy()
        for col in out.columns:
            if str(out[col].dtype) == "category":
                out[col] = out[col].cat.rename_categories(
                    lambda c: self.text(c) if isinstance(c, str) else c)
            elif _textual(out[col]):
                out[col] = out[col].map(lambda v: self.text(v) if isinstance(v, str) else v)
        return out


def _textual(column: Any) -> bool:
    """Object or string dtype (pandas 3 infers ``str`` for text columns)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    return bool(is_object_dtype(column.dtype) or is_string_dtype(column.dtype))


def _is_frame(value: Any) -> bool:
    return type(value).__name__ == "DataFrame" and hasattr(value, "columns")


def redact(analysis: Analysis, found: Secrets) -> Analysis:
    """``analysis`` with every string of every part passed through the placeholders."""
    result: Analysis = _Redactor(found.mapping()).value(analysis)
    return result


def originals(found: Secrets) -> Iterable[str]:
    """Every original a redacted report must not contain (for tests and checks)."""
    return found.mapping().keys()
