"""Device catalog: product type -> marketing name, chip, CPU cores, RAM, Neural Engine, jetsam
budget.

The data lives in ``hardware.json`` beside this module (sources are named inside it) so that it
can be extended without code changes. A base module: the analysis, the model inspection and the
device layer all need it, and none of them may import another for it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from profiler.units import whole_gib


@dataclass(frozen=True)
class DeviceSpec:
    product_type: str
    marketing_name: str
    chip: str | None
    ram_bytes: int | None
    ane_cores: int | None
    ane_tops: float | None
    cpu_cores: int | None = None
    #: a budget a source reports for this very device (its RAM class may have none)
    reported_jetsam_bytes: int | None = None
    reported_jetsam_source: str | None = None

    @property
    def jetsam_budget_bytes(self) -> int | None:
        """Documented per-process limit (no entitlement): this device's reported figure, else its
        RAM class's, or None when no source documents one."""
        return self.reported_jetsam_bytes or jetsam_budget_bytes(self.ram_bytes)

    @property
    def cpu_source(self) -> str | None:
        """Where the CPU core count comes from."""
        row = _data()["cpu_sources"].get(self.chip or "")
        return row["source"] if isinstance(row, dict) else None


@cache
def _data() -> dict:
    text = resources.files("profiler").joinpath("hardware.json").read_text("utf-8")
    return json.loads(text)


@cache
def all_devices() -> tuple[DeviceSpec, ...]:
    """Every catalogued device, in catalog order."""
    return tuple(DeviceSpec(**row) for row in _data()["devices"])


def by_product_type(product_type: str | None) -> DeviceSpec | None:
    """Exact product-type lookup, e.g. ``iPhone14,3``."""
    if not product_type:
        return None
    for spec in all_devices():
        if spec.product_type == product_type:
            return spec
    return None


def normalise(name: str) -> str:
    """``"iPhone 13 Pro Max"`` -> ``"iphone13promax"``: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def by_name(name: str | None) -> DeviceSpec | None:
    """Lookup by marketing name (or TOC model string), ignoring case, spaces and punctuation."""
    if not name:
        return None
    key = normalise(name)
    for spec in all_devices():
        if normalise(spec.marketing_name) == key:
            return spec
    return by_product_type(name)


def family(alias: str) -> tuple[DeviceSpec, ...]:
    """Devices whose normalised marketing name starts with the normalised alias.

    ``iphone13`` matches iPhone 13, 13 mini, 13 Pro and 13 Pro Max, but not iPhone 130.
    """
    key = normalise(alias)
    out = []
    for spec in all_devices():
        name = normalise(spec.marketing_name)
        if name == key or (name.startswith(key) and not name[len(key)].isdigit()):
            out.append(spec)
        elif _chip_family(key, name, spec.chip):
            out.append(spec)
    return tuple(out)


def _chip_family(key: str, name: str, chip: str | None) -> bool:
    """``ipadprom2`` = a name prefix (``ipadpro``) followed by the chip (``m2``).

    iPad marketing names carry sizes and generations, not chips, so the family is named by chip.
    """
    chip_key = normalise(chip or "")
    if not chip_key or not key.endswith(chip_key):
        return False
    prefix = key[: -len(chip_key)]
    return bool(prefix) and name.startswith(prefix) and len(prefix) >= 4


def jetsam_budget_bytes(ram_bytes: int | None) -> int | None:
    """Documented jetsam budget for a RAM size, or None when the RAM class has no documented figure."""
    if not ram_bytes:
        return None
    budgets = _data()["jetsam_budgets"]
    value = budgets.get(str(whole_gib(ram_bytes)))
    return int(value) if value is not None else None
