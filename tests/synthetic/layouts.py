"""Column layouts the generator writes, per schema and variant (docs/table-layouts.md).

Each column is (mnemonic, display name, engineering type, key); the key names the value the
row generator provides. Evidence labels follow ../shared/docs/xctrace-export-format.md §3 and
../shared/docs/real-exports-2026-12.md §1 (the "real" layouts are copied column by column from
the real exports there; tests/synthetic/test_real_layouts.py keeps them in step).
"""

from __future__ import annotations

from typing import NamedTuple

from tests.synthetic.scenario import Layout


class Col(NamedTuple):
    mnemonic: str
    name: str
    type: str
    key: str


def _cols(spec: str) -> tuple[Col, ...]:
    """Parse ``mnemonic|Name|type|key`` lines (key defaults to the mnemonic)."""
    out = []
    for line in spec.strip().splitlines():
        parts = [p.strip() for p in line.split("|")]
        out.append(Col(parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else parts[0]))
    return tuple(out)


#: UNCONFIRMED: our choice (consumer code names start-time, duration, coreml-model-name,
#: coreml-model-event; the Engineering Type Reference defines coreml-model-level).
COREML = _cols("""
start|Start|start-time
duration|Duration|duration
model-name|Model|coreml-model-name|model
event|Event|coreml-model-event
level|Level|coreml-model-level
label|Label|formatted-label
process|Process|process
thread|Thread|thread
""")

#: reported: row elements from consumer code; mnemonics as in mps-hw-intervals.
ANE = _cols("""
start|Start|start-time
duration|Duration|duration
channel-name|Channel Name|ane-event-name|channel
event-depth|Depth|metal-nesting-level|depth
event-label|Label|formatted-label|label
state|State|gpu-state
""")

#: real (Xcode 16.4, mattmireles__mamba-asr-mps__coreml_os_signpost.xml): 12 columns, no
#: process or thread column, two coreml-model-name and three formatted-label columns.
COREML_REAL = _cols("""
start|Creation|start-time
duration|Duration|duration
full-layout-id|Full events view Layout ID|layout-id|layout
event-label|Event|coreml-model-event|event
model-name|Model name|coreml-model-name|model
model-specific-track-model-name|Model name to display in the model specific track disclosed view|formatted-label|track_label
fully-qualified-model|Model|formatted-label|qualified
parent-model-name|Parent model name|coreml-model-name|parent
model-level|Model Level: top or sub|coreml-model-level|level
event-type|Type of event|string|event_type
color|Status Color|event-concept|color
graph-event-label|Graph event label|formatted-label|label
""")

#: real (mattmireles__mamba-asr-mps__ane_hw_intervals.xml): 7 columns, named
#: ane-hw-intervals-internal by Xcode 16.4 and ane-hw-intervals by Xcode 27.2.
ANE_REAL = _cols("""
start|Creation|start-time
duration|Duration|duration
channel-name|Channel Name|ane-event-name|channel
event-depth|Depth|metal-nesting-level|depth
event-label|Label|formatted-label|label
state|State|gpu-state
color|Color|render-buffer-depth
""")

#: real schema (Xcode 16.4, mattmireles__mamba-asr-mps__os_signpost_coreml.xml, 0 rows): the
#: com.apple.coreml os-signpost table; no emit-location column. Row contents are UNCONFIRMED.
OS_SIGNPOST = _cols("""
time|Timestamp|event-time
thread|Thread|thread
process|Process|process
event-type|Event Type|event-type|event_type
scope|Scope|string
identifier|Signpost identifier|os-signpost-identifier
name|Name|signpost-name
format-string|Format String|format-string|format
backtrace|Backtrace|text-backtrace
subsystem|Subsystem|subsystem
category|Category|category
message|Message|os-log-metadata
""")

#: reported (xctrace-export-format.md §3b, real-exports §4): a subset of sysmon-process in the
#: reported order; display names Process Name, % CPU and Memory are reported, the rest ours.
SYSMON_PROCESS = _cols("""
time|Time|start-time
pid|PID|pid
process|Process Name|process
cpu-percent|% CPU|system-cpu-percent|cpu
cpu-total-system|System CPU Time|duration-on-core|cpu_system
cpu-total-user|User CPU Time|duration-on-core|cpu_user
thread-count|Threads|event-count|threads
memory-physical-footprint|Memory|size-in-bytes|footprint
memory-compressed|Compressed|size-in-bytes|compressed
memory-real-private|Real Private|size-in-bytes|real_private
memory-resident-size|Resident Size|size-in-bytes|real
""")

#: confirmed in a TRIMMED fixture (Xcode 26.3), 18 columns.
METAL_GPU = _cols("""
start|Creation|start-time
duration|Duration|duration
channel-name|Channel Name|gpu-channel-name|channel
frame-number|Frame|gpu-frame-number|frame
start-latency|CPU to GPU Latency|duration|latency
event-depth|Depth|metal-nesting-level|depth
event-label|Label|formatted-label|label
state|State|gpu-state
connection-UUID|Connection UUID|connection-uuid64|connection
color|Color|render-buffer-depth|color
process|Process|process
gpu|Metal Device|metal-device-name
channel-subtitle|Channel Subtitle|metal-object-label|subtitle
iosurface-accesses|IOSurface Accesses|formatted-label|iosurface
bytes|Bytes|size-in-bytes
cmdbuffer-id|Commmand Buffer Id|metal-command-buffer-id|cmdbuffer
encoder-id|Encoder Id|metal-command-buffer-id|encoder
gpu-submission-id|GPU Submission Id|uint64|submission
""")

#: real (mattmireles__mamba-asr-mps__mps_hw_intervals.xml, 10 rows): the first 13 columns of
#: metal-gpu-intervals with channel-name typed mps-event-name; frame-number, start-latency and
#: process are sentinels in every real row.
MPS = tuple(c._replace(type="mps-event-name") if c.mnemonic == "channel-name" else c
            for c in METAL_GPU[:13])

#: reported: superset seen across test fixtures; order and completeness not verified.
AM_PROCESS = _cols("""
start|Start|start-time
duration|Duration|duration
process|Process|process
pid|PID|pid
cpu-percent|% CPU|system-cpu-percent|cpu
cpu-total|CPU Time|duration-on-core|cpu_total
thread-count|Threads|event-count|threads
mach-port-count|Ports|event-count|ports
idle-wakeups|Idle Wake Ups|event-count|wakeups
memory-physical-footprint|Memory|size-in-bytes|footprint
memory-real|Real Mem|size-in-bytes|real
memory-real-private|Real Private Mem|size-in-bytes|real_private
memory-real-shared|Real Shared Mem|size-in-bytes|real_shared
memory-purgeable|Purgeable Mem|size-in-bytes|purgeable
memory-compressed|Compressed Mem|size-in-bytes|compressed
disk-bytes-written|Disk Bytes Written|disk-size-in-bytes|disk_written
disk-bytes-read|Disk Bytes Read|disk-size-in-bytes|disk_read
""")

#: UNKNOWN variant: renamed mnemonics, changed types, no footprint/cpu of a known type.
AM_PROCESS_UNKNOWN = _cols("""
sample-start|Sample Start|start-time|start
sample-length|Sample Length|duration|duration
proc|Process|process|process
proc-id|PID|uint32|pid
load|Load|percent-of-core|cpu
phys|Physical|memory-quantity|footprint
resident|Resident|memory-quantity|real
threads|Threads|uint32|threads
""")

#: UNCONFIRMED: our choice (no source shows this table). Memory figures are size-in-bytes,
#: CPU figures system-cpu-percent with the total first.
AM_SYSTEM = _cols("""
start|Start|start-time
duration|Duration|duration
cpu-total|% Total Load|system-cpu-percent|cpu_total
cpu-user|% User Load|system-cpu-percent|cpu_user
cpu-system|% System Load|system-cpu-percent|cpu_system
memory-used|Memory Used|size-in-bytes|used
memory-cached-files|Cached Files|size-in-bytes|cached_files
memory-compressed|Compressed Memory|size-in-bytes|compressed
memory-swap-used|Swap Used|size-in-bytes|swap
memory-free|Free Memory|size-in-bytes|free
process-count|Processes|event-count|processes
thread-count|Threads|event-count|threads_total
""")

#: confirmed (≤ Xcode 26), 18 columns; name is typed `string`.
SIGNPOST_INTERVAL = _cols("""
start|Start|start-time
duration|Duration|duration
layout-qualifier|Layout ID|layout-id|layout
name|Name|string
category|Category|category
subsystem|Subsystem|subsystem
identifier|Identifier|os-signpost-identifier
process|Start Process|process
end-process|End Process|process
start-thread|Start Thread|thread
end-thread|End Thread|thread
start-message|Start Message|os-log-metadata
end-message|End Message|os-log-metadata
start-backtrace|Start Backtrace|text-backtrace
end-backtrace|End Backtrace|text-backtrace
start-emit-location|Start Emit Location|return-location
end-emit-location|End Emit Location|return-location
signature|Signature|os-log-metadata
""")
#: Xcode 27 (SYNTHROWS schema): OSSignpostIntervals, name typed signpost-name.
SIGNPOST_INTERVAL_27 = tuple(
    c._replace(type="signpost-name") if c.mnemonic == "name" else c for c in SIGNPOST_INTERVAL)

#: reported (schema spike); the table itself is confirmed in a real TOC.
OS_LOG = _cols("""
time|Time|event-time
thread|Thread|thread
process|Process|process
message-type|Type|event-type|message_type
format-string|Format String|format-string|format
backtrace|Backtrace|text-backtrace
subsystem|Subsystem|subsystem
category|Category|category
message|Message|os-log-metadata
emit-location|Emit Location|return-location
""")

#: confirmed (real export, Xcode 26.3).
THERMAL = _cols("""
start|Start|start-time
duration|Duration|duration
end|End|start-time
thermal-state|Thermal State|thermal-state|state
track-label|Track|string|track
is-induced|Is Induced|boolean|induced
narrative|Narrative|narrative
""")

DOCS = {
    "device-thermal-state-intervals": "Denotes the current thermal state of the device.",
}

_LAYOUTS: dict[tuple[str, Layout], tuple[str, tuple[Col, ...]]] = {
    ("coreml-os-signpost", Layout.DEFAULT): ("coreml-os-signpost", COREML),
    ("ane-hw-intervals", Layout.DEFAULT): ("ane-hw-intervals", ANE),
    ("metal-gpu-intervals", Layout.DEFAULT): ("metal-gpu-intervals", METAL_GPU),
    ("activity-monitor-process-live", Layout.DEFAULT): ("activity-monitor-process-live",
                                                        AM_PROCESS),
    ("activity-monitor-process-live", Layout.UNKNOWN): ("activity-monitor-process-live",
                                                        AM_PROCESS_UNKNOWN),
    ("activity-monitor-system", Layout.DEFAULT): ("activity-monitor-system", AM_SYSTEM),
    ("os-signpost-interval", Layout.DEFAULT): ("os-signpost-interval", SIGNPOST_INTERVAL),
    ("os-signpost-interval", Layout.XCODE27): ("OSSignpostIntervals", SIGNPOST_INTERVAL_27),
    ("os-log", Layout.DEFAULT): ("os-log", OS_LOG),
    ("device-thermal-state-intervals", Layout.DEFAULT): ("device-thermal-state-intervals",
                                                         THERMAL),
    ("coreml-os-signpost", Layout.XCODE16): ("coreml-os-signpost", COREML_REAL),
    # No Xcode 27 schema of this table has been seen; assumed unchanged from Xcode 16.4.
    ("coreml-os-signpost", Layout.XCODE27): ("coreml-os-signpost", COREML_REAL),
    ("ane-hw-intervals", Layout.XCODE16): ("ane-hw-intervals-internal", ANE_REAL),
    ("ane-hw-intervals", Layout.XCODE27): ("ane-hw-intervals", ANE_REAL),
    ("mps-hw-intervals", Layout.DEFAULT): ("mps-hw-intervals", MPS),
    ("os-signpost", Layout.DEFAULT): ("os-signpost", OS_SIGNPOST),
    ("sysmon-process", Layout.DEFAULT): ("sysmon-process", SYSMON_PROCESS),
}


def layout_for(schema: str, variant: Layout) -> tuple[str, tuple[Col, ...]]:
    """(schema name as exported, columns) for a table of interest and a layout variant.

    ``Layout.UNKNOWN`` without its own layout renames every mnemonic to ``x-<mnemonic>`` and
    every non-time type to ``unknown-<type>`` (an "unknown column layout"); an Xcode variant a
    table does not have falls back to its default layout.
    """
    if (schema, variant) in _LAYOUTS:
        return _LAYOUTS[(schema, variant)]
    name, cols = _LAYOUTS[(schema, Layout.DEFAULT)]
    if variant is not Layout.UNKNOWN:
        return name, cols
    return name, tuple(
        Col(f"x-{c.mnemonic}", c.name, c.type if c.type == "start-time" else f"unknown-{c.type}",
            c.key) for c in cols)
