"""Write the TOC and table exports exactly as ``xctrace export`` would (one recording each).

``out`` is a path or an open text stream (e.g. ``sys.stdout`` for a fake ``xctrace export``
without ``--output``). Files are UTF-8 with ``\\n`` line endings.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import TextIO

from tests.synthetic.layouts import DOCS, layout_for
from tests.synthetic.render import row_writer
from tests.synthetic.scenario import ACTIVITY_MONITOR_TABLES, ALL_TABLES, Scenario
from tests.synthetic.tables import ROWS
from tests.synthetic.timeline import build
from tests.synthetic.xmlwriter import ExportWriter, attr, esc, prolog

Out = str | os.PathLike[str] | TextIO
COMMENT = ("SYNTHETIC data written by tests/synthetic (coreml-profiler's test generator), "
           "scenario {name!r} seed {seed}: not a real xctrace export")

#: The TOC's <data> tables: tables of interest interleaved with tables we never export, as a
#: Core ML + Activity Monitor + Logging + Thermal State recording would list them.
_TOC_DATA: tuple[tuple[str, dict[str, str]], ...] = (
    ("time-profile", {"target-pid": "SINGLE", "high-frequency-sampling": "0",
                      "needs-kernel-callstack": "0"}),
    ("coreml-os-signpost", {"target-pid": "SINGLE"}),
    ("ane-hw-intervals", {}),
    ("metal-application-intervals", {"target-pid": "SINGLE"}),
    ("metal-gpu-intervals", {}),
    ("activity-monitor-process-live", {}),
    ("activity-monitor-process-ledger", {}),
    ("activity-monitor-system", {}),
    ("os-signpost", {"target-pid": "SINGLE"}),
    ("os-signpost-interval", {"layout-scope": "name", "target-pid": "SINGLE"}),
    ("os-log", {"target-pid": "SINGLE"}),
    ("thread-info", {}),
    ("device-thermal-state-intervals", {"documentation": DOCS["device-thermal-state-intervals"]}),
    ("process-info", {}),
)


@contextlib.contextmanager
def _open(out: Out) -> Iterator[TextIO]:
    if hasattr(out, "write"):
        yield out  # type: ignore[misc]
        return
    with open(out, "w", encoding="utf-8", newline="\n") as fh:  # type: ignore[arg-type]
        yield fh


def exported_name(scenario: Scenario, schema: str) -> str:
    """The schema name as exported (``OSSignpostIntervals`` for the Xcode 27 variant)."""
    return layout_for(schema, scenario.layout(schema))[0]


def canonical(scenario: Scenario, schema: str) -> str:
    """Map an exported name back to the generator's table of interest."""
    for table in ALL_TABLES:
        if schema in (table, exported_name(scenario, table)):
            return table
    raise KeyError(f"the generator does not write table {schema!r}")


def toc_tables(scenario: Scenario) -> list[tuple[str, dict[str, str]]]:
    """(exported schema name, attributes) in TOC order; K = position + 1."""
    present = set(scenario.tables)
    out = []
    for schema, attrs in _TOC_DATA:
        if schema in ALL_TABLES and schema not in present:
            continue
        if schema == "activity-monitor-process-ledger" and not present & set(
                ACTIVITY_MONITOR_TABLES):
            continue
        name = exported_name(scenario, schema) if schema in ALL_TABLES else schema
        out.append((name, attrs))
    return out


def table_index(scenario: Scenario, schema: str) -> int:
    """The 1-based K of ``table[K]`` for a table of interest."""
    name = exported_name(scenario, canonical(scenario, schema))
    for k, (listed, _) in enumerate(toc_tables(scenario), start=1):
        if listed == name:
            return k
    raise KeyError(f"table {schema!r} is not in this scenario's TOC")


def _iso(dt) -> str:
    text = dt.isoformat(timespec="milliseconds")
    return text


def write_toc(scenario: Scenario, recording: int, out: Out) -> None:
    """``xctrace export --toc`` of recording ``recording`` (1-based; a trace has one run)."""
    tl = build(scenario, recording)
    d = scenario.device
    seconds = tl.end / 1e9
    end = tl.start_date + timedelta(seconds=seconds)
    jetsam = any(c.kind == "jetsam" for c in tl.spec.crashes)
    crash = any(c.kind != "jetsam" for c in tl.spec.crashes)
    status, reason = ("9", "SIGKILL") if jetsam else ("6", "SIGABRT") if crash else ("0", "exit(0)")
    app_path = (f"/private/var/containers/Bundle/Application/SYNTHETIC-0000-0000/"
                f"{scenario.app_name}.app/{scenario.app_name}")
    with _open(out) as fh:
        prolog(fh, COMMENT.format(name=scenario.name, seed=scenario.seed)
               if scenario.label_comments else None)
        fh.write("\n<trace-toc>\n  <run number=\"1\">\n    <info>\n      <target>\n")
        fh.write(f'        <device uuid="{attr(d.uuid)}" model="{attr(d.model)}" '
                 f'name="{attr(d.name)}" os-version="{attr(d.os_version)}" '
                 f'platform="{attr(d.platform)}"/>\n')
        fh.write(f'        <process type="launched" return-exit-status="{status}" '
                 f'name="{attr(scenario.app_name)}" pid="{scenario.app_pid}" '
                 f'termination-reason="{reason}"/>\n      </target>\n      <summary>\n')
        for tag, value in (("start-date", _iso(tl.start_date)), ("end-date", _iso(end)),
                           ("duration", f"{seconds:.6f}"), ("end-reason", tl.spec.end_reason),
                           ("instruments-version", scenario.instruments_version),
                           ("template-name", scenario.template_name),
                           ("recording-mode", "Deferred"), ("time-limit", "10 minutes")):
            fh.write(f"        <{tag}>{esc(value)}</{tag}>\n")
        fh.write("      </summary>\n    </info>\n    <processes>\n")
        for name, pid, path in ((scenario.app_name, scenario.app_pid, app_path),
                                ("kernel.release.t8110", 0,
                                 "/System/Library/Kernels/kernel.release.t8110"),
                                ("SpringBoard", 34,
                                 "/System/Library/CoreServices/SpringBoard.app/SpringBoard")):
            fh.write(f'      <process name="{attr(name)}" pid="{pid}" path="{attr(path)}"/>\n')
        fh.write("    </processes>\n    <data>\n")
        for name, attrs in toc_tables(scenario):
            extra = "".join(f' {k}="{attr(v)}"' for k, v in attrs.items())
            fh.write(f'      <table schema="{attr(name)}"{extra}/>\n')
        fh.write("    </data>\n    <tracks/>\n  </run>\n</trace-toc>\n")


def write_table(scenario: Scenario, recording: int, schema: str, out: Out) -> int:
    """``xctrace export --xpath '/trace-toc/run[@number="1"]/data/table[@schema="…"]'``.

    ``schema`` is a table of interest, by its generator name or its exported name. Returns the
    number of rows written (0 for a table in ``scenario.empty_tables``).
    """
    table = canonical(scenario, schema)
    k = table_index(scenario, table)
    name, cols = layout_for(table, scenario.layout(table))
    rows = 0
    with _open(out) as fh:
        prolog(fh, COMMENT.format(name=scenario.name, seed=scenario.seed)
               if scenario.label_comments else None)
        fh.write(f"<trace-query-result>\n<node xpath='//trace-toc[1]/run[1]/data[1]/table[{k}]'>")
        w = ExportWriter(fh, intern_limit=scenario.scale.intern_limit)
        w.schema(name, ((c.mnemonic, c.name, c.type) for c in cols), DOCS.get(table))
        if table not in scenario.empty_tables:
            write_row = row_writer(w, cols)
            for values in ROWS[table](scenario, recording):
                write_row(values)
                rows += 1
        fh.write("</node></trace-query-result>\n")
    return rows


_XPATH = re.compile(r"""table\[@schema=["']([^"']+)["']\]""")


def write_xpath(scenario: Scenario, recording: int, xpath: str, out: Out) -> int:
    """Answer an ``--xpath`` export: the table named by ``table[@schema="…"]``. A schema the
    TOC does not list gives an empty ``<trace-query-result>`` (returns -1)."""
    match = _XPATH.search(xpath)
    try:
        if match is None:
            raise KeyError(xpath)
        table = canonical(scenario, match.group(1))
        table_index(scenario, table)
    except KeyError:
        with _open(out) as fh:
            prolog(fh, None)
            fh.write("<trace-query-result>\n</trace-query-result>\n")
        return -1
    return write_table(scenario, recording, table, out)
