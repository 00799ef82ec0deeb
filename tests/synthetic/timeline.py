"""The events of one recording (launches, loads, unloads, predictions, steps), from a scenario.

Everything here is deterministic: each recording draws from its own seeded streams, so one
table can be written alone (the fake ``xctrace export``) and match the whole-run output.
Times are int ns from the recording start. A recording holds one or more launches of the app
(:class:`Launch`), each generating one or more images (:class:`Generation`).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from functools import lru_cache

from tests.synthetic.events import (  # noqa: F401  (re-exported)
    Generation,
    Interval,
    Launch,
    LoadEvent,
    Prediction,
    Timeline,
    UnloadEvent,
)
from tests.synthetic.scenario import LaunchSpec, ModelSpec, Scenario

S = 1_000_000_000
LOAD_GAP_S = 0.038  # between two loads (and after an unload)
UNLOAD_S = 0.045  # an unload's duration (no real unload event is known)


def ns(seconds: float) -> int:
    return int(round(seconds * S))


def rng(scenario: Scenario, number: int, stream: str) -> random.Random:
    """An independent, reproducible random stream (str seeds are hashed with SHA-512)."""
    return random.Random(f"{scenario.seed}:{number}:{stream}")


def _by_role(scenario: Scenario, role: str) -> ModelSpec | None:
    return next((m for m in scenario.models if m.role == role), None)


def launch_pid(scenario: Scenario, spec: LaunchSpec, index: int) -> int:
    """A launch's pid: its own, else the app's pid for the first and +68 per relaunch."""
    return spec.pid if spec.pid is not None else scenario.app_pid + 68 * index


def start_date(scenario: Scenario, number: int) -> datetime:
    """Wall-clock start of recording ``number``: recordings follow each other."""
    date = datetime.fromisoformat(scenario.start_date)
    for earlier in range(1, number):
        date += timedelta(seconds=build(scenario, earlier).end / S + scenario.between_recordings_s)
    return date


class _Builder:
    """Lays out one recording's launches; ``t`` is the cursor in ns."""

    def __init__(self, scenario: Scenario, number: int) -> None:
        self.sc = scenario
        self.spec = scenario.recording(number)
        self.r = rng(scenario, number, "timeline")
        self.t = 0
        self.loads: list[LoadEvent] = []
        self.unloads: list[UnloadEvent] = []
        self.predictions: list[Prediction] = []

    def noisy(self, value: float, rel: float) -> float:
        return value * max(0.05, 1.0 + rel * self.r.gauss(0.0, 1.0)) if rel else value

    def load(self, model: ModelSpec, launch: int, ls: LaunchSpec, jit: bool = False) -> None:
        # An .mlpackage is compiled on every load; a JIT reload follows the prewarm's compile.
        cached = (ls.cached or jit) and model.package != "mlpackage"
        base = dict(ls.load_s).get(model.name)
        if base is None:
            base = (model.cached_load_s if cached else model.uncached_load_s) * ls.load_multiplier
        duration = ns(self.noisy(base * self.spec.load_multiplier, self.spec.noise))
        self.loads.append(LoadEvent(model, Interval(self.t, self.t + duration),
                                    "cached" if cached else "uncached", launch,
                                    dict(ls.load_text).get(model.name), jit))
        self.t += duration + ns(LOAD_GAP_S)

    def unload(self, model: ModelSpec, launch: int) -> None:
        self.unloads.append(UnloadEvent(model, Interval(self.t, self.t + ns(UNLOAD_S)), launch))
        self.t += ns(UNLOAD_S) + ns(LOAD_GAP_S)

    def predict(self, role: str, fallback_s: float, mult: float, where: tuple[int, int]) -> Interval:
        model = _by_role(self.sc, role)
        seconds = model.prediction_s if model and model.prediction_s else fallback_s
        t = self.t
        outer = Interval(t, t + ns(self.noisy(seconds * mult, self.spec.noise)) + ns(0.003))
        if model is not None:
            self.predictions.append(Prediction(model, Interval(outer.start + ns(0.001),
                                                               outer.end - ns(0.002)), None, 0,
                                               *where))
        self.t = outer.end + ns(0.004)
        return outer

    def step_predictions(self, inner: Interval, step: int, where: tuple[int, int]) -> None:
        """The UNet predictions of one step, cycling through the chunks (see CfgMode)."""
        from tests.synthetic.chunks import step_order

        order = step_order(self.sc.unets(), self.sc.cfg_mode())
        gap = ns(0.0003)
        piece = (inner.duration - gap * (len(order) - 1)) // len(order)
        for k, (model, half) in enumerate(order):
            start = inner.start + k * (piece + gap) if k < len(order) - 1 else inner.end - piece
            self.predictions.append(Prediction(model, Interval(start, start + piece), step, half,
                                               *where))

    def swap(self, out, into, launch: int, ls: LaunchSpec) -> None:
        """reduceMemory: unload the models just used, load the ones needed next."""
        for m in out:
            self.unload(m, launch)
        for m in into:
            self.load(m, launch, ls, jit=True)

    def role_models(self, role: str) -> tuple[ModelSpec, ...]:
        return tuple(m for m in self.sc.models if m.role == role)

    def generation(self, launch: int, number: int, ls: LaunchSpec) -> tuple[Generation, int | None]:
        sc, prof = self.sc, self.sc.steps
        mult = self.spec.step_multiplier * ls.step_multiplier
        where = (launch, number)
        jit = ls.reduce_memory
        generate_start = self.t
        text_encoders, unets, decoders = (self.role_models("text_encoder"), sc.unets(),
                                          self.role_models("vae_decoder"))
        if jit:
            self.swap((), text_encoders, launch, ls)
        text_encode = self.predict("text_encoder", 0.02, mult, where)
        if jit:
            self.swap(text_encoders, unets, launch, ls)
        steps: list[Interval] = []
        killed_at = None
        kill_after = ls.killed_after_steps if number == 1 else None
        for i in range(prof.count):
            seconds = prof.mean_s * mult * max(0.2, 1 + prof.jitter * self.r.gauss(0, 1))
            seconds = self.noisy(seconds, self.spec.noise)
            if i == 0:
                seconds += prof.first_extra_s * mult
            step = Interval(self.t, self.t + ns(seconds))
            if kill_after is not None and i == kill_after:
                killed_at = step.start + int(step.duration * 0.6)  # inside the step's prediction
                break
            steps.append(step)
            inner = Interval(step.start + ns(prof.overhead_s / 2), step.end - ns(prof.overhead_s / 2))
            if sc.unets():
                self.step_predictions(inner, i, where)
            self.t = step.end + ns(prof.gap_s)
        if killed_at is not None:
            self.t = killed_at
            gen = Generation(launch, number, Interval(generate_start, killed_at), text_encode,
                             tuple(steps), None, None, prof.count)
            return gen, killed_at
        self.t += ns(0.002)
        if jit:
            self.swap(unets, decoders, launch, ls)
        decode = self.predict("vae_decoder", 0.8, mult, where)
        if jit:
            self.swap(decoders, (), launch, ls)
        safety = (self.predict("safety_checker", sc.safety_check_s, mult, where)
                  if sc.safety_check_s else None)
        generate = Interval(generate_start, self.t + ns(0.006))
        self.t = generate.end
        return Generation(launch, number, generate, text_encode, tuple(steps), decode, safety,
                          prof.count), None

    def launch(self, index: int, ls: LaunchSpec) -> Launch:
        sc = self.sc
        number = index + 1
        begin = self.t + (ns(ls.relaunch_after_s) if index else 0)
        self.t = begin + ns(sc.lead_in_s)
        first_load = len(self.loads)
        for model in sc.models:
            self.load(model, number, ls)
            if ls.reduce_memory:  # prewarm: load then unload, one model at a time
                self.unload(model, number)
        self.t += ns(sc.prompt_s)
        gens: list[Generation] = []
        killed_at = None
        for g in range(ls.generations):
            if g:
                self.t += ns(ls.idle_between_s)
            gen, killed_at = self.generation(number, g + 1, ls)
            gens.append(gen)
            if killed_at is not None:
                break
        exit_at = killed_at if killed_at is not None else self.t + ns(sc.tail_s)
        self.t = exit_at
        pid = launch_pid(sc, ls, index)
        return Launch(number, pid, Interval(begin, exit_at), ls,
                      tuple(self.loads[first_load:]),
                      tuple(u for u in self.unloads if u.launch == number), tuple(gens), killed_at)


@lru_cache(maxsize=32)
def build(scenario: Scenario, number: int) -> Timeline:
    """The events of recording ``number`` (1-based); cached per (scenario, number)."""
    b = _Builder(scenario, number)
    launches = tuple(b.launch(i, ls) for i, ls in enumerate(b.spec.launch_specs()))
    end = b.t + (ns(0.5) if launches[-1].killed_at is not None else 0)
    date = datetime.fromisoformat(scenario.start_date)
    if number > 1:
        date = start_date(scenario, number)
    first = launches[0].generations[0]
    steps = tuple(s for launch in launches for g in launch.generations for s in g.steps)
    return Timeline(number, b.spec, end, date, tuple(b.loads), first.generate, first.text_encode,
                    steps, first.decode, first.safety, tuple(b.predictions), launches,
                    tuple(b.unloads))
