"""The events of one recording (loads, predictions, steps, stages), derived from a scenario.

Everything here is deterministic: each recording draws from its own seeded streams, so one
table can be written alone (the fake ``xctrace export``) and match the whole-run output.
Times are int ns from the recording start.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from tests.synthetic.scenario import ModelSpec, RecordingSpec, Scenario

S = 1_000_000_000


def ns(seconds: float) -> int:
    return int(round(seconds * S))


def rng(scenario: Scenario, number: int, stream: str) -> random.Random:
    """An independent, reproducible random stream (str seeds are hashed with SHA-512)."""
    return random.Random(f"{scenario.seed}:{number}:{stream}")


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


@dataclass(frozen=True)
class Prediction:
    model: ModelSpec
    span: Interval
    step: int | None  # 0-based UNet step, None for other models
    half: int  # 0, or 1 for the second classifier-free-guidance half


@dataclass(frozen=True)
class Timeline:
    number: int  # 1-based recording number (run-K)
    spec: RecordingSpec
    end: int  # recording duration in ns
    start_date: datetime
    loads: tuple[LoadEvent, ...]
    generate: Interval
    text_encode: Interval
    steps: tuple[Interval, ...]
    decode: Interval
    safety: Interval | None
    predictions: tuple[Prediction, ...]

    @property
    def load_span(self) -> Interval:
        return Interval(self.loads[0].span.start, self.loads[-1].span.end)

    @property
    def denoise(self) -> Interval:
        """The denoising loop: first step start to last step end."""
        return Interval(self.steps[0].start, self.steps[-1].end)

    @property
    def name(self) -> str:
        return f"run-{self.number}"


def _by_role(scenario: Scenario, role: str) -> ModelSpec | None:
    return next((m for m in scenario.models if m.role == role), None)


def start_date(scenario: Scenario, number: int) -> datetime:
    """Wall-clock start of recording ``number``: recordings follow each other."""
    date = datetime.fromisoformat(scenario.start_date)
    for earlier in range(1, number):
        date += timedelta(seconds=build(scenario, earlier).end / S + scenario.between_recordings_s)
    return date


@lru_cache(maxsize=32)
def build(scenario: Scenario, number: int) -> Timeline:
    """The events of recording ``number`` (1-based); cached per (scenario, number)."""
    spec = scenario.recording(number)
    r = rng(scenario, number, "timeline")

    def noisy(value: float, rel: float) -> float:
        return value * max(0.05, 1.0 + rel * r.gauss(0.0, 1.0)) if rel else value

    t = ns(scenario.lead_in_s)
    loads: list[LoadEvent] = []
    kind = "cached" if spec.cached else "uncached"
    for model in scenario.models:
        base = model.cached_load_s if spec.cached else model.uncached_load_s
        duration = ns(noisy(base * spec.load_multiplier, spec.noise))
        loads.append(LoadEvent(model, Interval(t, t + duration), kind))
        t += duration + ns(0.038)

    t += ns(scenario.prompt_s)
    generate_start = t
    predictions: list[Prediction] = []

    def predict(role: str, fallback_s: float) -> Interval:
        nonlocal t
        model = _by_role(scenario, role)
        seconds = model.prediction_s if model and model.prediction_s else fallback_s
        outer = Interval(t, t + ns(noisy(seconds * spec.step_multiplier, spec.noise)) + ns(0.003))
        if model is not None:
            predictions.append(Prediction(model, Interval(outer.start + ns(0.001),
                                                          outer.end - ns(0.002)), None, 0))
        t = outer.end + ns(0.004)
        return outer

    text_encode = predict("text_encoder", 0.02)
    unet = _by_role(scenario, "unet")
    prof = scenario.steps
    steps: list[Interval] = []
    half_gap = ns(0.0003)
    for i in range(prof.count):
        seconds = prof.mean_s * spec.step_multiplier * max(0.2, 1 + prof.jitter * r.gauss(0, 1))
        seconds = noisy(seconds, spec.noise)
        if i == 0:
            seconds += prof.first_extra_s * spec.step_multiplier
        step = Interval(t, t + ns(seconds))
        steps.append(step)
        inner = Interval(step.start + ns(prof.overhead_s / 2), step.end - ns(prof.overhead_s / 2))
        if unet is not None:
            if prof.cfg_split:
                half = (inner.duration - half_gap) // 2
                predictions.append(Prediction(unet, Interval(inner.start, inner.start + half), i, 0))
                predictions.append(Prediction(unet, Interval(inner.end - half, inner.end), i, 1))
            else:
                predictions.append(Prediction(unet, inner, i, 0))
        t = step.end + ns(prof.gap_s)
    t += ns(0.002)
    decode = predict("vae_decoder", 0.8)
    safety = predict("safety_checker", scenario.safety_check_s) if scenario.safety_check_s else None
    generate = Interval(generate_start, t + ns(0.006))
    end = generate.end + ns(scenario.tail_s)
    date = datetime.fromisoformat(scenario.start_date)
    if number > 1:
        date = start_date(scenario, number)
    return Timeline(number, spec, end, date, tuple(loads), generate, text_encode, tuple(steps),
                    decode, safety, tuple(predictions))
