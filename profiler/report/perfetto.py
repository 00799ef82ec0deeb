"""The Perfetto reporter: the run as a protobuf trace for ui.perfetto.dev and trace_processor.

Built with the ``perfetto`` package's ``TraceProtoBuilder`` and its generated protos (imported
on use). Layout (docs/perfetto.md): one process per launch (pids are sequence numbers, the
app's pid is in the name), under it thread tracks of slices (model loads, stages, steps,
predictions per model, app signposts), process-scoped tracks for the Neural Engine and GPU, and
counter tracks. Every slice track is a proper stack (:mod:`profiler.report.perfetto_lanes`).
Event names are interned (all in the first packet). Each event packet is a copy of a template
per track, type, name and colour, with its time set: Python protobuf costs a few microseconds a
field, and a 30-minute recording has ~200k events. Output is deterministic: uuids, pids and tids
are counted in order, events sorted by time (stable, so each track keeps its own order).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, BinaryIO

from profiler.report.base import register
from profiler.report.perfetto_lanes import cap, lane_events, lanes
from profiler.report.perfetto_model import Process
from profiler.report.perfetto_tracks import timeline

if TYPE_CHECKING:
    from profiler.analysis.result import Analysis

SEQUENCE = 1  # one writer: every packet is on this sequence
_TID_STRIDE = 1000  # tid = pid * 1000 + track number


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
    first = builder.add_packet()  # clears the sequence's state; carries the interned names
    first.trusted_packet_sequence_id = SEQUENCE
    first.sequence_flags = first.SEQ_INCREMENTAL_STATE_CLEARED
    templates = _Templates()
    events: list[tuple[int, int, Any]] = []  # (time, template, counter value or arguments)
    uuids = iter(range(1, 1 << 62))
    for pid, proc in enumerate(timeline(analysis), start=1):
        _describe(builder, proc, pid, uuids, templates, events)
    for name, iid in templates.names.items():
        interned = first.interned_data.event_names.add()
        interned.iid, interned.name = iid, name
    events.sort(key=_time)  # stable: a track's events keep their stack order
    _emit(builder, templates.packets, events)
    return builder.serialize()


def _time(event: tuple[int, int, Any]) -> int:
    return event[0]


class _Templates:
    """Event packets without a time, one per (type, track, name, colour), and the name iids."""

    def __init__(self) -> None:
        from perfetto.protos.perfetto.trace.perfetto_trace_pb2 import TracePacket, TrackEvent

        self._packet, self._event = TracePacket, TrackEvent
        self.packets: list[Any] = []
        self.names: dict[str, int] = {}
        self._index: dict[tuple[Any, ...], int] = {}

    def get(self, kind: str, uuid: int, name: str | None = None,
            colour: str | None = None) -> int:
        key = (kind, uuid, name, colour)
        found = self._index.get(key)
        if found is not None:
            return found
        packet = self._packet(trusted_packet_sequence_id=SEQUENCE)
        te = packet.track_event
        te.type, te.track_uuid = getattr(self._event, f"TYPE_{kind}"), uuid
        if name is not None:
            packet.sequence_flags = self._packet.SEQ_NEEDS_INCREMENTAL_STATE
            te.name_iid = self.names.setdefault(name, len(self.names) + 1)
        if colour:
            te.correlation_id_str = colour
        self.packets.append(packet)
        self._index[key] = len(self.packets) - 1
        return len(self.packets) - 1


def _track(builder: Any, uuid: int, parent: int) -> Any:
    packet = builder.add_packet()
    packet.trusted_packet_sequence_id = SEQUENCE
    desc = packet.track_descriptor
    desc.uuid, desc.parent_uuid = uuid, parent
    return desc


def _describe(builder: Any, proc: Process, pid: int, uuids: Any, templates: _Templates,
              events: list[tuple[int, int, Any]]) -> None:
    """Descriptors of one launch's tracks; its events go to ``events``."""
    from perfetto.protos.perfetto.trace.perfetto_trace_pb2 import CounterDescriptor

    proc_uuid = next(uuids)
    packet = builder.add_packet()
    packet.trusted_packet_sequence_id = SEQUENCE
    packet.track_descriptor.uuid = proc_uuid
    packet.track_descriptor.process.pid = pid
    packet.track_descriptor.process.process_name = proc.name
    tid = pid * _TID_STRIDE
    for track in proc.slices.values():
        for n, members in enumerate(lanes(track.starts, track.ends), start=1):
            uuid = next(uuids)
            desc = _track(builder, uuid, proc_uuid)
            name = track.track if n == 1 else cap(f"{track.track} ({n})")
            if track.thread:
                tid += 1
                desc.thread.pid, desc.thread.tid, desc.thread.thread_name = pid, tid, name
            else:
                desc.name = name
            end = templates.get("SLICE_END", uuid)
            names, colours, args = track.names, track.colours, track.args
            events += [(t, templates.get("SLICE_BEGIN", uuid, names[i], colours[i]), args[i])
                       if begin else (t, end, None)
                       for t, begin, i in lane_events(members, track.starts, track.ends)]
    for counter in proc.counters.values():
        uuid = next(uuids)
        desc = _track(builder, uuid, proc_uuid)
        desc.name = counter.track
        if counter.unit == "bytes":
            desc.counter.unit = CounterDescriptor.UNIT_SIZE_BYTES
        elif counter.unit == "percent":
            desc.counter.unit_name = "%"
        else:
            desc.counter.SetInParent()
        value = templates.get("COUNTER", uuid)
        events += [(t, value, float(v)) for t, v in zip(counter.times, counter.values,
                                                        strict=True)]
    for marks in proc.instants.values():
        uuid = next(uuids)
        _track(builder, uuid, proc_uuid).name = marks.track
        events += [(t, templates.get("INSTANT", uuid, name), args) for t, name, args in
                   zip(marks.times, marks.names, marks.args, strict=True)]


def _emit(builder: Any, templates: list[Any], events: list[tuple[int, int, Any]]) -> None:
    """One packet per event: its template's copy, its time, and a counter's value or the
    event's arguments."""
    add = builder.trace.packet.add  # the builder's own Trace message
    for t, k, extra in events:
        packet = add()
        packet.CopyFrom(templates[k])
        packet.timestamp = t
        if extra is None:
            continue
        if type(extra) is float:
            packet.track_event.double_counter_value = extra
            continue
        for key, value in extra.items():
            note = packet.track_event.debug_annotations.add()
            note.name = key
            if isinstance(value, int) and not isinstance(value, bool):
                note.int_value = value
            else:
                note.string_value = str(value)
