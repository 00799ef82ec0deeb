"""``read_toc``: parse an ``xctrace export --toc`` document into :class:`Toc`.

A TOC is small, so it is read whole (at most :data:`TOC_CAP` bytes) and parsed with the
hardened parser. Empty elements (a failed recording has ``<start-date/>``) and unparseable dates
or numbers become ``None`` rather than errors: the TOC is still useful for its table list.
Numbers out of range (a duration that is NaN, infinite, negative or beyond
:data:`MAX_DURATION_S`; an integer outside int64) are refused here, at the reader, so nothing
above has to guard ``int(nan)`` or int64 overflow: they read as ``None`` and ``Toc.warnings``
says so. ``TableInfo.index`` is the 1-based position
among the run's ``<data><table>`` elements (``<external-format>`` is not counted), which is the
``table[K]`` of export xpaths.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from profiler.errors import TraceFormatError
from profiler.trace.model import (
    Device,
    ProcessInfo,
    RunSummary,
    TableInfo,
    TargetProcess,
    Toc,
    TocRun,
)
from profiler.trace.source import check_path, kind_of_root, read_capped
from profiler.trace.xml import HEAD_BYTES, check_head, parse_bytes, syntax_error

#: Largest TOC read (real ones are kilobytes; a TOC is parsed whole, as a tree).
TOC_CAP = 32 * 1024 * 1024
#: Longest recording duration accepted: 2^62 ns (146 years), so ``int(seconds * 1e9)`` plus a
#: start time always fits int64 (the same bound as table times, profiler.trace.frames).
MAX_DURATION_S = float(2**62) / 1e9
_INT64 = (-(2**63), 2**63 - 1)


def read_toc(path: str | Path) -> Toc:
    """Parse a ``<trace-toc>`` file; every ``<run>`` becomes a :class:`TocRun`."""
    from lxml import etree

    p = check_path(path)
    data = read_capped(p, TOC_CAP, "a TOC")
    kind = kind_of_root(p, check_head(p, data[:HEAD_BYTES]))
    if kind != "toc":
        raise TraceFormatError(
            "this is a table export (<trace-query-result>), not a TOC",
            path=p,
            hint="read it with read_tables",
        )
    try:
        root = parse_bytes(data)
    except etree.XMLSyntaxError as exc:
        msg, line = syntax_error(exc)
        raise TraceFormatError(
            f"malformed XML: {msg}",
            path=p,
            line=line,
            hint="re-run `xcrun xctrace export --toc`; the file is damaged or truncated",
        ) from None
    del data
    warnings: list[str] = []
    runs = tuple(
        _run(run, index, warnings) for index, run in enumerate(root.iterchildren("run"), 1)
    )
    return Toc(path=str(p), runs=runs, warnings=tuple(warnings))


def _run(run: Any, position: int, warnings: list[str]) -> TocRun:
    def _int(text: str | None, what: str) -> int | None:
        return _checked_int(text, f"run {position}: {what}", warnings)

    info = run.find("info")
    target = info.find("target") if info is not None else None
    device = host = proc = None
    all_processes = False
    if target is not None:
        device = _device(target.find("device"))
        host = _device(target.find("host-device"))
        proc = _target(target.find("process"), _int)
        all_processes = target.find("all-processes") is not None
    summary = info.find("summary") if info is not None else None
    data = run.find("data")
    tables: tuple[TableInfo, ...] = ()
    if data is not None:
        tables = tuple(
            TableInfo(schema=t.get("schema", ""), index=i, attributes=dict(t.attrib))
            for i, t in enumerate(data.iterchildren("table"), 1)
        )
    processes = run.find("processes")
    return TocRun(
        number=_int(run.get("number"), "run number") or position,
        device=device,
        host_device=host,
        target=proc,
        all_processes=all_processes,
        summary=_summary(summary, position, warnings),
        processes=tuple(
            ProcessInfo(name=p.get("name"), pid=_int(p.get("pid"), "process pid"), path=p.get("path"))
            for p in (processes.iterchildren("process") if processes is not None else ())
        ),
        tables=tables,
    )


def _device(elem: Any) -> Device | None:
    if elem is None:
        return None
    return Device(
        name=elem.get("name"),
        model=elem.get("model"),
        os_version=elem.get("os-version"),
        platform=elem.get("platform"),
        uuid=elem.get("uuid"),
    )


def _target(elem: Any, to_int: Any) -> TargetProcess | None:
    if elem is None:
        return None
    return TargetProcess(
        name=elem.get("name"),
        pid=to_int(elem.get("pid"), "target pid"),
        type=elem.get("type"),
        return_exit_status=to_int(elem.get("return-exit-status"), "return-exit-status"),
        termination_reason=elem.get("termination-reason"),
        arguments=elem.get("arguments"),
    )


def _summary(elem: Any, position: int, warnings: list[str]) -> RunSummary:
    def text(tag: str) -> str | None:
        value = elem.findtext(tag) if elem is not None else None
        return value.strip() or None if value is not None else None

    duration = text("duration")
    try:
        duration_s = float(duration) if duration is not None else None
    except ValueError:
        duration_s = None
    if duration_s is not None and not (math.isfinite(duration_s) and 0 <= duration_s <= MAX_DURATION_S):
        warnings.append(
            f"run {position}: duration {_shown(duration)} s is out of range "
            f"(not between 0 and 2^62 ns); read as unknown"
        )
        duration_s = None
    settings = elem.find("intruments-recording-settings") if elem is not None else None
    return RunSummary(
        start_date=_date(text("start-date")),
        end_date=_date(text("end-date")),
        duration_s=duration_s,
        end_reason=text("end-reason"),
        instruments_version=text("instruments-version"),
        template_name=text("template-name"),
        recording_mode=text("recording-mode"),
        time_limit=text("time-limit"),
        recording_settings=_settings(settings),
    )


def _settings(elem: Any) -> dict[str, dict[str, str]]:
    """instrument -> {key: value}; several ``<value>`` children are joined with "; "."""
    out: dict[str, dict[str, str]] = {}
    if elem is None:
        return out
    for instrument in elem.iterchildren("instrument"):
        keys = out.setdefault(instrument.get("name", ""), {})
        for key in instrument.iter("key"):
            values = [v.text.strip() for v in key.iterchildren("value") if v.text]
            text = "; ".join(values) if values else (key.text or "").strip()
            keys[key.get("name", "")] = text
    return out


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _checked_int(text: str | None, what: str, warnings: list[str]) -> int | None:
    """A decimal integer attribute, or None: unparseable (as before) or outside int64 (warned)."""
    if text is None:
        return None
    body = text.strip()
    digits = body[1:] if body[:1] in "+-" else body
    if not (digits.isascii() and digits.isdigit()):
        return None
    if len(digits) <= 19:
        value = int(body)
        if _INT64[0] <= value <= _INT64[1]:
            return value
    warnings.append(f"{what} {_shown(body)} does not fit a 64-bit integer; read as unknown")
    return None


def _shown(text: str | None) -> str:
    """A value for a warning, cut to a readable length."""
    text = text or ""
    return text if len(text) <= 40 else f"{text[:40]}… ({len(text)} characters)"
