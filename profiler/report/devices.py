"""``profiler devices`` output: device records as text and as the ``coreml-profiler.devices``
v1 JSON document."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from profiler.device.devicectl import Device
from profiler.report.base import register_text
from profiler.units import ByteStyle, format_bytes

DEVICES_FORMAT = "coreml-profiler.devices"
DEVICES_VERSION = 1


@dataclass(frozen=True)
class DevicesDocument:
    devices: tuple[Device, ...]






def _text(document: DevicesDocument) -> str:
    return "\n".join(device_lines(document.devices)) + "\n"


def _json(document: DevicesDocument) -> str:
    doc = {"format": DEVICES_FORMAT, "version": DEVICES_VERSION,
           "devices": [d.as_json() for d in document.devices]}
    return json.dumps(doc, indent=1, sort_keys=True) + "\n"


def _hardware(device: Device) -> str:
    spec = device.spec
    if spec is None:
        return "not in the device catalog"
    parts = [spec.chip or "chip unknown",
             f"{format_bytes(spec.ram_bytes, ByteStyle.WHOLE)} RAM" if spec.ram_bytes
             else "RAM unknown"]
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
    return lines  # device names are typed by their owners: the CLI's terminal filter cleans them


register_text("devices", "text", ".txt", _text)
register_text("devices", "json", ".json", _json)
