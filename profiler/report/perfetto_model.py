"""The Perfetto timeline's tracks, as plain values: what :mod:`profiler.report.perfetto_tracks`
builds from the analysis and :mod:`profiler.report.perfetto` encodes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Slices:
    """Intervals for one track family; ``thread`` tracks are the app's activity, the others
    (Neural Engine, GPU) hardware with no thread of the app."""

    track: str
    thread: bool
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    #: slices with the same colour key are drawn in the same colour (Perfetto's correlation id)
    colours: list[str | None] = field(default_factory=list)
    args: list[dict[str, Any] | None] = field(default_factory=list)

    def add(self, start: int, end: int, name: str, colour: str | None = None,
            args: dict[str, Any] | None = None) -> None:
        self.starts.append(start)
        self.ends.append(max(start, end))
        self.names.append(name)
        self.colours.append(colour)
        self.args.append(args)

    def extend(self, starts: list[int], ends: list[int], names: list[str]) -> None:
        """Many slices without colour or arguments (``ends`` already >= ``starts``)."""
        self.starts += starts
        self.ends += ends
        self.names += names
        self.colours += [None] * len(starts)
        self.args += [None] * len(starts)


@dataclass
class Counter:
    track: str
    unit: str  # "bytes", "percent" or "level"
    times: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)


@dataclass
class Instants:
    track: str
    times: list[int] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    args: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Process:
    """One launch: its name, the app's real pid (None unknown) and its tracks by name."""

    name: str
    pid: int | None
    slices: dict[str, Slices] = field(default_factory=dict)
    counters: dict[str, Counter] = field(default_factory=dict)
    instants: dict[str, Instants] = field(default_factory=dict)

    def slice_track(self, track: str, *, thread: bool = True) -> Slices:
        if track not in self.slices:
            self.slices[track] = Slices(track, thread)
        return self.slices[track]

    def counter(self, track: str, unit: str) -> Counter:
        if track not in self.counters:
            self.counters[track] = Counter(track, unit)
        return self.counters[track]

    def marks(self, track: str) -> Instants:
        if track not in self.instants:
            self.instants[track] = Instants(track)
        return self.instants[track]
