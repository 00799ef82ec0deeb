"""`profiler run`: record an app on a connected iPhone/iPad, export the tables, report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

Opt = typer.Option


def register(app: typer.Typer) -> None:
    @app.command("run")
    def run(
        device: Annotated[str, Opt("--device", help="UDID, CoreDevice id, name or alias (iphone13).")],
        bundle_id: Annotated[str, Opt("--app", help="Bundle id of the app to launch.")],
        install: Annotated[Path | None, Opt(help="App.app to install first.")] = None,
        runs: Annotated[int, Opt(help="Number of recordings (launches).")] = 2,
        cold: Annotated[bool, Opt("--cold", help="Reinstall first so run-1 is uncached.")] = False,
        template: Annotated[str | None, Opt(help="Instruments template ('' for none; default 'Core ML').")] = None,
        framework: Annotated[str | None, Opt(help="coreml or coreai: shorthand for --template 'Core ML' / 'Core AI' (Xcode 27).")] = None,
        instrument: Annotated[list[str] | None, Opt(help="Instrument to add (repeatable); default: Activity Monitor, os_signpost, Thermal State.")] = None,
        time_limit: Annotated[str, Opt(help="Per recording, e.g. 90s, 15m.")] = "15m",
        env: Annotated[list[str] | None, Opt(help="K=V for the app (repeatable).")] = None,
        app_arg: Annotated[list[str] | None, Opt(help="Argument for the app (repeatable).")] = None,
        model: Annotated[str | None, Opt(help="PROFILER_MODEL for the app.")] = None,
        steps: Annotated[int | None, Opt(help="PROFILER_STEPS for the app.")] = None,
        prompt: Annotated[str | None, Opt(help="PROFILER_PROMPT for the app.")] = None,
        seed: Annotated[int | None, Opt(help="PROFILER_SEED for the app.")] = None,
        compute_units: Annotated[str | None, Opt(help="PROFILER_COMPUTE_UNITS.")] = None,
        scheduler: Annotated[str | None, Opt(help="PROFILER_SCHEDULER for the app, e.g. pndm, dpmpp.")] = None,
        guidance: Annotated[float | None, Opt(help="PROFILER_GUIDANCE for the app (guidance scale, e.g. 7.5).")] = None,
        reduce_memory: Annotated[bool | None, Opt("--reduce-memory/--no-reduce-memory", help="PROFILER_REDUCE_MEMORY=1/0 for the app (default: not passed).")] = None,
        model_path: Annotated[Path | None, Opt("--model-path", help="The Core ML model folder on this Mac, inspected into the report.")] = None,
        out: Annotated[Path, Opt(help="Parent folder of run folders.")] = Path("traces"),
        name: Annotated[str | None, Opt(help="Run folder name (default: app-device-time).")] = None,
        start_timeout: Annotated[float, Opt(help="Seconds to wait for recording to start.")] = 300,
        finalise_timeout: Annotated[float, Opt(help="Seconds to wait for saving.")] = 600,
        force: Annotated[bool, Opt("--force", help="Reuse an existing run folder.")] = False,
        dry_run: Annotated[bool, Opt("--dry-run", help="Print the xcrun commands only (only `devicectl list devices` runs, to name the device).")] = False,
    ) -> None:
        """Record an app on a connected iPhone/iPad with Instruments, export, and report.

        Needs macOS with Xcode 15+ (xcrun devicectl, xcrun xctrace). Checks that the
        device is found, paired, unlocked and has Developer Mode on, that the app is
        installed (or --install is given) and that the template and instruments are
        listed. Each launch is recorded into traces/NAME/run-K/ (run-K.trace, toc.xml,
        one XML per table, console.log = the app's stdout, xctrace.log, crashes/);
        run.json lists every command run. --model-path adds the model inspection.

        --cold uninstalls and reinstalls the app first. Core ML caches the compiled
        model keyed by its path: the cache survives relaunches but not reinstalls or
        OS updates. So run-1 measures the uncached Neural Engine compile (minutes)
        and later runs measure cached loads.

        The app reads PROFILER_MODEL, PROFILER_STEPS, PROFILER_PROMPT, PROFILER_SEED,
        PROFILER_COMPUTE_UNITS, PROFILER_SCHEDULER, PROFILER_GUIDANCE,
        PROFILER_REDUCE_MEMORY and PROFILER_RUN_ID and must exit when generation ends.

        --framework coreai records a Core AI app with the Core AI template (Xcode 27):
        its Core AI, CPU usage, GPU and Neural Engine tables are exported (docs/coreai.md).
        """
        from profiler.cli.output import echo
        from profiler.device.options import AppConfig, RunOptions, parse_env, template_for
        from profiler.device.xctrace import Timeouts

        opts = RunOptions(
            device=device, bundle_id=bundle_id, install=install, runs=runs, cold=cold,
            template=template_for(template, framework), instruments=tuple(instrument or ()), time_limit=time_limit,
            env=parse_env(env or ()), app_args=tuple(app_arg or ()),
            app=AppConfig(model, steps, prompt, seed, compute_units, scheduler, guidance,
                          reduce_memory), out=out, name=name,
            force=force, timeouts=Timeouts(start_s=start_timeout, finalise_s=finalise_timeout),
            model_path=model_path)
        if dry_run:
            from profiler.device.plan import dry_run as plan
            from profiler.device.plan import resolve_device

            opts.validate(paths=False)  # a bad option fails before devicectl is asked
            echo("\n".join(plan(opts, *resolve_device(opts.device))))
            return
        from profiler.device.protocol import execute
        from profiler.report.run_view import RunProgress, finish_run

        view = RunProgress()
        with view.progress:
            outcome = execute(opts, ["profiler", *sys.argv[1:]], view)
        error = finish_run(outcome, opts, echo=echo, warn=view.warn)
        if error is not None:
            raise error
