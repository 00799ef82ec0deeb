"""``read_toc``: parse an ``xctrace export --toc`` document into :class:`Toc`.

A TOC is small, so it is parsed whole with the hardened parser. Empty elements (a failed
recording has ``<start-date/>``) and unparseable dates or numbers become ``None`` rather than
errors: the TOC is still useful for its table list. ``TableInfo.index`` is the 1-based position
among the run's ``<data><table>`` elements (``<external-format>`` is not counted), which is the
``table[K]`` of export xpaths.
"""

from __future__ import annotations

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
from profiler.trace.source import check_path, kind_of_root, read_head
from profiler.trace.xml import check_head, make_parser, syntax_error


def read_toc(path: str | Path) -> Toc:
    """Parse a ``<trace-toc>`` file; every ``<run>`` becomes a :class:`TocRun`."""
    from lxml import etree

    p = check_path(path)
    kind = kind_of_root(p, check_head(p, read_head(p)))
    if kind != "toc":
        raise TraceFormatError(
            "this is a table export (<trace-query-result>), not a TOC",
            path=p,
            hint="read it with read_tables",
        )
    try:
        root = etree.parse(str(p), make_parser()).getroot()
    except etree.XMLSyntaxError as exc:
        msg, line = syntax_error(exc)
        raise TraceFormatError(
            f"malformed XML: {msg}",
            path=p,
            line=line,
            hint="re-run `xcrun xctrace export --toc`; the file is damaged or truncated",
        ) from None
    runs = tuple(_run(run, index) for index, run in enumerate(root.iterchildren("run"), 1))
    return Toc(path=str(p), runs=runs)


def _run(run: Any, position: int) -> TocRun:
    info = run.find("info")
    target = info.find("target") if info is not None else None
    device = host = proc = None
    all_processes = False
    if target is not None:
        device = _device(target.find("device"))
        host = _device(target.find("host-device"))
        proc = _target(target.find("process"))
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
        number=_int(run.get("number")) or position,
        device=device,
        host_device=host,
        target=proc,
        all_processes=all_processes,
        summary=_summary(summary),
        processes=tuple(
            ProcessInfo(name=p.get("name"), pid=_int(p.get("pid")), path=p.get("path"))
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


def _target(elem: Any) -> TargetProcess | None:
    if elem is None:
        return None
    return TargetProcess(
        name=elem.get("name"),
        pid=_int(elem.get("pid")),
        type=elem.get("type"),
        return_exit_status=_int(elem.get("return-exit-status")),
        termination_reason=elem.get("termination-reason"),
        arguments=elem.get("arguments"),
    )


def _summary(elem: Any) -> RunSummary:
    def text(tag: str) -> str | None:
        value = elem.findtext(tag) if elem is not None else None
        return value.strip() or None if value is not None else None

    duration = text("duration")
    try:
        duration_s = float(duration) if duration is not None else None
    except ValueError:
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


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None
