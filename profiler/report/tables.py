"""``profiler tables`` output: a JSON-ready description of TOCs and table exports, as text
and JSON reporters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from profiler.report.base import register_text
from profiler.trace.model import LoadedRun, Table, Toc, TocRun


@dataclass(frozen=True)
class TablesDocument:
    """The descriptions of one or more exports (:func:`describe_toc`, :func:`describe_tables`)."""

    docs: tuple[dict[str, Any], ...]


def _text(document: TablesDocument) -> str:
    return "".join("\n".join(toc_lines(doc) if doc["kind"] == "toc" else table_lines(doc)) + "\n"
                   for doc in document.docs)


def _json(document: TablesDocument) -> str:
    docs = list(document.docs)
    return json.dumps(docs if len(docs) > 1 else docs[0], indent=2, default=str) + "\n"


def describe_toc(toc: Toc) -> dict[str, Any]:
    """A JSON-ready description of a TOC: every run with its target, device and tables."""
    return {"path": toc.path, "kind": "toc", "runs": [_run(run) for run in toc.runs],
            "warnings": list(toc.warnings)}


def _run(run: TocRun) -> dict[str, Any]:
    s = run.summary
    return {
        "number": run.number,
        "device": vars(run.device) if run.device else None,
        "host_device": vars(run.host_device) if run.host_device else None,
        "target": vars(run.target) if run.target else None,
        "all_processes": run.all_processes,
        "summary": {
            "start_date": s.start_date.isoformat() if s.start_date else None,
            "end_date": s.end_date.isoformat() if s.end_date else None,
            "duration_s": s.duration_s,
            "end_reason": s.end_reason,
            "instruments_version": s.instruments_version,
            "template_name": s.template_name,
            "recording_mode": s.recording_mode,
            "time_limit": s.time_limit,
            "recording_settings": s.recording_settings,
        },
        "processes": [vars(p) for p in run.processes],
        "tables": [{"index": t.index, "schema": t.schema, "attributes": t.attributes} for t in run.tables],
    }


def describe_tables(path: str, tables: list[Table]) -> dict[str, Any]:
    """A JSON-ready description of a table export: schema, columns with dtypes, row counts."""
    return {"path": path, "kind": "table", "tables": [_table(t) for t in tables]}


def _table(table: Table) -> dict[str, Any]:
    types = {c.mnemonic: c.engineering_type for c in table.schema.columns}
    columns = []
    for name in table.frame.columns:
        base = _base(name, types)
        columns.append(
            {
                "name": name,
                "engineering_type": types.get(name),
                "derived_from": base if name not in types else None,
                "dtype": str(table.frame[name].dtype),
            }
        )
    return {
        "schema": table.schema.name,
        "xpath": table.xpath,
        "run": table.run_number,
        "table_index": table.table_index,
        "track_detail": table.track_detail,
        "rows": table.row_count,
        "columns": columns,
        "warnings": list(table.warnings),
    }


def describe_bundle(run: LoadedRun) -> tuple[dict[str, Any], dict[str, Any]]:
    """A loaded ``.trace`` bundle as a TOC description and a table description, the latter with
    ``not_read``: each store that was neither decoded nor exported, and why (with the command
    that exports it)."""
    toc = Toc(run.path, tuple(r.toc_run for r in run.recordings if r.toc_run is not None))
    doc = describe_tables(run.path, [t for r in run.recordings for ts in r.tables.values()
                                     for t in ts])
    doc["source"] = "bundle"
    doc["not_read"] = [
        {"run": r.toc_run.number if r.toc_run else None, "schema": schema, "reason": why}
        for r in run.recordings for schema, why in r.missing.items()
        if not why.startswith("not in the bundle")]  # those are absent, not unread
    return describe_toc(toc), doc


def _base(name: str, types: dict[str, str]) -> str | None:
    head, _, _ = name.rpartition("_")
    while head:
        if head in types:
            return head
        head, _, _ = head.rpartition("_")
    return None


def toc_lines(doc: dict[str, Any]) -> list[str]:
    """Text lines for :func:`describe_toc` output."""
    lines = [f"{doc['path']}: TOC, {len(doc['runs'])} run(s)"]
    for run in doc["runs"]:
        s = run["summary"]
        lines.append(f"run {run['number']}")
        for label, key in (("device", "device"), ("host", "host_device")):
            d = run[key]
            if d:
                lines.append(
                    f"  {label}: {d['name']} ({d['model']}), {d['platform']} {d['os_version']}"
                )
        t = run["target"]
        if t:
            lines.append(
                f"  target: {t['name']} (pid {t['pid']}, {t['type'] or 'unknown'}), "
                f"exit {t['return_exit_status']}, {t['termination_reason']}"
            )
        elif run["all_processes"]:
            lines.append("  target: all processes")
        lines.append(
            f"  recorded: {s['start_date'] or '-'} to {s['end_date'] or '-'}, "
            f"{s['duration_s']} s, {s['end_reason'] or '-'}"
        )
        lines.append(
            f"  template: {s['template_name'] or '-'}, instruments {s['instruments_version'] or '-'}"
        )
        lines.append(f"  tables ({len(run['tables'])}):")
        for table in run["tables"]:
            attrs = " ".join(
                f"{k}={v}" for k, v in table["attributes"].items() if k not in ("schema", "documentation")
            )
            lines.append(f"    [{table['index']}] {table['schema']}" + (f"  {attrs}" if attrs else ""))
    return lines  # device and process names: the CLI's terminal filter cleans them


def table_lines(doc: dict[str, Any]) -> list[str]:
    """Text lines for :func:`describe_tables` output."""
    what = ".trace bundle" if doc.get("source") == "bundle" else "table export"
    lines = [f"{doc['path']}: {what}, {len(doc['tables'])} table(s)"]
    for t in doc["tables"]:
        where = f"run {t['run']}, table[{t['table_index']}]" if t["table_index"] else t["xpath"]
        name = t["schema"] or "track detail (attribute rows, no schema)"
        lines.append(f"{name} ({where}): {t['rows']} rows")
        width = max([len(c["name"]) for c in t["columns"]] + [8])
        lines.append(f"  {'MNEMONIC':<{width}}  {'ENGINEERING TYPE':<24}  DTYPE")
        for c in t["columns"]:
            etype = c["engineering_type"] or (
                f"(from {c['derived_from']})" if c["derived_from"] else "(attribute)"
            )
            lines.append(f"  {c['name']:<{width}}  {etype:<24}  {c['dtype']}")
    for item in doc.get("not_read", ()):
        lines.append(f"not read: {item['schema']} (run {item['run']}): {item['reason']}")
    return lines


def warning_lines(doc: dict[str, Any]) -> list[str]:
    """``warning: <path>: <message>`` for every TOC or table warning (for stderr)."""
    found = doc["warnings"] if doc["kind"] == "toc" else [
        w for t in doc["tables"] for w in t["warnings"]]
    return [f"warning: {doc['path']}: {w}" for w in found]


register_text("tables", "text", ".txt", _text)
register_text("tables", "json", ".json", _json)
