"""The device's identity is completed from the catalog, CPU cores included."""

from __future__ import annotations

import profiler
from profiler.analysis.headline import device_info
from tests.conftest import ROOT


def test_the_sample_devices_cpu_cores_come_from_the_catalog() -> None:
    loaded = profiler.load(ROOT / "traces" / "sample-sd15-iphone13promax")
    device = device_info(loaded)
    assert (device.product_type, device.chip, device.cpu_cores) == ("iPhone14,3", "A15 Bionic", 6)
