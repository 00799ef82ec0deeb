"""devicectl JSON envelopes: success, documented failures, version tolerance (fake xcrun)."""

from __future__ import annotations

import json

import pytest

from profiler.device import devicectl
from profiler.device.xcrun import Xcrun
from profiler.errors import DeviceError
from tests.fakes import harness

fake_xcrun = harness.fake_xcrun  # the fixture, shared through tests/fakes/harness.py


def _writer(fake, body: dict, stderr: str = "", code: int = 1) -> None:
    """Replace the fake with one that writes ``body`` to --json-output and exits ``code``."""
    payload = json.dumps(body)
    fake.wrapper.write_text(
        "#!/bin/sh\nwhile [ $# -gt 1 ]; do [ \"$1\" = --json-output ] && out=$2; shift; done\n"
        f"printf '%s' '{payload}' > \"$out\"\nprintf '%s\\n' '{stderr}' >&2\nexit {code}\n",
        "utf-8")


def test_nested_error_is_described_with_domain_and_code(fake_xcrun) -> None:
    _writer(fake_xcrun, {
        "error": {"code": 3002, "domain": "com.apple.dt.CoreDeviceError", "userInfo": {
            "NSLocalizedDescription": {"string": "Failed to install the app on the device."},
            "NSUnderlyingError": {"error": {"code": 3000, "domain": "com.apple.dt.CoreDeviceError",
                                            "userInfo": {"NSLocalizedDescription": {
                                                "string": "The item at x.app is not a valid bundle."
                                            }}}}}},
        "info": {"commandType": "devicectl.device.install.app", "jsonVersion": 2,
                 "outcome": "failed"}})
    with pytest.raises(DeviceError) as err:
        devicectl.run_json(Xcrun(), ["device", "install", "app"], "devicectl.device.install.app")
    assert err.value.message.endswith(
        "failed: Failed to install the app on the device. (com.apple.dt.CoreDeviceError 3002); "
        "The item at x.app is not a valid bundle. (com.apple.dt.CoreDeviceError 3000)")


def test_locked_launch_error_gets_the_unlock_hint(fake_xcrun) -> None:
    _writer(fake_xcrun, {"error": {"code": 10002, "domain": "com.apple.dt.CoreDeviceError",
                                   "userInfo": {"NSLocalizedDescription": {
                                       "string": "The application failed to launch."}}},
                         "info": {"outcome": "failed"}},
            stderr="BSErrorCodeDescription = Locked")
    with pytest.raises(DeviceError) as err:
        devicectl.run_json(Xcrun(), ["device", "process", "launch"],
                           "devicectl.device.process.launch")
    assert err.value.hint.startswith("unlock the device")


def test_outcome_timeout(fake_xcrun) -> None:
    _writer(fake_xcrun, {"info": {"outcome": "timeout", "commandType": "devicectl.list.devices"}})
    with pytest.raises(DeviceError, match="exceeded devicectl's command timeout"):
        devicectl.list_devices(Xcrun())


def test_wrong_command_type_is_refused(fake_xcrun) -> None:
    _writer(fake_xcrun, {"info": {"outcome": "success", "commandType": "devicectl.device.info.apps"},
                         "result": {}}, code=0)
    with pytest.raises(DeviceError, match="expected 'devicectl.list.devices'"):
        devicectl.list_devices(Xcrun())


def test_missing_fields_are_tolerated() -> None:
    device = devicectl.parse_device({"identifier": "X", "hardwareProperties": {"udid": "U"}})
    assert (device.name, device.connected, device.physical, device.spec) == ("X", False, True, None)
    simulator = devicectl.parse_device({"identifier": "S", "hardwareProperties": {
        "reality": "simulated"}})
    assert not simulator.physical


def test_lock_state_and_apps_against_the_fake(fake_xcrun) -> None:
    xcrun = Xcrun()
    phone = devicectl.list_devices(xcrun)[0]
    assert devicectl.is_locked(xcrun, phone) is False
    assert devicectl.app_installed(xcrun, phone, "com.example.CoreDiffuse") is True
    fake_xcrun.scenario(devices="locked", app="missing")
    assert devicectl.is_locked(xcrun, phone) is True
    assert devicectl.app_installed(xcrun, phone, "com.example.CoreDiffuse") is False
    assert [c[:4] for c in fake_xcrun.calls()] == [
        ["devicectl", "list", "devices", "--json-output"],
        ["devicectl", "device", "info", "lockState"], ["devicectl", "device", "info", "apps"],
        ["devicectl", "device", "info", "lockState"], ["devicectl", "device", "info", "apps"]]
    assert [c.exit_status for c in xcrun.history] == [0] * 5
