"""The Perfetto reporter: the run as a protobuf trace for ui.perfetto.dev and trace_processor.

Built with the ``perfetto`` package's ``TraceProtoBuilder`` and its generated protos (imported
on use). Layout (docs/perfetto.md): one process per launch (pids are sequence numbers, the
app's pid is in the name), under it thread tracks of slices (model loads, stages, steps,
predictions per model, app signposts), process-scoped tracks for the Neural Engine and GPU, and
counter tracks. Every slice track is a proper stack (:mod:`profiler.report.perfetto_lanes`).
Event names are interned. Output is deterministic: uuids, pids and tids are counted in order,
events sorted by time (stable, so each track keeps its own order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, BinaryIO

from profiler.report.base import register
from profiler.report.perfetto_lanes import cap, lane_events, lanes
from profiler.report.perfetto_tracks import Process, timeline

if TYPE_CHECKING:
    from profiler.analysis.result import Analysis

SEQUENCE = 1  # one writer: every packet is on this sequence
_TID_STRIDE = 1000  # tid = pid * 1000 + track number
# event kinds in the sort tuples below
_BEGIN, _END, _INSTANT, _COUNTER = range(4)


@register("analysis", "perfetto")  # type: ignore[arg-type]  # writes bytes, see `binary`
class PerfettoReporter:
    name = "perfetto"
    extension = ".pftrace"
    binary = True  # render() writes bytes (report/base.py opens the file in binary mode)

    def render(self, document: Analysis, out: BinaryIO) -> None:  # type: ignore[override]
        out.write(render_perfetto(document))


def render_perfetto(analysis: Analysis) -> bytes:
    """The whole trace as bytes."""
    from perfetto.trace_builder.proto_builder import TraceProtoBuilder

    builder = TraceProtoBuilder()
    events: list[tuple[Any, ...]] = []
    uuids = iter(range(1, 1 << 62))
    first = True
    for pid, proc in enumerate(timeline(analysis), start=1):
        first = _describe(builder, proc, pid, uuids, events, first)
    events.sort(key=lambda e: e[0])  # stable: a track's events keep their stack order
    _emit(builder, events)
    return builder.serialize()


def _descriptor(builder: Any, first: bool) -> Any:
    packet = builder.add_packet()
    packet.trusted_packet_sequence_id = SEQUENCE
    if first:
        packet.sequence_flags = packet.SEQ_INCREMENTAL_STATE_CLEARED
    return packet


def _describe(builder: Any, proc: Process, pid: int, uuids: Any,
              events: list[tuple[Any, ...]], first: bool) -> bool:
    """Descriptors of one launch's tracks; its events go to ``events``."""
    from perfetto.protos.perfetto.trace.perfetto_trace_pb2 import CounterDescriptor

    packet = _descriptor(builder, first)
    proc_uuid = next(uuids)
    packet.track_descriptor.uuid = proc_uuid
    packet.track_descriptor.process.pid = pid
    packet.track_descriptor.process.process_name = proc.name
    tid = pid * _TID_STRIDE
    for track in proc.slices.values():
        for n, members in enumerate(lanes(track.starts, track.ends), start=1):
            uuid = next(uuids)
            desc = _descriptor(builder, False).track_descriptor
            desc.uuid, desc.parent_uuid = uuid, proc_uuid
            name = track.track if n == 1 else cap(f"{track.track} ({n})")
            if track.thread:
                tid += 1
                desc.thread.pid, desc.thread.tid, desc.thread.thread_name = pid, tid, name
            else:
                desc.name = name
            for t, begin, i in lane_events(members, track.starts, track.ends):
                events.append((t, _BEGIN, uuid, track.names[i], track.colours[i], track.args[i])
                              if begin else (t, _END, uuid))
    for counter in proc.counters.values():
        uuid = next(uuids)
        desc = _descriptor(builder, False).track_descriptor
        desc.uuid, desc.parent_uuid, desc.name = uuid, proc_uuid, counter.track
        if counter.unit == "bytes":
            desc.counter.unit = CounterDescriptor.UNIT_SIZE_BYTES
        elif counter.unit == "percent":
            desc.counter.unit_name = "%"
        else:
            desc.counter.SetInParent()
        events += [(t, _COUNTER, uuid, v) for t, v in zip(counter.times, counter.values,
                                                         strict=True)]
    for marks in proc.instants.values():
        uuid = next(uuids)
        desc = _descriptor(builder, False).track_descriptor
        desc.uuid, desc.parent_uuid, desc.name = uuid, proc_uuid, marks.track
        events += [(t, _INSTANT, uuid, name, None, args) for t, name, args in
                   zip(marks.times, marks.names, marks.args, strict=True)]
    return False


def _emit(builder: Any, events: list[tuple[Any, ...]]) -> None:
    """One packet per event. Packets without arguments are copies of a template per track,
    kind, name and colour (much faster than setting each field anew)."""
    from perfetto.protos.perfetto.trace.perfetto_trace_pb2 import TracePacket, TrackEvent

    types = {_BEGIN: TrackEvent.TYPE_SLICE_BEGIN, _END: TrackEvent.TYPE_SLICE_END,
             _INSTANT: TrackEvent.TYPE_INSTANT, _COUNTER: TrackEvent.TYPE_COUNTER}
    names: dict[str, int] = {}
    templates: dict[tuple[Any, ...], Any] = {}
    add = builder.trace.packet.add  # the builder's own Trace message
    for event in events:
        kind = event[1]
        if kind == _COUNTER or kind == _END:
            key: tuple[Any, ...] = (kind, event[2])
        else:
            iid = names.get(event[3])
            if iid is None or event[5]:
                _full(add(), event, types[kind], names)
                continue
            key = (kind, event[2], iid, event[4])
        template = templates.get(key)
        if template is None:
            template = templates[key] = TracePacket(trusted_packet_sequence_id=SEQUENCE)
            te = template.track_event
            te.type, te.track_uuid = types[kind], event[2]
            if len(key) > 2:
                template.sequence_flags = TracePacket.SEQ_NEEDS_INCREMENTAL_STATE
                te.name_iid = key[2]
                if key[3]:
                    te.correlation_id_str = key[3]
        packet = add()
        packet.CopyFrom(template)
        packet.timestamp = event[0]
        if kind == _COUNTER:
            packet.track_event.double_counter_value = event[3]


def _full(packet: Any, event: tuple[Any, ...], kind: int, names: dict[str, int]) -> None:
    """A begin or instant event with everything set: a name seen first (interned here) or
    arguments."""
    packet.timestamp = event[0]
    packet.trusted_packet_sequence_id = SEQUENCE
    packet.sequence_flags = packet.SEQ_NEEDS_INCREMENTAL_STATE
    te = packet.track_event
    te.type, te.track_uuid = kind, event[2]
    name, colour, args = event[3], event[4], event[5]
    iid = names.get(name)
    if iid is None:
        iid = names[name] = len(names) + 1
        interned = packet.interned_data.event_names.add()
        interned.iid, interned.name = iid, name
    te.name_iid = iid
    if colour:
        te.correlation_id_str = colour
    for key, value in (args or {}).items():
        note = te.debug_annotations.add()
        note.name = key
        if isinstance(value, int) and not isinstance(value, bool):
            note.int_value = value
        else:
            note.string_value = str(value)
