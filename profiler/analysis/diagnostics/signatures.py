"""The signature catalogue (``signatures.json``) and the line recogniser.

A line is any one-line text: a console line, a logged message, a string from a crash report.
Patterns are matched case-insensitively anywhere in the line; one line yields at most one
diagnostic per code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from profiler.analysis.summary import Diagnostic, Evidence, Severity
from profiler.text import terminal_safe
from profiler.trace import catalog

#: Evidence longer than this is cut (with an ellipsis) so reports stay readable.
MAX_EVIDENCE_CHARS = 400


@dataclass(frozen=True)
class Signature:
    """One entry of ``signatures.json``."""

    code: str
    severity: Severity
    message: str
    patterns: tuple[re.Pattern[str], ...]
    link: str | None
    advice: str | None
    #: log-table context field -> regex it must match; a bare text line never satisfies these
    fields: tuple[tuple[str, re.Pattern[str]], ...] = ()
    #: reported only when no other signature matched the same line
    fallback: bool = False
    #: name -> regex with one group: values taken from the line (e.g. a memory limit)
    extract: tuple[tuple[str, re.Pattern[str]], ...] = ()
    #: the message with ``{name}`` filled in from :attr:`extract`, when every value was found
    message_extracted: str | None = None

    def message_for(self, text: str) -> str:
        """The message, with the values :attr:`extract` finds in ``text`` when it has them."""
        if not self.extract or self.message_extracted is None:
            return self.message
        values = {}
        for name, pattern in self.extract:
            found = pattern.search(text)
            if found is None:
                return self.message
            values[name] = found.group(1)
        return self.message_extracted.format(**values)

    def matches(self, text: str, context: Mapping[str, str | None] | None) -> bool:
        for name, pattern in self.fields:
            value = (context or {}).get(name)
            if value is None or not pattern.search(value):
                return False
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class MetricFinding:
    """The fixed text of a metric-based finding (``findings`` in ``signatures.json``)."""

    code: str
    severity: Severity
    message: str
    link: str | None
    advice: str | None


@cache
def _data() -> dict:
    text = resources.files("profiler.analysis.diagnostics").joinpath("signatures.json")
    return json.loads(text.read_text("utf-8"))


@cache
def signatures() -> tuple[Signature, ...]:
    """Every text signature, in file order."""
    out = []
    for row in _data()["signatures"]:
        flags = re.IGNORECASE
        out.append(
            Signature(
                code=row["code"],
                severity=Severity(row["severity"]),
                message=row["message"],
                patterns=tuple(re.compile(p, flags) for p in row["patterns"]),
                link=row.get("link"),
                advice=row.get("advice"),
                fields=tuple((k, re.compile(v, flags)) for k, v in row.get("fields", {}).items()),
                fallback=bool(row.get("fallback", False)),
                extract=tuple((k, re.compile(v, flags)) for k, v in row.get("extract", {}).items()),
                message_extracted=row.get("message_extracted"),
            )
        )
    return tuple(out)


_TABLE = re.compile(r"\{table:([a-z-]+)\}")


def _fill(text: str | None) -> str | None:
    """``{table:core-ml}`` -> that role's table name: the catalog is the one place for names."""
    if text is None:
        return None
    return _TABLE.sub(lambda m: catalog.main(catalog.Role(m.group(1))).name, text)


@cache
def findings() -> dict[str, MetricFinding]:
    """Metric-based findings by code."""
    return {
        code: MetricFinding(
            code, Severity(row["severity"]), _fill(row["message"]) or "", row.get("link"),
            _fill(row.get("advice")),
        )
        for code, row in _data()["findings"].items()
        if not code.startswith("_")
    }


def literal_prefix(pattern: str) -> str:
    """A lower-case literal that every match of ``pattern`` contains, or "" when none is known.

    The literal run before the first regex metacharacter; a char made optional by a following
    ``?``, ``*`` or ``{`` is dropped. A pattern with an alternation has none.
    """
    if "|" in pattern:
        return ""
    out = ""
    for i, char in enumerate(pattern):
        if char in "\\.^$*+?{}[]|()":
            if char in "?*{" and i:
                out = out[:-1]
            break
        out += char
    return out.lower()


@cache
def prefilter() -> re.Pattern[str] | None:
    """An alternation of plain literals, searched in the lower-cased line.

    Most lines match nothing; a case-insensitive alternation of the full patterns is about ten
    times slower than this. None when some pattern has no literal (then every line is checked).
    """
    literals = [literal_prefix(p.pattern) for s in signatures() if not s.fields for p in s.patterns]
    if not all(literals):
        return None
    return re.compile("|".join(re.escape(x) for x in sorted(set(literals), key=len, reverse=True)))


#: Characters of one log line matched against the signatures (the rest is not scanned).
MAX_SCAN_CHARS = 4096


def clean(text: str) -> str:
    """One line without terminal escapes or control characters, CR/LF or surrounding blanks."""
    return terminal_safe(text.replace("\r", "").replace("\n", " ")).strip()


def shorten(text: str) -> str:
    return text if len(text) <= MAX_EVIDENCE_CHARS else text[: MAX_EVIDENCE_CHARS - 1] + "…"


def recognise(
    items: Iterable[tuple[str, str, float | None, Mapping[str, str | None] | None]],
    source: str,
) -> list[Diagnostic]:
    """Diagnostics for ``(text, evidence source, time_s, context)`` items, one per line and code.

    ``context`` carries log-table fields (``subsystem``, ``category``, ``process``) or is None.
    """
    sigs = signatures()
    quick = prefilter()
    contextual = tuple(s for s in sigs if s.fields)
    out: list[Diagnostic] = []
    for raw, where, time_s, context in items:
        if not raw:
            continue
        # The patterns are ours but the lines are not: a bounded line keeps any backtracking
        # pattern (``\(.*?\)``) fast; every known signature sits near the start of its line.
        raw = raw[:MAX_SCAN_CHARS]
        if quick is None or quick.search(raw.lower()):
            candidates = sigs
        elif context and contextual:
            candidates = contextual  # only field-filtered signatures can still match
        else:
            continue
        text = clean(raw)
        hits = [s for s in candidates if not s.fallback and s.matches(text, context)]
        if not hits:
            hits = [s for s in candidates if s.fallback and s.matches(text, context)]
        for sig in hits:
            out.append(
                Diagnostic(
                    code=sig.code,
                    severity=sig.severity,
                    message=sig.message_for(text),
                    evidence=Evidence(text=shorten(text), source=where, time_s=time_s),
                    source=source,
                    link=sig.link,
                    advice=sig.advice,
                    first_s=time_s,
                    last_s=time_s,
                )
            )
    return out
