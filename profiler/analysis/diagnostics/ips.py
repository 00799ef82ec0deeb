"""IPS crash reports: one JSON header line, then a JSON body (iOS 15+), or a text body (older).

JetsamEvent reports (``bug_type`` 298) list every process with its resident pages (``rpages``),
the page size (``memoryStatus.pageSize``, or ``pageSize`` at the top in older reports), the name
of the largest process and, for each process jetsam killed, a ``reason``. A process killed with
``per-process-limit`` was killed on crossing its limit, so its resident size at the kill is the
per-process limit the device applied, measured to one page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from profiler.analysis.diagnostics.ips_values import as_int, as_str, seconds_since, strings
from profiler.analysis.diagnostics.signatures import findings, recognise, signatures
from profiler.analysis.diagnostics.text import check_text_file, scan_lines
from profiler.analysis.summary import Diagnostic, Evidence, Severity
from profiler.errors import InputError
from profiler.inputs import MAX_REPORT_BYTES, read_input_text

JETSAM_BUG_TYPE = "298"
#: Crash reports are small; anything bigger is not one (and is not read into memory).
MAX_IPS_BYTES = MAX_REPORT_BYTES


@dataclass(frozen=True)
class JetsamReport:
    """What a JetsamEvent report says about the kill. Sizes are resident pages × page size."""

    path: str
    largest_process: str | None
    footprint_bytes: int | None  # the largest process's resident size
    limit_bytes: int | None  # the killed process's size when reason is per-process-limit
    reason: str | None  # the killed process's reason (per-process-limit, vm-pageshortage, …)
    killed_process: str | None
    killed_pid: int | None
    killed_footprint_bytes: int | None
    killed_frontmost: bool
    page_size_bytes: int | None
    timestamp: str | None
    os_version: str | None
    product: str | None


@dataclass(frozen=True)
class IpsReport:
    header: dict[str, Any]
    body: dict[str, Any] | None  # None when the body is legacy text
    text_body: str | None


def read_ips(path: str | Path, *, inside: str | Path | None = None) -> IpsReport:
    """Split an .ips file into its header and body; InputError when it is not one.

    ``inside``: the folder the report was found in; a link leading outside it is not followed.
    """
    p = check_text_file(path, inside=inside)
    text = read_input_text(p, what="crash report", max_bytes=MAX_IPS_BYTES, inside=inside,
                           errors="replace")
    first, _, rest = text.partition("\n")
    try:
        header = json.loads(first)
    except json.JSONDecodeError:
        whole = _try_json(text)  # a report saved as one JSON object
        if isinstance(whole, dict):
            return IpsReport(header={}, body=whole, text_body=None)
        raise InputError(
            "not an IPS crash report: the first line is not a JSON header",
            path=p,
            line=1,
            hint="pass an .ips file from the device's crash logs, or a text log",
        ) from None
    if not isinstance(header, dict):
        raise InputError("not an IPS crash report: the header is not a JSON object", path=p, line=1,
                         hint="pass an .ips file from the device's crash logs, or a text log")
    if not rest.strip():
        if "processes" in header or "largestProcess" in header:
            return IpsReport(header=header, body=header, text_body=None)  # one-line JSON report
        return IpsReport(header=header, body=None, text_body="")
    if rest.lstrip().startswith("{"):
        try:
            body = json.loads(rest)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"malformed IPS body: {exc.msg}",
                path=p,
                line=exc.lineno + 1,
                hint="the report may be truncated; copy it from the device again",
            ) from None
        if not isinstance(body, dict):
            raise InputError("malformed IPS body: not a JSON object", path=p, line=2,
                             hint="the report may be truncated; copy it from the device again")
        return IpsReport(header=header, body=body, text_body=None)
    return IpsReport(header=header, body=None, text_body=rest)


def _try_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def is_jetsam(report: IpsReport) -> bool:
    body = report.body or {}
    bug = str(report.header.get("bug_type", body.get("bug_type", "")))
    return bug == JETSAM_BUG_TYPE or ("largestProcess" in body and "processes" in body)


def read_jetsam(path: str | Path, *, process: str | None = None,
                inside: str | Path | None = None) -> JetsamReport | None:
    """The JetsamEvent facts of ``path``, or None when it is another kind of report.

    ``process`` (the app's name) picks the killed entry when several processes were killed.
    """
    return _jetsam(read_ips(path, inside=inside), str(path), process)


def _jetsam(report: IpsReport, path: str, process: str | None) -> JetsamReport | None:
    if not is_jetsam(report) or report.body is None:
        return None
    body = report.body
    status = body.get("memoryStatus")
    status = status if isinstance(status, dict) else {}
    page = as_int(status.get("pageSize", body.get("pageSize")))
    procs = [x for x in body.get("processes") or () if isinstance(x, dict)]

    def size(entry: dict | None) -> int | None:
        pages = as_int(entry.get("rpages")) if entry else None
        return pages * page if pages is not None and page else None

    largest_name = (
        body.get("largestProcess") if isinstance(body.get("largestProcess"), str) else None
    )
    named = [x for x in procs if x.get("name") == largest_name]
    largest = max(named, key=lambda x: as_int(x.get("rpages")) or 0) if named else None
    killed = _killed(procs, process)
    reason = killed.get("reason") if killed else None
    return JetsamReport(
        path=path,
        largest_process=largest_name,
        footprint_bytes=size(largest),
        limit_bytes=size(killed) if reason == "per-process-limit" else None,
        reason=str(reason) if reason is not None else None,
        killed_process=killed.get("name") if killed else None,
        killed_pid=as_int(killed.get("pid")) if killed else None,
        killed_footprint_bytes=size(killed),
        killed_frontmost=bool(killed and "frontmost" in (killed.get("states") or ())),
        page_size_bytes=page,
        timestamp=as_str(report.header.get("timestamp") or body.get("date")),
        os_version=as_str(report.header.get("os_version") or body.get("build")),
        product=as_str(body.get("product")),
    )


def same_process(report_name: object, app: str | None) -> bool:
    """True when a JetsamEvent process name is the app's; reports cut names to 32 characters."""
    if not isinstance(report_name, str) or not app:
        return False
    if report_name == app:
        return True
    short, long = sorted((report_name, app), key=len)
    return len(short) >= 31 and long.startswith(short)


def _killed(procs: list[dict], process: str | None) -> dict | None:
    killed = [x for x in procs if x.get("reason")]
    for test in (
        lambda x: same_process(x.get("name"), process),
        lambda x: x.get("reason") == "per-process-limit" and "frontmost" in (x.get("states") or ()),
        lambda x: x.get("reason") == "per-process-limit",
        lambda x: "frontmost" in (x.get("states") or ()),
    ):
        hit = [x for x in killed if test(x)]
        if hit:
            return hit[0]
    return killed[0] if killed else None


def scan_ips(
    path: str | Path, *, process: str | None = None, start: datetime | None = None,
    inside: str | Path | None = None,
) -> list[Diagnostic]:
    """Diagnostics for one .ips report: a jetsam kill, or signature matches in its strings.

    ``process`` is the app's name: a kill of another process is reported as info. ``start`` is
    the recording's start; with it, evidence carries the report's time from that start.
    """
    p = Path(path)
    report = read_ips(p, inside=inside)
    time_s = seconds_since(report.header.get("timestamp"), start)
    if is_jetsam(report):
        jet = _jetsam(report, str(p), process)
        if jet and jet.killed_process:
            return [_jetsam_diagnostic(jet, p.name, process, time_s)]
        return [unreadable_ips(p.name, "a JetsamEvent report without a process killed with a "
                               "reason, or without its process list", time_s)]
    if report.body is None:
        if not (report.text_body or "").strip():
            return [unreadable_ips(p.name, "only the header line, no report body", time_s)]
        return scan_lines((report.text_body or "").splitlines(), p.name)
    items = ((text, f"{p.name} {key}", time_s, None) for key, text in strings(report.body))
    return recognise(items, p.name)


def unreadable_ips(name: str, what: str, time_s: float | None = None) -> Diagnostic:
    """A crash report the parser cannot read: said so, never "no known failure signatures"."""
    f = findings()["unreadable-crash-report"]
    return Diagnostic(code=f.code, severity=f.severity, message=f.message,
                      evidence=Evidence(text=what, source=name, time_s=time_s), source=name,
                      link=f.link, advice=f.advice, first_s=time_s, last_s=time_s)


def _jetsam_diagnostic(
    jet: JetsamReport, name: str, process: str | None, time_s: float | None
) -> Diagnostic:
    sig = next(s for s in signatures() if s.code == "jetsam-memory-limit")
    ours = same_process(jet.killed_process, process) if process else jet.killed_frontmost
    parts = [
        f"JetsamEvent: {jet.killed_process} (pid {jet.killed_pid}) killed, reason {jet.reason}"
    ]
    if jet.killed_footprint_bytes is not None:
        parts.append(f"resident {mib(jet.killed_footprint_bytes)}")
    if jet.limit_bytes is not None:
        parts.append(f"per-process limit {mib(jet.limit_bytes)}")
    if jet.largest_process:
        size = f" at {mib(jet.footprint_bytes)}" if jet.footprint_bytes is not None else ""
        parts.append(f"largest process {jet.largest_process}{size}")
    message = (
        sig.message
        if ours
        else (
            "iOS killed another process to free memory (see the evidence); the app was not killed."
        )
    )
    return Diagnostic(
        code=sig.code,
        severity=sig.severity if ours else Severity.INFO,
        message=message,
        evidence=Evidence(text="; ".join(parts), source=name, time_s=time_s),
        source=name,
        link=sig.link,
        advice=sig.advice,
        first_s=time_s,
        last_s=time_s,
    )


def mib(value: int | None) -> str:
    return "unknown" if value is None else f"{value / 2**20:,.1f} MiB"


def report_time_s(report: JetsamReport, start: datetime | None) -> float | None:
    """The report's time in seconds from ``start`` (a recording's start), when both are known."""
    return seconds_since(report.timestamp, start)
