"""``--dry-run``: every xcrun command ``profiler run`` would run, in order, running nothing.

Values only known once devicectl has answered are shown as placeholders: ``<tmp>`` for the
temporary JSON folder, and the device's CoreDevice identifier / hardware UDID unless --device
already is a UDID or the device was resolved read-only (``devicectl list devices``, passed in as
``device`` by the command when xcrun is there). The table exports depend on what the TOC lists, so the export is shown once with a
``<schema>`` placeholder, after a comment naming every spelling the catalog exports.
"""

from __future__ import annotations

import re

from profiler.device import devicectl, xctrace
from profiler.device.devicectl import Device
from profiler.device.options import RunOptions
from profiler.device.protocol import CONSOLE_LOG, XCTRACE_LOG
from profiler.device.xcrun import display
from profiler.trace import catalog
from profiler.trace.export_commands import table_args, toc_args

_UDID = re.compile(r"^([0-9A-Fa-f]{8}-[0-9A-Fa-f]{16}|[0-9A-Fa-f]{40})$")
TMP = "<tmp>"


def dry_run(opts: RunOptions, device: Device | None = None,
            device_note: str | None = None) -> list[str]:
    """The lines ``profiler run --dry-run`` prints: commands, and ``#`` comments between them.

    ``device`` is the device ``devicectl list devices`` resolved ``--device`` to (None: not
    resolved, ``device_note`` says why). Missing --install / --model-path paths are said, not
    refused: the plan can be read on a machine that lacks them.
    """
    opts.validate(paths=False)
    name = opts.run_name()
    run_dir = opts.out / name
    head = []
    if device is not None:
        ident, udid = device.identifier, device.udid or f"<UDID of {device.name}>"
        model = device.marketing_name or device.product_type or "unknown model"
        head.append(f"# device: {device.name} ({model}), UDID {device.udid or 'unknown'}, "
                    f"CoreDevice identifier {device.identifier}")
    elif _UDID.match(opts.device):
        ident = udid = opts.device
    else:
        ident, udid = f"<identifier of {opts.device}>", f"<UDID of {opts.device}>"
    if device is None and device_note:
        head.append(f"# device: {device_note}")
    head += [f"# missing: {what} (the real run refuses it)" for what in opts.missing_paths()]

    def dc(args: list[str], command_type: str) -> str:
        return display(devicectl.json_args(args, command_type, TMP))

    lines = [*head, "# preflight: device, lock state, app, template, instruments, Xcode version",
             dc(devicectl.LIST_DEVICES, "devicectl.list.devices"),
             dc(devicectl.lock_state_args(ident), "devicectl.device.info.lockState"),
             dc(devicectl.apps_args(ident, opts.bundle_id), "devicectl.device.info.apps")]
    if opts.template:
        lines.append(display(xctrace.list_args("templates")))
    lines += [display(xctrace.list_args("instruments")), display(xctrace.VERSION_ARGS)]
    if opts.install is not None:
        if opts.cold:
            lines += ["# --cold: reinstall so that run-1 compiles the model for the Neural Engine",
                      dc(devicectl.uninstall_args(ident, opts.bundle_id),
                         "devicectl.device.uninstall.app")]
        lines.append(dc(devicectl.install_args(ident, str(opts.install)),
                        "devicectl.device.install.app"))
    for k in range(1, opts.runs + 1):
        folder = run_dir / f"run-{k}"
        bundle = str(folder / f"run-{k}.trace")
        lines.append(f"# run-{k}: record (waits for the start line; stops with one SIGINT); the "
                     f"app's stdout goes to {CONSOLE_LOG}, xctrace's own output to {XCTRACE_LOG}")
        lines.append(display(xctrace.record_args(
            udid=udid, template=opts.template, instruments=opts.instrument_list,
            time_limit=opts.time_limit, output=bundle, env=opts.recording_env(name, k),
            bundle_id=opts.bundle_id, app_args=opts.app_args,
            target_stdout=str(folder / CONSOLE_LOG))))
        lines.append(display(toc_args(bundle, str(folder / "toc.xml"))))
        lines.append(f"# run-{k}: then, for each <schema> of interest that toc.xml lists "
                     f"({', '.join(catalog.export_names())}):")
        lines.append(display(table_args(bundle, 1, "<schema>", str(folder / "<schema>.xml"))))
        lines.append(f"# run-{k}: crash and jetsam reports, kept if written during the run")
        lines.append(dc(devicectl.crash_logs_args(ident, f"{TMP}/crashes"),
                        "devicectl.device.copy.from"))
    return lines


def resolve_device(query: str) -> tuple[Device | None, str | None]:
    """``--device`` resolved read-only through ``devicectl list devices`` when xcrun is there:
    (device, None), or (None, why not) when xcrun is missing or the query matches no one
    device. Nothing else is run."""
    from profiler.device import selection
    from profiler.device.xcrun import Xcrun
    from profiler.errors import ProfilerError

    try:
        xcrun = Xcrun()
    except ProfilerError:
        return None, "not resolved: xcrun not found (shown as placeholders)"
    try:
        return selection.select(devicectl.list_devices(xcrun), query), None
    except ProfilerError as exc:
        return None, f"not resolved: {exc.message}"
