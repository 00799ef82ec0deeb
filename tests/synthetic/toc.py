"""The TOC (``xctrace export --toc``) in the sample's shape or in the real iPhone shapes.

Real TOC facts (../shared/docs/real-exports-2026-12.md §2): physical-iPhone TOCs carry a
``<host-device>``; Xcode 16.4 writes ``<device uuid model name os-version platform>``, Xcode
26/27 ``<device platform model [memory-size] name os-version uuid>``; ``memory-size`` (bytes)
appears with Xcode 27.2; ``<all-processes/>`` replaces the target process when recording
all processes. Table entries follow the real TOCs' attributes and order (subsets). The lists
below are the one place where a table's TOC entry is described: a new table (issue 16's
``CoreAIProfile``) is one more entry, plus its layout (layouts.py) and rows (tables.ROWS).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TextIO

from tests.synthetic.layouts import DOCS, layout_for
from tests.synthetic.scenario import KNOWN_TABLES, Scenario, Target, TocStyle
from tests.synthetic.series import COMPILER, others
from tests.synthetic.timeline import build
from tests.synthetic.xmlwriter import attr, esc

Attrs = tuple[tuple[str, str], ...]  # ordered; ("schema", "") marks where the schema goes
# An entry is (table of interest, attrs), or ("~name", attrs) for a listed table that is never
# exported although a table of interest has the same schema name (another os-signpost table).
_ULTS = "Holds a {} from the OS's Unified Logging and Tracing component."

#: The sample's <data>: tables of interest interleaved with tables never exported.
LEGACY_DATA: tuple[tuple[str, Attrs], ...] = (
    ("time-profile", (("target-pid", "SINGLE"), ("high-frequency-sampling", "0"),
                      ("needs-kernel-callstack", "0"))),
    ("coreml-os-signpost", (("target-pid", "SINGLE"),)),
    ("ane-hw-intervals", ()),
    ("metal-application-intervals", (("target-pid", "SINGLE"),)),
    ("metal-gpu-intervals", ()),
    ("mps-hw-intervals", (("target-pid", "SINGLE"),)),
    ("activity-monitor-process-live", ()),
    ("activity-monitor-process-ledger", ()),
    ("activity-monitor-system", ()),
    ("sysmon-process", ()),
    ("~os-signpost", (("target-pid", "SINGLE"),)),
    ("os-signpost", (("subsystem", '"com.apple.coreml"'), ("schema", ""), ("category", "coreml"))),
    ("os-signpost-interval", (("layout-scope", "name"), ("target-pid", "SINGLE"))),
    ("os-log", (("target-pid", "SINGLE"),)),
    ("thread-info", ()),
    ("device-thermal-state-intervals", (("documentation", DOCS["device-thermal-state-intervals"]),)),
    ("process-info", ()),
)
#: Xcode 16.4 (mattmireles__mamba-asr-mps__fp16_w8_60s_all_toc.xml order); {pid} = SINGLE|ALL
XCODE16_DATA: tuple[tuple[str, Attrs], ...] = (
    ("metal-gpu-execution-points", ()),
    ("ane-hw-intervals", ()),
    ("metal-gpu-info", ()),
    ("coreml-os-signpost", (("target-pid", "{pid}"),)),
    ("graphics-compiler-activity-intervals", (("target-pid", "{pid}"),)),
    ("activity-monitor-process-live", ()),
    ("activity-monitor-process-ledger", ()),
    ("activity-monitor-system", ()),
    ("sysmon-process", ()),
    ("os-signpost-interval", (("layout-scope", "name"), ("target-pid", "{pid}"))),
    ("time-profile", (("target-pid", "{pid}"), ("context-switch-sampling", "0"),
                      ("high-frequency-sampling", "0"), ("schema", ""),
                      ("needs-kernel-callstack", "0"), ("record-waiting-threads", "0"))),
    ("os-log", (("target-pid", "{pid}"),)),
    ("os-signpost", (("subsystem", '"com.apple.coreml"'), ("schema", ""), ("category", "coreml"))),
    ("mps-hw-intervals", (("target-pid", "{pid}"),)),
    ("metal-gpu-state-intervals", ()),
    ("device-thermal-state-intervals", (("documentation", DOCS["device-thermal-state-intervals"]),)),
    ("metal-gpu-intervals", (("target-pid", "{pid}"),)),
)
_SWIFT_SIGNPOSTS = ('"OSSignpostIntervals(layoutScope: InstrumentsPlugIn.OSSignpostLayoutScope'
                    '.name, categories: Set([]), mustTargetAllProcesses: false)"')
#: Xcode 26/27 (Ashtabula__Cosyvoice__profile-trace-toc.xml order, subset)
XCODE27_DATA: tuple[tuple[str, Attrs], ...] = (
    ("metal-object-label", (("documentation", "Metal Object Label"),)),
    ("os-signpost-interval", (("swift-table", _SWIFT_SIGNPOSTS), ("schema", ""))),
    ("activity-monitor-process-live", ()),
    ("activity-monitor-process-ledger", ()),
    ("activity-monitor-system", ()),
    ("sysmon-process", ()),
    ("os-signpost", (("schema", ""), ("category", "coreml"), ("subsystem", '"com.apple.coreml"'),
                     ("documentation", _ULTS.format("signpost event")))),
    ("os-log", (("schema", ""), ("target-pid", "{pid}"),
                ("documentation", _ULTS.format("message")))),
    ("device-thermal-state-intervals", (("documentation", DOCS["device-thermal-state-intervals"]),)),
    ("time-info", (("documentation", "Raw data needed transform a mach-absolute-time to a trace "
                                      "relative timestamp"),)),
    ("ane-hw-intervals", (("documentation", "Denotes an interesting period of activity in the "
                                            "ANE"),)),
    ("coreml-os-signpost", (("target-pid", "{pid}"),
                            ("documentation", "Denotes CoreML Model Activity Intervals"))),
    ("CoreAIProfile", (("swift-table", '"CoreAIProfile(stripNumericSufix: true)"'),
                       ("schema", ""))),
    ("metal-gpu-intervals", (("target-pid", "{pid}"), ("documentation", "Denotes an interesting "
                                                        "period of activity in the GPU."))),
    ("process-info", (("documentation", "Associates processes with their process names."),)),
    ("mps-hw-intervals", (("target-pid", "{pid}"), ("documentation", "Denotes an interesting "
                                                     "period of activity caused by Metal "
                                                     "Applications."))),
)
_DATA = {TocStyle.LEGACY: LEGACY_DATA, TocStyle.XCODE16: XCODE16_DATA,
         TocStyle.XCODE26: tuple(e for e in XCODE27_DATA if e[0] != "CoreAIProfile"),
         TocStyle.XCODE27: XCODE27_DATA}
HOST = {TocStyle.XCODE16: ("Mac Studio", "15.6 (24G84)"),
        TocStyle.XCODE26: ("MacBook Pro", "26.6.2 (25G83)"),
        TocStyle.XCODE27: ("Mac mini", "27.0 (26A5353q)")}
HOST_UUID = "5E7E71C0-0000-4000-8000-000000000000"  # SYNTHETIC
APP_BUNDLE = "/var/containers/Bundle/Application/5E7E71C0-0000-4000-8000-0000000000A0"
SYSTEM_PATHS = {"SpringBoard": "/System/Library/CoreServices/SpringBoard.app/SpringBoard",
                "mediaserverd": "/usr/sbin/mediaserverd",
                "assetsd": "/System/Library/Frameworks/AssetsLibrary.framework/Support/assetsd",
                "cloudd": "/System/Library/PrivateFrameworks/CloudKitDaemon.framework/Support/"
                          "cloudd"}


def exported_name(scenario: Scenario, schema: str) -> str:
    """The schema name as exported (``OSSignpostIntervals`` for the Xcode 27 variant)."""
    return layout_for(schema, scenario.layout(schema))[0]


def toc_entries(scenario: Scenario) -> list[tuple[str | None, str, dict[str, str]]]:
    """(table of interest or None, exported schema name, attributes in order) in TOC order."""
    present = set(scenario.tables)
    pid = "ALL" if scenario.target is Target.ALL_PROCESSES else "SINGLE"
    out = []
    for schema, attrs in _DATA[scenario.toc_style]:
        if schema in KNOWN_TABLES and schema not in present:
            continue
        if schema == "activity-monitor-process-ledger" and not present & {
                "activity-monitor-process-live", "activity-monitor-system"}:
            continue
        table = schema if schema in KNOWN_TABLES else None
        name = exported_name(scenario, schema) if table else schema.lstrip("~")
        out.append((table, name, {k: v.replace("{pid}", pid) for k, v in attrs}))
    return out


def toc_tables(scenario: Scenario) -> list[tuple[str, dict[str, str]]]:
    """(exported schema name, attributes in order) in TOC order; K = position + 1."""
    return [(name, attrs) for _, name, attrs in toc_entries(scenario)]


def _table_line(name: str, attrs: dict[str, str]) -> str:
    parts = [] if "schema" in attrs else [("schema", name)]
    parts += [(k, name if k == "schema" else v) for k, v in attrs.items()]
    return "<table" + "".join(f' {k}="{attr(v)}"' for k, v in parts) + "/>"


def _device(scenario: Scenario) -> list[str]:
    d, style = scenario.device, scenario.toc_style
    values = {"uuid": d.uuid, "model": d.model, "name": d.name, "os-version": d.os_version,
              "platform": d.platform, "memory-size": str(d.ram_bytes)}
    order: tuple[str, ...] = ("uuid", "model", "name", "os-version", "platform")
    if style in (TocStyle.XCODE26, TocStyle.XCODE27):
        order = ("platform", "model", "memory-size", "name", "os-version", "uuid")
        order = order if style is TocStyle.XCODE27 else tuple(k for k in order
                                                              if k != "memory-size")
    lines = ["<device" + "".join(f' {k}="{attr(values[k])}"' for k in order) + "/>"]
    if style is not TocStyle.LEGACY and d.platform == "iOS":
        model, version = HOST[style]
        host = {"uuid": HOST_UUID, "model": model, "name": "SYNTHETIC Mac",
                "os-version": version, "platform": "macOS"}
        lines.append("<host-device" + "".join(f' {k}="{attr(host[k])}"' for k in order
                                              if k in host) + "/>")
    return lines


def _target(scenario: Scenario, recording: int) -> str:
    tl = build(scenario, recording)
    if scenario.target is Target.ALL_PROCESSES:
        return "<all-processes/>"
    jetsam = any(c.kind == "jetsam" for c in tl.spec.crashes)
    crash = any(c.kind != "jetsam" for c in tl.spec.crashes)
    status, reason = ("9", "SIGKILL") if jetsam else ("6", "SIGABRT") if crash else ("0", "exit(0)")
    if tl.spec.termination_reason is not None:
        status, reason = "9", tl.spec.termination_reason
    return (f'<process type="{scenario.target.value}" return-exit-status="{status}" '
            f'name="{attr(scenario.app_name)}" pid="{tl.launches[0].pid}" '
            f'termination-reason="{attr(reason)}"/>')


def _processes(scenario: Scenario, recording: int) -> list[tuple[str, int, str]]:
    tl = build(scenario, recording)
    app = scenario.app_name
    if scenario.toc_style is TocStyle.LEGACY:
        path = f"/private/var/containers/Bundle/Application/SYNTHETIC-0000-0000/{app}.app/{app}"
        return [*((app, la.pid, path) for la in tl.launches),
                ("kernel.release.t8110", 0, "/System/Library/Kernels/kernel.release.t8110"),
                ("SpringBoard", 34, "/System/Library/CoreServices/SpringBoard.app/SpringBoard")]
    out = [("kernel", 0, "Unknown")]
    out += [(name, pid, SYSTEM_PATHS.get(name, f"/usr/libexec/{name}"))
            for name, pid in others(scenario) if pid]
    if any(ld.simulated_kind == "uncached" for ld in tl.loads):
        out.append((*COMPILER, "/System/Library/PrivateFrameworks/ANECompiler.framework/"
                               "XPCServices/ANECompilerService.xpc/ANECompilerService"))
    out += [(ep.name, ep.pid, ep.path or f"/usr/libexec/{ep.name}")
            for ep in scenario.extra_processes]
    out += [(app, la.pid, f"{APP_BUNDLE}/{app}.app/{app}") for la in tl.launches]
    return out


def run_block(scenario: Scenario, recording: int, run_number: int = 1) -> str:
    """One ``<run>`` of the TOC, indented as the style's real TOCs (2 spaces for the sample)."""
    tl = build(scenario, recording)
    i = "  " if scenario.toc_style is TocStyle.LEGACY else "    "
    seconds = tl.end / 1e9
    end = tl.start_date + timedelta(seconds=seconds)
    out = [f'{i}<run number="{run_number}">', f"{i * 2}<info>", f"{i * 3}<target>"]
    out += [f"{i * 4}{line}" for line in (*_device(scenario), _target(scenario, recording))]
    out += [f"{i * 3}</target>", f"{i * 3}<summary>"]
    for tag, value in (("start-date", tl.start_date.isoformat(timespec="milliseconds")),
                       ("end-date", end.isoformat(timespec="milliseconds")),
                       ("duration", f"{seconds:.6f}"), ("end-reason", tl.spec.end_reason),
                       ("instruments-version", scenario.instruments_version),
                       ("template-name", scenario.template_name),
                       ("recording-mode", "Deferred"), ("time-limit", "10 minutes")):
        out.append(f"{i * 4}<{tag}>{esc(value)}</{tag}>")
    out += [f"{i * 3}</summary>", f"{i * 2}</info>", f"{i * 2}<processes>"]
    out += [f'{i * 3}<process name="{attr(n)}" pid="{p}" path="{attr(path)}"/>'
            for n, p, path in _processes(scenario, recording)]
    out += [f"{i * 2}</processes>", f"{i * 2}<data>"]
    out += [f"{i * 3}{_table_line(name, attrs)}" for name, attrs in toc_tables(scenario)]
    out += [f"{i * 2}</data>", f"{i * 2}<tracks/>", f"{i}</run>"]
    return "".join(line + "\n" for line in out)


def write_toc_text(fh: TextIO, scenario: Scenario, recordings: list[int]) -> None:
    """``<trace-toc>`` with one ``<run>`` per recording (numbered 1..n)."""
    fh.write("\n<trace-toc>\n")
    for run_number, recording in enumerate(recordings, start=1):
        fh.write(run_block(scenario, recording, run_number))
    fh.write("</trace-toc>\n")
