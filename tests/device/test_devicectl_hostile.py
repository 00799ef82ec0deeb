"""devicectl JSON of the right syntax but the wrong shape, absurd nesting, and timeouts
(issue 12 item 15). The envelopes are SYNTHETIC, written by a stand-in for the fake xcrun."""

from __future__ import annotations

import json

import pytest

from profiler.device import devicectl
from profiler.device.xcrun import Xcrun
from profiler.errors import DeviceError, ExitCode, ProfilerError
from tests.device.test_devicectl import _writer
from tests.fakes import harness

fake_xcrun = harness.fake_xcrun


@pytest.mark.parametrize("body", [
    {"info": "x", "result": {"devices": []}},
    {"info": {"outcome": "success"}, "result": {"devices": "x"}},
    {"info": {"outcome": "success"}, "result": {"devices": [{"hardwareProperties": "x",
                                                             "deviceProperties": [1],
                                                             "connectionProperties": 7,
                                                             "identifier": 5}]}},
    {"info": {"outcome": "success"}, "result": "x"},
    {"info": [], "result": {"devices": [{"deviceProperties": {"name": {"a": 1}}}]}},
])
def test_wrong_shapes_read_as_no_devices_or_unknown_fields(fake_xcrun, body: dict) -> None:
    _writer(fake_xcrun, body, code=0)
    devices = devicectl.list_devices(Xcrun())  # no AttributeError or TypeError
    assert all(isinstance(d.name, str) and isinstance(d.identifier, str) for d in devices)


def test_an_error_that_is_not_an_object_is_still_a_device_error(fake_xcrun) -> None:
    _writer(fake_xcrun, {"error": "x", "info": {"outcome": "failed"}}, stderr="boom")
    with pytest.raises(DeviceError, match="failed: boom"):
        devicectl.list_devices(Xcrun())


def test_30000_deep_arrays_are_an_unreadable_result(fake_xcrun) -> None:
    fake_xcrun.wrapper.write_text(
        "#!/bin/sh\nwhile [ $# -gt 1 ]; do [ \"$1\" = --json-output ] && out=$2; shift; done\n"
        f"printf '%s' '{'[' * 30000}{']' * 30000}' > \"$out\"\nexit 0\n", "utf-8")
    with pytest.raises(DeviceError) as err:
        devicectl.list_devices(Xcrun())
    assert err.value.message.endswith("exited 0 but wrote an unreadable JSON result")
    json.dumps(err.value.message)  # a plain one-line message


def test_a_devicectl_timeout_exits_7(fake_xcrun) -> None:
    fake_xcrun.wrapper.write_text("#!/bin/sh\nexec sleep 5\n", "utf-8")
    with pytest.raises(ProfilerError) as err:
        Xcrun().run(["devicectl", "list", "devices"], timeout=0.2)
    assert err.value.exit_code == ExitCode.DEVICE  # device-cli.md: a devicectl timeout is 7
    assert err.value.message == "`xcrun devicectl list devices` did not finish within 0.2 s"
    with pytest.raises(ProfilerError) as err:
        Xcrun().run(["xctrace", "list", "devices"], timeout=0.2)
    assert err.value.exit_code == ExitCode.RECORDING
