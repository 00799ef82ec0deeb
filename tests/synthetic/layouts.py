"""Column layouts the generator writes, per schema and variant (docs/table-layouts.md).

Each column is (mnemonic, display name, engineering type, key); the key names the value the
row generator provides. Evidence labels follow ../shared/docs/xctrace-export-format.md §3.
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
}


def layout_for(schema: str, variant: Layout) -> tuple[str, tuple[Col, ...]]:
    """(schema name as exported, columns) for a table of interest and a layout variant.

    A variant without its own layout renames every mnemonic to ``x-<mnemonic>`` and every
    non-time type to ``unknown-<type>`` (an "unknown column layout").
    """
    if (schema, variant) in _LAYOUTS:
        return _LAYOUTS[(schema, variant)]
    name, cols = _LAYOUTS[(schema, Layout.DEFAULT)]
    if variant is Layout.DEFAULT:
        return name, cols
    return name, tuple(
        Col(f"x-{c.mnemonic}", c.name, c.type if c.type == "start-time" else f"unknown-{c.type}",
            c.key) for c in cols)
