"""De-duplicate diagnostics: one entry per code, normalised evidence, recording and launch, with
counts and times (:func:`group`, the summary's ``diagnostics``), and the reports' view of them:
by severity, one entry per code, with the places (recording and launch) it happened in
(:func:`by_severity`). Times of different recordings are never merged: each counts from its own
recording's start. Reports show these groups as they are."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from profiler.analysis.summary import Diagnostic, Evidence
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
    """Merge diagnostics with the same code, normalised evidence text, recording and launch.

    The first occurrence (earliest time, then input order) is kept as the evidence; ``count``
    adds up, ``first_s``/``last_s`` span the known times, and ``source`` lists every source.
    Ordered by severity (errors first), then first time (unknown last), then code.
    """
    merged: dict[tuple[str, str, str | None, int | None], Diagnostic] = {}
    sources: dict[tuple[str, str, str | None, int | None], list[str]] = {}
    for diag in diagnostics:
        key = (diag.code, normalise(diag.evidence.text) if diag.evidence else "",
               diag.recording, diag.launch)
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
class Place:
    """Where one code happened: a recording (and launch), how often, and when on its clock."""

    recording: str | None  # None: a file with no trace clock (``--log``)
    launch: int | None
    count: int
    first_s: float | None
    last_s: float | None


@dataclass(frozen=True)
class Entry:
    """One code's diagnostics in a report: the first one's texts, and every place it happened."""

    first: Diagnostic
    places: tuple[Place, ...]

    @property
    def code(self) -> str:
        return self.first.code

    @property
    def severity(self) -> Severity:
        return self.first.severity

    @property
    def message(self) -> str:
        return self.first.message

    @property
    def evidence(self) -> Evidence | None:
        return self.first.evidence

    @property
    def source(self) -> str:
        return self.first.source

    @property
    def link(self) -> str | None:
        return self.first.link

    @property
    def advice(self) -> str | None:
        return self.first.advice

    @property
    def count(self) -> int:
        return sum(p.count for p in self.places)


@dataclass(frozen=True)
class DiagnosticGroup:
    """The diagnostics of one severity, one entry per code."""

    severity: Severity
    items: tuple[Entry, ...]


def by_severity(diagnostics: Sequence[Diagnostic]) -> tuple[DiagnosticGroup, ...]:
    """Diagnostics by severity (most severe first), one entry per code, for the reports.

    Entries sharing a code (the same signature matched on different lines, or in different
    recordings) are one entry: the first one's evidence, advice and link, every source, and one
    place per recording and launch with its own count and times.
    """
    groups = []
    for severity in SEVERITY_ORDER:
        by_code: dict[str, list[Diagnostic]] = {}
        for d in diagnostics:
            if d.severity == severity:
                by_code.setdefault(d.code, []).append(d)
        items = tuple(_entry(ds) for ds in by_code.values())
        if items:
            groups.append(DiagnosticGroup(severity, items))
    return tuple(groups)


def _entry(ds: list[Diagnostic]) -> Entry:
    by_place: dict[tuple[str | None, int | None], list[Diagnostic]] = {}
    for d in ds:
        by_place.setdefault((d.recording, d.launch), []).append(d)
    places = []
    for (recording, launch), here in by_place.items():
        firsts = [d.first_s for d in here if d.first_s is not None]
        lasts = [d.last_s if d.last_s is not None else d.first_s for d in here]
        known = [x for x in lasts if x is not None]
        places.append(Place(recording, launch, sum(d.count for d in here),
                            min(firsts) if firsts else None, max(known) if known else None))
    places.sort(key=lambda p: (p.recording is None, _natural(p.recording or ""), p.launch or 0))
    sources = list(dict.fromkeys(s for d in ds for s in d.source.split(", ")))
    first = dataclasses.replace(ds[0], source=", ".join(sources)) if len(ds) > 1 else ds[0]
    return Entry(first, tuple(places))


def _natural(name: str) -> tuple[object, ...]:
    """``run-2`` before ``run-10``: digits compare as numbers."""
    return tuple(int(x) if x.isdigit() else x for x in re.split(r"(\d+)", name))


def as_reported(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """What ``profiler triage`` and a report's Diagnostics both show: :func:`group`, then
    :func:`by_severity`, flattened (one entry per code, most severe first; the places of an
    entry folded into one count and one first/last span)."""
    out = []
    for g in by_severity(group(diagnostics)):
        for e in g.items:
            firsts = [p.first_s for p in e.places if p.first_s is not None]
            lasts = [p.last_s for p in e.places if p.last_s is not None]
            out.append(dataclasses.replace(e.first, count=e.count,
                                           first_s=min(firsts) if firsts else None,
                                           last_s=max(lasts) if lasts else None))
    return tuple(out)
