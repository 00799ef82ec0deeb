"""The values of a recording's timeline (times are int ns from the recording start)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tests.synthetic.scenario import LaunchSpec, ModelSpec, RecordingSpec


@dataclass(frozen=True)
class Interval:
    start: int
    end: int

    @property
    def duration(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class LoadEvent:
    model: ModelSpec
    span: Interval
    simulated_kind: str  # "uncached" | "cached": what the scenario simulated
    launch: int = 1
    text: str | None = None  # the event text when the launch overrides it
    jit: bool = False  # a reduceMemory load just before use, inside a generation


@dataclass(frozen=True)
class UnloadEvent:
    model: ModelSpec
    span: Interval
    launch: int = 1


@dataclass(frozen=True)
class Prediction:
    model: ModelSpec
    span: Interval
    step: int | None  # 0-based UNet step, None for other models
    half: int  # 0, or 1 for the second classifier-free-guidance half
    launch: int = 1
    generation: int = 1


@dataclass(frozen=True)
class Generation:
    """One image: `generate` from text encoding to decoding (cut short when jetsam kills)."""

    launch: int
    number: int  # 1-based within the launch
    generate: Interval
    text_encode: Interval
    steps: tuple[Interval, ...]
    decode: Interval | None  # None: killed before decoding
    safety: Interval | None
    planned_steps: int

    @property
    def denoise(self) -> Interval:
        return Interval(self.steps[0].start, self.steps[-1].end)


@dataclass(frozen=True)
class Launch:
    number: int  # 1-based within the recording
    pid: int
    span: Interval  # process start to exit
    spec: LaunchSpec
    loads: tuple[LoadEvent, ...]
    unloads: tuple[UnloadEvent, ...]
    generations: tuple[Generation, ...]
    killed_at: int | None  # jetsam kill time

    @property
    def load_span(self) -> Interval:
        """The loads done before the first image (prewarm with reduceMemory)."""
        first = [ld for ld in self.loads if not ld.jit] or list(self.loads)
        return Interval(first[0].span.start, first[-1].span.end)


@dataclass(frozen=True)
class Timeline:
    number: int  # 1-based recording number (run-K)
    spec: RecordingSpec
    end: int  # recording duration in ns
    start_date: datetime
    loads: tuple[LoadEvent, ...]  # every launch's, in time order
    generate: Interval  # the first image's (the fields below too, except steps/predictions)
    text_encode: Interval
    steps: tuple[Interval, ...]  # every image's steps, in time order
    decode: Interval | None
    safety: Interval | None
    predictions: tuple[Prediction, ...]  # every launch's
    launches: tuple[Launch, ...] = ()
    unloads: tuple[UnloadEvent, ...] = ()

    @property
    def load_span(self) -> Interval:
        return self.launches[0].load_span

    @property
    def denoise(self) -> Interval:
        """The first image's denoising loop: first step start to last step end."""
        return self.launches[0].generations[0].denoise

    @property
    def generations(self) -> tuple[Generation, ...]:
        return tuple(g for launch in self.launches for g in launch.generations)

    @property
    def name(self) -> str:
        return f"run-{self.number}"
