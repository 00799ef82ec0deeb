"""List iPhones and iPads seen by `xcrun devicectl list devices` (macOS with Xcode 15+).

Shows name, model, product type, iOS version, hardware UDID (what xctrace uses), CoreDevice
identifier, connection, pairing and Developer Mode state, and chip, RAM and Neural Engine from
the device catalog. `--format json` prints a versioned JSON document on stdout.
"""

from __future__ import annotations

from typing import Annotated

import typer

from profiler.cli.options import OutputFormat, format_option


def register(app: typer.Typer) -> None:
    @app.command("devices")
    def devices(
        fmt: Annotated[OutputFormat, format_option("text", "json", help="Output format.")] = OutputFormat.TEXT,
    ) -> None:
        """List iPhones and iPads seen by `xcrun devicectl list devices` (macOS, Xcode 15+)."""
        from profiler.cli.output import document, echo
        from profiler.device.devicectl import list_devices
        from profiler.device.xcrun import Xcrun
        from profiler.report.devices import DevicesDocument

        found = tuple(list_devices(Xcrun()))
        if not found and fmt is OutputFormat.TEXT:
            echo("No devices found: connect an iPhone or iPad by cable, unlock it and tap Trust.",
                 err=True)
            return
        document("devices", str(fmt), DevicesDocument(found))
