"""Plain-text views of device records (data in, lines out; the CLI prints them)."""

from __future__ import annotations

from collections.abc import Sequence

from profiler.device.devicectl import Device
from profiler.hardware import GIB
from profiler.text import terminal_safe


def _hardware(device: Device) -> str:
    spec = device.spec
    if spec is None:
        return "not in the device catalog"
    parts = [spec.chip or "chip unknown",
             f"{spec.ram_bytes / GIB:g} GiB RAM" if spec.ram_bytes else "RAM unknown"]
    if spec.ane_cores:
        tops = f" ({spec.ane_tops:g} TOPS)" if spec.ane_tops else ""
        parts.append(f"{spec.ane_cores}-core Neural Engine{tops}")
    return ", ".join(parts)


def device_lines(devices: Sequence[Device]) -> list[str]:
    """One block per device: the name, then indented ``key  value`` lines."""
    lines: list[str] = []
    for d in devices:
        build = f" ({d.os_build})" if d.os_build else ""
        rows = [
            ("model", f"{d.marketing_name or '?'} ({d.product_type or '?'})"),
            ("OS", f"{d.os_version or '?'}{build}"),
            ("UDID", d.udid or "?"),
            ("identifier", d.identifier),
            ("connection", f"{d.connection}, {d.pairing_state or 'pairing unknown'}, "
                           f"Developer Mode {d.developer_mode or 'unknown'}"),
            ("hardware", _hardware(d)),
        ]
        if lines:
            lines.append("")
        lines.append(d.name)
        lines += [f"  {key:<11} {value}" for key, value in rows]
    return [terminal_safe(line) for line in lines]  # device names are typed by their owners
