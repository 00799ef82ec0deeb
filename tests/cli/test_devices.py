"""`profiler devices`, tested against a fake xcrun (tests/fakes/xcrun); no device is used."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from profiler.cli import app
from profiler.errors import ExitCode
from tests.fakes import harness
from tests.fakes.harness import PHONE_UDID, json_call

runner = CliRunner()

fake_xcrun = harness.fake_xcrun  # the fixture, shared through tests/fakes/harness.py


def test_text_lists_devices_with_catalog_facts(fake_xcrun) -> None:
    result = runner.invoke(app, ["devices"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:7] == [
        "Lab iPhone (2)",
        "  model       iPhone 13 Pro Max (iPhone14,3)",
        "  OS          17.4.1 (21E236)",
        f"  UDID        {PHONE_UDID}",
        "  identifier  A1B2C3D4-1111-2222-3333-444455556666",
        "  connection  wired, paired, Developer Mode enabled",
        "  hardware    A15 Bionic, 6 GiB RAM, 16-core Neural Engine (15.8 TOPS)",
    ]
    assert "  connection  unavailable, paired, Developer Mode enabled" in result.stdout
    assert fake_xcrun.calls() == [json_call("list", "devices")]


@pytest.mark.parametrize("version", ["absent", "2", "3", "5"])
def test_json_tolerates_every_json_version(fake_xcrun, version: str) -> None:
    fake_xcrun.scenario(json_version=version)
    result = runner.invoke(app, ["devices", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["format"], doc["version"]) == ("coreml-profiler.devices", 1)
    phone = doc["devices"][0]
    assert (phone["udid"], phone["product_type"], phone["ram_bytes"], phone["ane_cores"]) == (
        PHONE_UDID, "iPhone14,3", 6 * 1024**3, 16)
    assert [d["connection"] for d in doc["devices"]] == ["wired", "unavailable"]


def test_no_devices(fake_xcrun) -> None:
    fake_xcrun.scenario(devices="none")
    result = runner.invoke(app, ["devices"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ("No devices found: connect an iPhone or iPad by cable, unlock it and "
                             "tap Trust.\n")
    result = runner.invoke(app, ["devices", "--format", "json"])
    assert json.loads(result.stdout)["devices"] == []


def test_devicectl_failure_is_one_line(fake_xcrun) -> None:
    fake_xcrun.wrapper.write_text("#!/bin/sh\necho 'ERROR: boom' >&2\nexit 1\n", "utf-8")
    result = runner.invoke(app, ["devices"])
    assert result.exit_code == ExitCode.DEVICE
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[0] == (
        "error: `xcrun devicectl list devices` failed (exit 1) and wrote no JSON result: "
        "ERROR: boom")


def test_devices_via_path(fake_xcrun, monkeypatch) -> None:
    monkeypatch.delenv("PROFILER_XCRUN")
    monkeypatch.setenv("PATH", f"{fake_xcrun.wrapper.parent}:/usr/bin:/bin")
    result = runner.invoke(app, ["devices", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert fake_xcrun.calls() == [json_call("list", "devices")]


def test_garbage_json_output_is_named_as_such(fake_xcrun) -> None:
    # devicectl exits 0 but its --json-output file is not JSON (a truncated write, say)
    fake_xcrun.wrapper.write_text(
        '#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = --json-output ] && echo "{garb" > "$2"; '
        "shift; done\nexit 0\n", "utf-8")
    result = runner.invoke(app, ["devices"])
    assert result.exit_code == ExitCode.DEVICE
    assert result.stderr.splitlines()[0] == (
        "error: `xcrun devicectl list devices` exited 0 but wrote an unreadable JSON result")
