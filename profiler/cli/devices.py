"""List iPhones and iPads seen by `xcrun devicectl list devices` (macOS with Xcode 15+).

Shows name, model, product type, iOS version, hardware UDID (what xctrace uses), CoreDevice
identifier, connection, pairing and Developer Mode state, and chip, RAM and Neural Engine from
the device catalog. `--format json` prints a versioned JSON document on stdout.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class DevicesFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def register(app: typer.Typer) -> None:
    @app.command("devices")
    def devices(
        fmt: Annotated[DevicesFormat, typer.Option("--format", help="text or json.")] = (
            DevicesFormat.TEXT),
    ) -> None:
        """List iPhones and iPads seen by `xcrun devicectl list devices` (macOS, Xcode 15+)."""
        import json

        from profiler.device.devicectl import list_devices
        from profiler.device.render import device_lines
        from profiler.device.xcrun import Xcrun

        found = list_devices(Xcrun())
        if fmt is DevicesFormat.JSON:
            doc = {"format": "coreml-profiler.devices", "version": 1,
                   "devices": [d.as_json() for d in found]}
            typer.echo(json.dumps(doc, indent=1, sort_keys=True))
        elif not found:
            typer.echo("No devices found: connect an iPhone or iPad by cable, unlock it and "
                       "tap Trust.", err=True)
        else:
            typer.echo("\n".join(device_lines(found)))
