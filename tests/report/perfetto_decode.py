"""Read a written .pftrace back with the `perfetto` package's protos (for the tests).

Gives, per process (one per launch), its tracks by name with their slices (begin/end replayed
as a stack, so a mis-nested track is caught), counter values and instant events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Track:
    name: str
    thread: bool
    counter: bool
    slices: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, name
    values: list[tuple[int, float]] = field(default_factory=list)
    instants: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    correlation: list[str] = field(default_factory=list)
    #: slices that partially overlap an open one (never nest), found while replaying
    misnested: int = 0


@dataclass
class Proc:
    name: str
    pid: int
    tracks: dict[str, Track] = field(default_factory=dict)

    def family(self, name: str) -> list[Track]:
        """A track and its overflow lanes (``name (2)``, …)."""
        return [t for n, t in self.tracks.items() if n == name or n.startswith(f"{name} (")]

    def slices(self, name: str) -> list[tuple[int, int, str]]:
        return sorted(s for t in self.family(name) for s in t.slices)


def decode(data: bytes) -> list[Proc]:
    from perfetto.protos.perfetto.trace.perfetto_trace_pb2 import Trace, TrackEvent

    trace = Trace()
    trace.ParseFromString(data)
    procs: dict[int, Proc] = {}
    tracks: dict[int, tuple[int, Track]] = {}
    names: dict[int, str] = {}
    stacks: dict[int, list[tuple[int, str]]] = defaultdict(list)
    last_ts = -1
    assert trace.packet[0].sequence_flags == 1, "the first packet clears the sequence's state"
    for packet in trace.packet:
        assert packet.trusted_packet_sequence_id == 1
        if packet.HasField("track_descriptor"):
            d = packet.track_descriptor
            if d.HasField("process"):
                procs[d.uuid] = Proc(d.process.process_name, d.process.pid)
            else:
                name = d.thread.thread_name if d.HasField("thread") else d.name
                tracks[d.uuid] = (d.parent_uuid, Track(name, d.HasField("thread"),
                                                       d.HasField("counter")))
            continue
        for interned in packet.interned_data.event_names:
            names[interned.iid] = interned.name
        if not packet.HasField("track_event"):
            continue
        assert packet.sequence_flags or te_has_no_name(packet), "interned names need the state"
        assert packet.timestamp >= last_ts, "packets are in time order"
        last_ts = packet.timestamp
        te = packet.track_event
        _, track = tracks[te.track_uuid]
        assert not te.name_iid or te.name_iid in names, "an iid is interned before its use"
        name = names.get(te.name_iid, te.name)
        if te.type == TrackEvent.TYPE_SLICE_BEGIN:
            stack = stacks[te.track_uuid]
            stack.append((packet.timestamp, name))
            if te.correlation_id_str:
                track.correlation.append(te.correlation_id_str)
        elif te.type == TrackEvent.TYPE_SLICE_END:
            start, begun = stacks[te.track_uuid].pop()
            track.slices.append((start, packet.timestamp, begun))
        elif te.type == TrackEvent.TYPE_COUNTER:
            track.values.append((packet.timestamp, te.double_counter_value))
        elif te.type == TrackEvent.TYPE_INSTANT:
            args = {a.name: (a.int_value if a.HasField("int_value") else a.string_value)
                    for a in te.debug_annotations}
            track.instants.append((packet.timestamp, name, args))
    assert not any(stacks.values()), "every slice is closed"
    for parent, track in tracks.values():
        procs[parent].tracks[track.name] = track
        track.misnested = _misnested(track.slices)
    return list(procs.values())


def te_has_no_name(packet: Any) -> bool:
    return not packet.track_event.name_iid


def _misnested(slices: list[tuple[int, int, str]]) -> int:
    """Slices of one track that overlap another without lying inside it."""
    bad = 0
    open_: list[int] = []
    for start, end, _ in sorted(slices, key=lambda s: (s[0], -s[1])):
        while open_ and open_[-1] <= start:
            open_.pop()
        if open_ and end > open_[-1]:
            bad += 1
        open_.append(end)
    return bad


def listing(data: bytes) -> list[str]:
    """One line per process and per track: its kind and how many slices, values or instants."""
    lines = []
    for proc in decode(data):
        lines.append(f"{proc.name} (Perfetto pid {proc.pid})")
        for name, t in proc.tracks.items():
            kind = "counter" if t.counter else "thread" if t.thread else "track"
            n = len(t.slices) or len(t.values) or len(t.instants)
            what = "slices" if t.slices else "values" if t.values else "instants"
            lines.append(f"  {kind:<7} {name}: {n} {what}")
    return lines


if __name__ == "__main__":
    import sys
    from pathlib import Path

    print("\n".join(listing(Path(sys.argv[1]).read_bytes())))
