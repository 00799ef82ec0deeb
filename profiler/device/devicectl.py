"""``xcrun devicectl``: list devices, lock state, installed apps, install/uninstall, crash logs.

Only the ``--json-output`` file is read, never stdout (Apple documents the JSON file as the only
interface for scripts). Envelopes are read tolerantly: ``jsonVersion`` may be absent (Xcode 15
betas), 2, 3, 4 or 5, and newer versions are accepted.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from profiler import hardware as catalog
from profiler.device.xcrun import Xcrun, display
from profiler.errors import DeviceError, ProfilerError

TIMEOUT_S = 60.0
INSTALL_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class Device:
    """One row of ``devicectl list devices`` (``result.devices[]``); missing fields are None."""

    identifier: str  # CoreDevice UUID, what devicectl --device takes
    udid: str | None  # hardware UDID, what xctrace --device takes
    name: str
    marketing_name: str | None
    product_type: str | None
    os_version: str | None
    os_build: str | None
    pairing_state: str | None
    tunnel_state: str | None
    transport_type: str | None
    developer_mode: str | None
    ddi_services_available: bool | None
    reality: str | None

    @property
    def spec(self) -> catalog.DeviceSpec | None:
        return catalog.by_product_type(self.product_type) or catalog.by_name(self.marketing_name)

    @property
    def physical(self) -> bool:
        # Old toolchains omit `reality`; only an explicit non-physical value excludes a row.
        return self.reality in (None, "physical") and self.transport_type != "sameMachine"

    @property
    def connected(self) -> bool:
        # tunnelState is devicectl's own session, not reachability; a transport means reachable.
        return self.transport_type is not None

    @property
    def connection(self) -> str:
        return self.transport_type or "unavailable"

    def label(self) -> str:
        model = self.marketing_name or self.product_type or "unknown model"
        return f"{self.name} ({model}, iOS {self.os_version or '?'}, UDID {self.udid or '?'})"

    def as_json(self) -> dict[str, Any]:
        spec = self.spec
        return {
            "name": self.name,
            "marketing_name": self.marketing_name,
            "product_type": self.product_type,
            "os_version": self.os_version,
            "os_build": self.os_build,
            "udid": self.udid,
            "identifier": self.identifier,
            "connection": self.connection,
            "pairing_state": self.pairing_state,
            "tunnel_state": self.tunnel_state,
            "developer_mode": self.developer_mode,
            "ddi_services_available": self.ddi_services_available,
            "chip": spec.chip if spec else None,
            "ram_bytes": spec.ram_bytes if spec else None,
            "ane_cores": spec.ane_cores if spec else None,
            "ane_tops": spec.ane_tops if spec else None,
        }


def _get(obj: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def parse_device(row: dict[str, Any]) -> Device:
    """One ``result.devices[]`` entry; tolerant of missing sections and fields, and of values
    of the wrong type (a section that is not an object, a name that is not a string)."""
    hw, dp, cp = (_dict(row.get(k)) for k in ("hardwareProperties", "deviceProperties",
                                              "connectionProperties"))
    return Device(
        identifier=_str(row.get("identifier")) or _str(hw.get("udid")) or "",
        udid=_str(hw.get("udid")),
        name=_str(dp.get("name")) or _str(hw.get("marketingName"))
        or _str(row.get("identifier")) or "?",
        marketing_name=_str(hw.get("marketingName")),
        product_type=_str(hw.get("productType")),
        os_version=_str(dp.get("osVersionNumber")),
        os_build=_str(dp.get("osBuildUpdate")),
        pairing_state=_str(cp.get("pairingState")),
        tunnel_state=_str(cp.get("tunnelState")),
        transport_type=_str(cp.get("transportType")),
        developer_mode=_str(dp.get("developerModeStatus")),
        ddi_services_available=v if isinstance(v := dp.get("ddiServicesAvailable"), bool)
        else None,
        reality=_str(hw.get("reality")),
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _error_text(error: dict[str, Any]) -> str:
    """``description (domain code)`` for an error and its underlying errors."""
    parts = []
    while isinstance(error, dict) and error:
        desc = _get(error, "userInfo", "NSLocalizedDescription", "string") or _get(
            error, "userInfo", "NSLocalizedDescription")
        parts.append(f"{desc or 'error'} ({error.get('domain')} {error.get('code')})")
        error = _get(error, "userInfo", "NSUnderlyingError", "error")
    return "; ".join(parts)


def _hint_for(text: str) -> str:
    low = text.lower()
    if "locked" in low or "could not be, unlocked" in low:
        return "unlock the device, keep it awake and unlocked during the run, then retry"
    if "developer mode" in low or "developer disk image" in low:
        return "turn on Settings > Privacy & Security > Developer Mode on the device and restart it"
    if "fbsapplicationlibrary" in low or "could not be found" in low or "not installed" in low:
        return "install the app (pass --install path/to/App.app) or run it once from Xcode"
    if "pair" in low or "was not found" in low:
        return "connect the device by cable, unlock it, tap Trust, and check Xcode > Devices"
    return "run the command above by hand to see devicectl's full message"


def run_json(xcrun: Xcrun, args: Sequence[str], command_type: str, *,
             timeout: float = TIMEOUT_S) -> dict[str, Any]:
    """Run ``devicectl ARGS --json-output <tmp>`` and return ``result``; errors become DeviceError."""
    with tempfile.TemporaryDirectory(prefix="profiler-devicectl-") as tmp:
        full = json_args(args, command_type, tmp)
        out = Path(full[-1])
        done = xcrun.run(full, timeout=timeout)
        written = out.is_file()
        try:
            envelope = json.loads(out.read_text("utf-8"))
        except (OSError, ValueError, RecursionError):  # RecursionError: 30,000-deep arrays
            envelope = None
    stderr_line = next((ln.strip() for ln in done.stderr.splitlines() if ln.strip()), "")
    if not isinstance(envelope, dict):
        # Say which it was: no file at all, or a file that is not a JSON object.
        what = "wrote an unreadable JSON result" if written else "wrote no JSON result"
        how = f"failed (exit {done.returncode}) and" if done.returncode else "exited 0 but"
        raise DeviceError(
            f"`{display(full[:-2])}` {how} {what}" + (f": {stderr_line}" if stderr_line else ""),
            hint=_hint_for(done.stderr),
        )
    info = _dict(envelope.get("info"))  # any other shape is read as no info
    outcome = info.get("outcome")
    if outcome == "timeout":
        raise DeviceError(f"`{display(full[:-2])}` exceeded devicectl's command timeout",
                          hint="check the cable and that the device is unlocked, then retry")
    if "error" in envelope or (outcome not in (None, "success")):
        text = _error_text(_dict(envelope.get("error"))) or stderr_line
        raise DeviceError(f"`{display(full[:-2])}` failed: {text}",
                          hint=_hint_for(text + "\n" + done.stderr))
    seen = info.get("commandType")
    if seen is not None and seen != command_type:
        raise DeviceError(f"devicectl answered {seen!r}, expected {command_type!r}",
                          hint="update Xcode, or report this devicectl version as a bug")
    result = envelope.get("result")
    return result if isinstance(result, dict) else {}


def json_args(args: Sequence[str], command_type: str, folder: str) -> list[str]:
    """The full devicectl argv with its ``--json-output`` file in ``folder``."""
    return ["devicectl", *args, "--json-output", f"{folder}/{command_type.removeprefix('devicectl.')}.json"]


def lock_state_args(device_id: str) -> list[str]:
    return ["device", "info", "lockState", "--device", device_id]


def apps_args(device_id: str, bundle_id: str) -> list[str]:
    return ["device", "info", "apps", "--device", device_id, "--bundle-id", bundle_id]


def install_args(device_id: str, app_path: str) -> list[str]:
    return ["device", "install", "app", "--device", device_id, app_path]


def uninstall_args(device_id: str, bundle_id: str) -> list[str]:
    return ["device", "uninstall", "app", "--device", device_id, bundle_id]


def crash_logs_args(device_id: str, destination: str) -> list[str]:
    return ["device", "copy", "from", "--device", device_id, "--domain-type", "systemCrashLogs",
            "--source", ".", "--destination", destination]


LIST_DEVICES = ["list", "devices"]


def list_devices(xcrun: Xcrun) -> tuple[Device, ...]:
    """Every device devicectl knows, simulators excluded."""
    result = run_json(xcrun, LIST_DEVICES, "devicectl.list.devices")
    rows = _list(result.get("devices"))
    devices = (parse_device(r) for r in rows if isinstance(r, dict))
    return tuple(d for d in devices if d.physical)


def is_locked(xcrun: Xcrun, device: Device) -> bool:
    """``passcodeRequired: true`` from ``device info lockState`` means locked right now."""
    result = run_json(xcrun, lock_state_args(device.identifier), "devicectl.device.info.lockState")
    return bool(result.get("passcodeRequired"))


def app_installed(xcrun: Xcrun, device: Device, bundle_id: str) -> bool:
    """``device info apps --bundle-id``: an empty ``apps`` list means not installed."""
    result = run_json(xcrun, apps_args(device.identifier, bundle_id), "devicectl.device.info.apps")
    return any(a.get("bundleIdentifier") == bundle_id for a in _list(result.get("apps"))
               if isinstance(a, dict))


def install(xcrun: Xcrun, device: Device, app_path: str) -> None:
    run_json(xcrun, install_args(device.identifier, app_path), "devicectl.device.install.app", timeout=INSTALL_TIMEOUT_S)


def uninstall(xcrun: Xcrun, device: Device, bundle_id: str) -> None:
    run_json(xcrun, uninstall_args(device.identifier, bundle_id), "devicectl.device.uninstall.app", timeout=INSTALL_TIMEOUT_S)


def copy_crash_logs(xcrun: Xcrun, device: Device, destination: Path) -> None:
    """Copy the device's crash and jetsam reports (``systemCrashLogs`` domain) into a folder."""
    try:
        run_json(xcrun, crash_logs_args(device.identifier, str(destination)), "devicectl.device.copy.from", timeout=INSTALL_TIMEOUT_S)
    except DeviceError as exc:
        raise ProfilerError(exc.message, hint=exc.hint) from exc
