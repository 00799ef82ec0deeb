"""De-duplicate diagnostics: one entry per code and normalised evidence, with counts and times
(:func:`group`, the summary's ``diagnostics``), and the reports' view of them: by severity, one
entry per code (:func:`by_severity`). Reports show these groups as they are."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from profiler.analysis.summary import Diagnostic
from profiler.severity import SEVERITY_ORDER, Severity

# A leading "2023-09-12 10:11:12.345678+0100 MyApp[123:4567]" or "11:26:45" prefix.
_PREFIX = re.compile(
    r"^(?:\d{4}-\d\d-\d\d[ T])?\d\d:\d\d:\d\d(?:[.,]\d+)?(?:\s*(?:[+-]\d\d:?\d\d|Z))?\s+"
    r"(?:\S+\[\d+(?::\w+)?\]\s+)?"
)
_HEX = re.compile(r"0x[0-9a-f]+", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def normalise(text: str) -> str:
    """The evidence text with timestamps, process prefixes, addresses and numbers blanked."""
    text = _PREFIX.sub("", text.strip())
    text = _HEX.sub("\ue000", text)  # a placeholder without digits, restored below
    text = _NUMBER.sub("#", text).replace("\ue000", "0x#")
    return " ".join(text.lower().split())


def group(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Merge diagnostics with the same code and normalised evidence text.

    The first occurrence (earliest time, then input order) is kept as the evidence; ``count``
    adds up, ``first_s``/``last_s`` span the known times, and ``source`` lists every source.
    Ordered by severity (errors first), then first time (unknown last), then code.
    """
    merged: dict[tuple[str, str], Diagnostic] = {}
    sources: dict[tuple[str, str], list[str]] = {}
    for diag in diagnostics:
        key = (diag.code, normalise(diag.evidence.text) if diag.evidence else "")
        if key not in merged:
            merged[key] = diag
            sources[key] = [diag.source]
            continue
        old = merged[key]
        firsts = [t for t in (old.first_s, diag.first_s) if t is not None]
        lasts = [t for t in (old.last_s, diag.last_s) if t is not None]
        keep = old
        if diag.first_s is not None and (old.first_s is None or diag.first_s < old.first_s):
            keep = diag  # earliest evidence stands for the group
        if diag.source not in sources[key]:
            sources[key].append(diag.source)
        merged[key] = dataclasses.replace(
            keep,
            severity=min(old.severity, diag.severity, key=lambda s: s.rank),
            count=old.count + diag.count,
            first_s=min(firsts) if firsts else None,
            last_s=max(lasts) if lasts else None,
        )
    out = [dataclasses.replace(d, source=", ".join(sources[k])) for k, d in merged.items()]
    out.sort(
        key=lambda d: (
            d.severity.rank,
            d.first_s is None,
            d.first_s if d.first_s is not None else 0.0,
            d.code,
        )
    )
    return tuple(out)


@dataclass(frozen=True)
class DiagnosticGroup:
    """The diagnostics of one severity, one entry per code."""

    severity: Severity
    items: tuple[Diagnostic, ...]


def by_severity(diagnostics: Sequence[Diagnostic]) -> tuple[DiagnosticGroup, ...]:
    """Diagnostics by severity (most severe first), one entry per code, for the reports.

    Entries sharing a code (the same signature matched on different lines) are merged: counts
    add up, first/last span them all, and the first entry's evidence, advice and link are kept.
    """
    groups = []
    for severity in SEVERITY_ORDER:
        by_code: dict[str, list[Diagnostic]] = {}
        for d in diagnostics:
            if d.severity == severity:
                by_code.setdefault(d.code, []).append(d)
        items = tuple(_one_per_code(ds) for ds in by_code.values())
        if items:
            groups.append(DiagnosticGroup(severity, items))
    return tuple(groups)


def _one_per_code(ds: list[Diagnostic]) -> Diagnostic:
    if len(ds) == 1:
        return ds[0]
    firsts = [d.first_s for d in ds if d.first_s is not None]
    lasts = [d.last_s if d.last_s is not None else d.first_s for d in ds]
    lasts_known = [x for x in lasts if x is not None]
    sources = list(dict.fromkeys(d.source for d in ds))
    return dataclasses.replace(ds[0], count=sum(d.count for d in ds), source=", ".join(sources),
                               first_s=min(firsts) if firsts else None,
                               last_s=max(lasts_known) if lasts_known else None)



def as_reported(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """What ``profiler triage`` and a report's Diagnostics both show: :func:`group`, then
    :func:`by_severity`, flattened (one entry per code, most severe first)."""
    return tuple(d for g in by_severity(group(diagnostics)) for d in g.items)
