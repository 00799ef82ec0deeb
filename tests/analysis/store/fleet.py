"""A small SYNTHETIC fleet for the store tests: runs on three device/OS pairs over several days
and commits, written by the generator (tests/synthetic), with their ground truth.

No device was involved. Every run has three launches (one uncached, two cached) so the compare
gate can test changes; the ``slow`` run's steps are 25 % slower than its device's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tests.synthetic import DeviceSpec, GroundTruth, RecordingSpec, sample_scenario, write_run

IPHONE_13_PRO_MAX = DeviceSpec()  # iPhone14,3, iOS 17.0 (21A329)
IPHONE_13_PRO_MAX_17_2 = replace(DeviceSpec(), os_version="17.2 (21C62)")
IPHONE_14_PRO = replace(DeviceSpec(), name="SYNTHETIC iPhone 14 Pro", model="iPhone 14 Pro",
                        product_type="iPhone15,2", chip="A16 Bionic", os_version="17.1 (21B80)")
#: device, its mean step (s): the devices differ, so medians per device differ
DEVICES = ((IPHONE_13_PRO_MAX, 0.75), (IPHONE_13_PRO_MAX_17_2, 0.74), (IPHONE_14_PRO, 0.62))
LAUNCHES = (RecordingSpec(cached=False, noise=0.02),) + (RecordingSpec(cached=True, noise=0.02),) * 2


@dataclass(frozen=True)
class FleetRun:
    path: Path
    truth: GroundTruth
    device: DeviceSpec
    commit: str
    day: int
    slow: bool = False

    @property
    def os_build(self) -> str:
        return self.device.os_version.split("(")[1].rstrip(")")


def write_fleet(root: Path, *, days: int = 3, slow_last: bool = False,
                devices: tuple[tuple[DeviceSpec, float], ...] = DEVICES) -> list[FleetRun]:
    """``days`` runs per device (one a day, commit c<day>); with ``slow_last`` the last run of
    the last device is 25 % slower."""
    base = sample_scenario()
    out = []
    for d, (device, mean_s) in enumerate(devices):
        for day in range(1, days + 1):
            slow = slow_last and d == len(devices) - 1 and day == days
            name = f"{device.product_type.replace(',', '-')}-{device.os_version.split()[0]}-d{day}"
            scenario = replace(
                base, name=name, seed=1000 * d + day, device=device, recordings=LAUNCHES,
                start_date=f"2024-03-{day:02d}T09:{d:02d}:00.000+01:00",
                steps=replace(base.steps, count=10, mean_s=mean_s * (1.25 if slow else 1.0)))
            truth = write_run(scenario, root / name)
            out.append(FleetRun(root / name, truth, device, f"c{day}", day, slow))
    return out
