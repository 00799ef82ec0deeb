"""Published reference figures (``baselines.json``: Apple's ml-stable-diffusion README tables)
and the lookup that puts one beside the measured headline.

An entry is compared only when the device matches and every setting the source states (pipeline,
resolution, bits, attention, compute units, steps, OS major version, reduceMemory) is recorded
for the run and equal; otherwise the result names the settings that differ and those the run
does not record, and no ratio is given. A setting the source leaves unstated (null) is not
compared.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from profiler.analysis.summary import Summary

#: (setting, label in reports), in the order reports list differences
SETTINGS = (("pipeline", "pipeline"), ("resolution", "resolution"), ("bits", "bits"),
            ("attention", "attention"), ("compute_units", "compute units"), ("steps", "steps"),
            ("os_major", "OS version"), ("reduce_memory", "reduceMemory"))
#: how close the UNet's effective bits must be to a mixed-bit recipe's published figure
BITS_TOLERANCE = 0.25


@dataclass(frozen=True)
class Baseline:
    """One published figure with the settings it was measured with (null: not stated)."""

    device: str
    model: str
    source: str
    product_types: tuple[str, ...] = ()
    chips: tuple[str, ...] = ()
    pipeline: str | None = None
    resolution: str | None = None
    palettized_bits: int | None = None  # one palette width (e.g. 6-bit)
    effective_bits: float | None = None  # a mixed-bit recipe (e.g. 4.04)
    fp16: bool = False
    attention: str | None = None
    compute_units: str | None = None
    steps: int | None = None
    os_major: int | None = None
    reduce_memory: bool | None = None
    end_to_end_s: float | None = None
    steps_per_s: float | None = None

    @property
    def bits_label(self) -> str | None:
        if self.palettized_bits is not None:
            return f"{self.palettized_bits}-bit"
        if self.effective_bits is not None:
            return f"{self.effective_bits:g}-bit mixed"
        return "fp16" if self.fp16 else None

    @property
    def label(self) -> str:
        """``iPhone 13 Pro Max, SD 2.1 base, 6-bit, SPLIT_EINSUM_V2, iOS 17``."""
        parts = [self.device, self.model, self.bits_label, self.attention,
                 f"iOS {self.os_major}" if self.os_major is not None else None]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Difference:
    setting: str  # the label of SETTINGS
    run: str | None  # None: the run does not record it
    published: str


@dataclass(frozen=True)
class BaselineMatch:
    """The published entry for the run's device and how the run's settings compare with it."""

    baseline: Baseline
    differences: tuple[Difference, ...]
    steps_per_s: float | None  # measured
    end_to_end_s: float | None  # measured: the median over images

    @property
    def comparable(self) -> bool:
        return not self.differences

    @property
    def steps_ratio(self) -> float | None:
        """measured ÷ published it/s, only when the settings match."""
        return _ratio(self.steps_per_s, self.baseline.steps_per_s) if self.comparable else None

    @property
    def end_to_end_ratio(self) -> float | None:
        return _ratio(self.end_to_end_s, self.baseline.end_to_end_s) if self.comparable else None


def _ratio(measured: float | None, published: float | None) -> float | None:
    return measured / published if measured is not None and published else None


@cache
def baselines() -> tuple[Baseline, ...]:
    text = resources.files("profiler.analysis").joinpath("baselines.json").read_text("utf-8")
    out = []
    for raw in json.loads(text)["baselines"]:
        raw = {**raw, "product_types": tuple(raw.get("product_types") or ()),
               "chips": tuple(raw.get("chips") or ())}
        out.append(Baseline(**raw))
    return tuple(out)


def lookup(summary: Summary, entries: tuple[Baseline, ...] | None = None) -> BaselineMatch | None:
    """The closest published entry for the run's device (fewest differences), or None."""
    d = summary.device
    mine = [b for b in (entries if entries is not None else baselines())
            if (d.product_type and d.product_type in b.product_types)
            or (d.chip and d.chip in b.chips)]
    if not mine:
        return None
    run = _run_settings(summary)
    scored = [(b, _differences(b, run)) for b in mine]
    # fewest settings that differ, then fewest the run does not record; the first wins a tie
    best, diffs = min(scored, key=lambda pair: (sum(d.run is not None for d in pair[1]),
                                                len(pair[1])))
    e2e = [g.end_to_end_s for r in summary.recordings for la in r.launches
           for g in la.generations if g.end_to_end_s is not None]
    return BaselineMatch(best, diffs, summary.headline.steps_per_s,
                         statistics.median(e2e) if e2e else None)


def _run_settings(summary: Summary) -> dict[str, Any]:
    env = summary.environment
    major = None
    if summary.device.os_version:
        head = summary.device.os_version.split(".")[0].split()[0]
        major = int(head) if head.isdigit() else None
    return {"pipeline": env.pipeline, "resolution": env.resolution, "attention": env.attention,
            "compute_units": env.compute_units, "steps": env.steps, "os_major": major,
            "reduce_memory": env.reduce_memory, "bits": (env.bits, env.palettized_bits)}


def _bits_match(b: Baseline, bits: float | None, palettes: tuple[float, ...]) -> bool:
    if b.palettized_bits is not None:
        return tuple(palettes) == (b.palettized_bits,)
    if b.effective_bits is not None:
        return bool(palettes) and bits is not None and abs(bits - b.effective_bits) <= BITS_TOLERANCE
    return not palettes  # fp16: nothing palettized


def _differences(b: Baseline, run: dict[str, Any]) -> tuple[Difference, ...]:
    out = []
    for key, label in SETTINGS:
        if key == "bits":
            wanted = b.bits_label
            bits, palettes = run["bits"]
            if wanted is None:
                continue
            if bits is None:
                out.append(Difference(label, None, wanted))
            elif not _bits_match(b, bits, palettes):
                pal = "/".join(f"{p:g}" for p in palettes)
                shown = f"{bits:g} effective" + (f", {pal}-bit palettes" if pal else ", fp16")
                out.append(Difference(label, shown, wanted))
            continue
        published = getattr(b, key)
        if published is None:
            continue  # the source does not state it
        mine = run[key]
        if mine is None:
            out.append(Difference(label, None, _shown(published)))
        elif str(mine).lower() != str(published).lower():
            out.append(Difference(label, _shown(mine), _shown(published)))
    return tuple(out)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)
