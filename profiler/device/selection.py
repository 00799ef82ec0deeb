"""``--device``: a hardware UDID, a CoreDevice identifier, an exact name, or an alias.

An alias is a normalised family (``iphone13`` = iPhone 13, 13 mini, 13 Pro, 13 Pro Max;
``ipadprom2`` = the M2 iPad Pros), or a user alias from ``profiler.toml``::

    [aliases]
    lab-phone = "00008110-001A2B3C4D5E801E"   # any --device value: UDID, name or family

``profiler.toml`` is read from the working directory, then ``~/.config/profiler/profiler.toml``;
the working directory wins when both define an alias.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from profiler import hardware as catalog
from profiler.device.devicectl import Device
from profiler.errors import DeviceError, InputError

CONNECT_HINT = (
    "connect the iPhone or iPad by cable, unlock it and tap Trust; "
    "`profiler devices` lists what devicectl sees"
)


def config_paths() -> tuple[Path, ...]:
    """Where user aliases are looked for, lowest priority first."""
    return (Path.home() / ".config" / "profiler" / "profiler.toml", Path.cwd() / "profiler.toml")


def user_aliases(paths: Sequence[Path] | None = None) -> dict[str, str]:
    """``[aliases]`` from every existing profiler.toml; later paths override earlier ones."""
    out: dict[str, str] = {}
    for path in config_paths() if paths is None else paths:
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"cannot read aliases: {exc}", path=path,
                             hint="fix the TOML syntax, e.g. [aliases] name = \"UDID\"") from exc
        table = data.get("aliases", {})
        if not isinstance(table, dict):
            raise InputError("[aliases] must be a table of name = \"device\"", path=path,
                             hint="write it as [aliases] then lines such as lab = \"UDID\"")
        out.update({catalog.normalise(k): str(v) for k, v in table.items()})
    return out


def _family_match(device: Device, key: str) -> bool:
    family = catalog.family(key)
    if device.product_type and any(s.product_type == device.product_type for s in family):
        return True
    # Devices newer than the catalog: match the marketing name devicectl reports.
    name = catalog.normalise(device.marketing_name or "")
    return bool(name) and (name == key or (name.startswith(key) and not name[len(key)].isdigit()))


def matches(device: Device, query: str) -> bool:
    """Whether ``query`` names this device (identifier, UDID, exact name, or family alias)."""
    q = query.strip()
    if q.lower() in {device.identifier.lower(), (device.udid or "").lower()}:
        return True
    if q.casefold() == device.name.casefold():
        return True
    key = catalog.normalise(q)
    return bool(key) and _family_match(device, key)


def _listing(devices: Sequence[Device]) -> str:
    return "; ".join(d.label() for d in devices)


def select(devices: Sequence[Device], query: str,
           aliases: Mapping[str, str] | None = None) -> Device:
    """The one connected device ``query`` names, or a DeviceError that says what was found."""
    aliases = user_aliases() if aliases is None else aliases
    resolved = aliases.get(catalog.normalise(query), query)
    shown = query if resolved == query else f"{query} (= {resolved})"
    if not devices:
        raise DeviceError("no device found: devicectl lists no iPhone or iPad", hint=CONNECT_HINT)
    found = [d for d in devices if matches(d, resolved)]
    connected = [d for d in found if d.connected]
    if len(connected) == 1:
        return connected[0]
    if len(connected) > 1:
        raise DeviceError(
            f"--device {shown} matches {len(connected)} connected devices: {_listing(connected)}",
            hint="pass the UDID or the exact name of one of them",
        )
    if found:
        raise DeviceError(f"--device {shown} matches {_listing(found)}, but it is not connected",
                          hint=CONNECT_HINT)
    raise DeviceError(f"no device matches --device {shown}; found: {_listing(devices)}",
                      hint="pass a UDID, a CoreDevice identifier, an exact name or an alias "
                      "such as iphone13")


def check_ready(device: Device) -> None:
    """Pairing and Developer Mode, from the list row (lock state needs its own call)."""
    if device.pairing_state not in (None, "paired"):
        raise DeviceError(
            f"{device.label()} is not paired with this Mac (pairingState: {device.pairing_state})",
            hint="unlock the device, connect it by cable, tap Trust, and wait until Xcode > "
            "Window > Devices and Simulators shows it as connected",
        )
    if device.developer_mode not in (None, "enabled"):
        raise DeviceError(
            f"{device.label()} has Developer Mode off (developerModeStatus: "
            f"{device.developer_mode})",
            hint="on the device: Settings > Privacy & Security > Developer Mode, turn it on, "
            "restart, and confirm after the restart",
        )


def locked_error(device: Device) -> DeviceError:
    return DeviceError(
        f"{device.label()} is locked (devicectl lockState: passcodeRequired)",
        hint="unlock the device and keep it awake (Settings > Display & Brightness > Auto-Lock: "
        "Never) for the whole run; iOS suspends the app when the screen locks",
    )
