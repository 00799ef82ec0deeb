"""Canned, SYNTHETIC data for the fake xcrun: device records, lists, bundles, exports.

Shapes follow ../shared/docs/device-cli.md (§1.4 device records, §2.2-2.4 lists, §2.6 exports).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DEVICECTL_VERSIONS = {"absent": "341", "2": "355.7.7", "3": "518.27", "4": "518.31",
                      "5": "651.13.5"}
XCTRACE_VERSION = "xctrace version 16.0 (16A242d)"

PHONE_UDID = "00008110-001A2B3C4D5E801E"
PHONE_ID = "A1B2C3D4-1111-2222-3333-444455556666"
SPARE_UDID = "00008110-000C11112222801E"
SPARE_ID = "B2C3D4E5-1111-2222-3333-444455556666"
IPAD_UDID = "00008103-000A11112222333E"
IPAD_ID = "C3D4E5F6-1111-2222-3333-444455556666"


def _device(identifier, udid, name, marketing, product, *, transport="wired", paired="paired",
            devmode="enabled", os_version="17.4.1", build="21E236"):
    conn = {"authenticationType": "manualPairing", "isMobileDeviceOnly": False,
            "pairingState": paired, "potentialHostnames": [f"{udid}.coredevice.local"],
            "tunnelState": "disconnected"}
    if transport:
        conn["transportType"] = transport
    return {
        "identifier": identifier, "visibilityClass": "default",
        "capabilities": [{"featureIdentifier": "com.apple.coredevice.feature.connectdevice",
                          "name": "Connect to Device"}],
        "connectionProperties": conn,
        "deviceProperties": {"bootState": "booted", "ddiServicesAvailable": devmode == "enabled",
                             "developerModeStatus": devmode, "name": name,
                             "osBuildUpdate": build, "osVersionNumber": os_version},
        "hardwareProperties": {"deviceType": "iPad" if "iPad" in product else "iPhone",
                               "marketingName": marketing, "platform": "iOS",
                               "productType": product, "reality": "physical", "udid": udid},
    }


def devices(scenario: str) -> list[dict]:
    """The `result.devices` list for a scenario; an unreachable iPad is always listed too."""
    ipad = _device(IPAD_ID, IPAD_UDID, "Old iPad", "iPad Pro 11-inch (3rd generation)",
                   "iPad13,4", transport=None, os_version="16.7")
    phone = dict(one={}, two={}, locked={}, unpaired={"paired": "unpaired"},
                 **{"devmode-off": {"devmode": "disabled"}}).get(scenario)
    if scenario == "none":
        return []
    rows = [_device(PHONE_ID, PHONE_UDID, "Lab iPhone (2)", "iPhone 13 Pro Max", "iPhone14,3",
                    **(phone or {}))]
    if scenario == "two":
        rows.append(_device(SPARE_ID, SPARE_UDID, "Spare iPhone", "iPhone 13", "iPhone14,5"))
    return [*rows, ipad]


def app(bundle_id: str | None) -> dict:
    bid = bundle_id or "com.example.CoreDiffuse"
    return {"appClip": False, "builtByDeveloper": True, "bundleIdentifier": bid,
            "bundleVersion": "1", "defaultApp": False, "hidden": False, "internalApp": False,
            "name": "CoreDiffuse", "removable": True,
            "url": f"file:///private/var/containers/Bundle/Application/X/{bid}.app/",
            "version": "1.0"}


IPS = '{"bug_type":"298","note":"SYNTHETIC jetsam report written by the fake xcrun"}\n'

LISTS = {
    "devices": ("== Devices ==\nJack's MacBook Pro (00006000-001234560A11801E)\n"
                f"Lab iPhone (2) (17.4.1) ({PHONE_UDID})\n\n== Devices Offline ==\n"
                f"Old iPad (16.7) ({IPAD_UDID})\n\n== Simulators ==\n"
                "iPhone 17 Pro Simulator (26.0) (6F2C3A1E-1111-2222-3333-444455556666)\n"),
    # "Core AI" is INFERRED: device-cli.md shows no Xcode 27 template list; the real Core AI TOC
    # (../shared/real-traces/Ashtabula__Cosyvoice__profile-trace-toc.xml) names the template.
    "templates": "== Standard Templates ==\n" + "".join(f"{t}\n" for t in (
        "Activity Monitor", "Allocations", "App Launch", "Core AI", "Core ML", "Logging",
        "Metal System Trace", "System Trace", "Time Profiler")),
    "instruments": "== Standard Instruments ==\n" + "".join(f"{t}\n" for t in (
        "Activity Monitor", "Allocations", "CPU Profiler", "Core ML", "GPU", "Neural Engine",
        "Points of Interest", "Thermal State", "Time Profiler", "os_signpost")),
}


def make_bundle(path: Path, template: str = "Core ML") -> None:
    """A stand-in `.trace` bundle: a directory holding `UI_state_metadata.bin` (SYNTHETIC),
    which remembers the template so the export gives that template's tables."""
    path.mkdir(parents=True)
    (path / "UI_state_metadata.bin").write_bytes(
        f"SYNTHETIC fake xcrun bundle\ntemplate: {template}\n".encode())


def bundle_template(bundle: Path) -> str:
    meta = bundle / "UI_state_metadata.bin"
    text = meta.read_text("utf-8", "replace") if meta.is_file() else ""
    found = re.search(r"^template: (.*)$", text, re.M)
    return found.group(1) if found else "Core ML"


def core_ai_export(index: int, xpath: str | None) -> str | None:
    """A Core AI recording's TOC (``xpath`` None) or table, in the real Core AI TOC's shape
    (tests/synthetic/coreai.py): run-1 specializes the models, later runs load them cached."""
    import tempfile

    from tests.synthetic.coreai import AiRecording, write_recording

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / f"run-{index}"
        write_recording(AiRecording(specialized=index == 1), folder)
        if xpath is None:
            return (folder / "toc.xml").read_text("utf-8")
        schema = re.search(r'@schema="([^"]+)"', xpath)
        path = folder / f"{schema.group(1)}.xml" if schema else None
        return path.read_text("utf-8") if path is not None and path.is_file() else None


def recording_index(bundle: Path) -> int:
    match = re.search(r"run-(\d+)", bundle.name)
    return int(match.group(1)) if match else 1


# The TOC and table exports come from the synthetic generator in tests/synthetic/ (sample
# scenario: SD 1.5 on an iPhone 13 Pro Max, run-1 uncached, run-2 cached), with the fake's device.


def _scenario():
    from dataclasses import replace

    from tests.synthetic.scenarios import sample_scenario

    base = sample_scenario()
    return replace(base, device=replace(base.device, name="Lab iPhone (2)", uuid=PHONE_UDID))


def _recording(index: int) -> int:
    # The sample has a cold and a warm recording; later runs repeat the warm one.
    return min(index, len(_scenario().recordings))


def toc(index: int) -> str:
    import io

    from tests.synthetic.writer import write_toc

    buf = io.StringIO()
    write_toc(_scenario(), _recording(index), buf)
    return buf.getvalue()


#: xctrace record's own lines, which never belong in the app's stdout (kept as a guard should the
#: generator's console lines ever include them again).
_XCTRACE_LINES = ("Starting recording with the", "Ctrl-C to stop the recording",
                  "Target app exited", "Recording completed", "Output file saved as:")


def app_stdout(index: int, extra: tuple[str, ...] = ()) -> list[str]:
    """The launched app's stdout for recording ``index`` (SYNTHETIC): the generator's app lines,
    with ``extra`` lines (e.g. a Core ML failure) injected as the scenario's console_extra."""
    from dataclasses import replace

    from tests.synthetic.logs import console_lines
    from tests.synthetic.timeline import build

    scenario = _scenario()
    number = _recording(index)
    if extra:
        specs = list(scenario.recordings)
        specs[number - 1] = replace(specs[number - 1],
                                    console_extra=(*specs[number - 1].console_extra, *extra))
        scenario = replace(scenario, recordings=tuple(specs))
    lines = console_lines(scenario, build(scenario, number))
    return [ln for ln in lines if not ln.startswith(_XCTRACE_LINES)]


def table(index: int, xpath: str) -> str | None:
    import io

    from tests.synthetic.writer import write_xpath

    buf = io.StringIO()
    write_xpath(_scenario(), _recording(index), xpath, buf)
    return buf.getvalue()


if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
