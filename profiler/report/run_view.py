"""`profiler run` on screen: rich progress on stderr, the report step, the closing lines.

The presentation half of `profiler run` (the protocol itself is profiler.device.protocol);
imported only when a run starts, so `profiler --help` stays light.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from profiler.device.options import RunOptions
from profiler.device.protocol import EventKind, RunEvent, RunOutcome
from profiler.errors import ProfilerError
from profiler.text import terminal_safe


class RunProgress:
    """Turns RunEvents into a live bar on a terminal, and into plain lines elsewhere."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

        self.console = Console(stderr=True, highlight=False)
        self.live = self.console.is_terminal
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 TextColumn("{task.fields[detail]}"), console=self.console,
                                 transient=True, disable=not self.live)
        self.task = self.progress.add_task("preparing", total=None, detail="")
        self.phase: tuple[int | None, EventKind] | None = None

    def __call__(self, e: RunEvent) -> None:
        """Show one protocol event."""
        e = replace(e, message=terminal_safe(e.message))  # device and app names, xctrace lines
        run = f"run-{e.recording}: " if e.recording else ""
        if e.kind in (EventKind.STEP, EventKind.DONE):
            self.console.print(f"• {e.message}", markup=False, soft_wrap=True)
        elif e.kind is EventKind.WARNING:
            self.console.print(f"warning: {e.message}", markup=False, soft_wrap=True)
        elif e.kind is EventKind.EXPORTING:
            what = "the TOC" if not e.total else f"table {e.current:g} of {e.total:g}"
            text = f"{run}exporting {what}"
            self._update(text, e.current if e.total else None, e.total or None, e.message)
            self._once(e, f"{text}: {e.message}" if e.total else text, every=True)
        else:
            elapsed = f"{e.current or 0:.0f} s"
            limit = f" of {e.total:.0f} s" if e.total and e.kind is EventKind.RECORDING else ""
            text = {EventKind.STARTING: "waiting for xctrace to start recording",
                    EventKind.RECORDING: "recording", EventKind.SAVING: "saving the trace"}[e.kind]
            bar = e.kind is EventKind.RECORDING and e.total
            self._update(f"{run}{text}", e.current if bar else None, e.total if bar else None,
                         f"{elapsed}{limit}")
            self._once(e, f"{run}{text}" + (f" (time limit {e.total:.0f} s)" if limit else ""))

    def _update(self, text: str, done: float | None, total: float | None, detail: str) -> None:
        self.progress.update(self.task, description=text, completed=done or 0, total=total,
                             detail=detail)

    def _once(self, e: RunEvent, line: str, every: bool = False) -> None:
        # Off a terminal, print each phase once instead of redrawing a bar.
        if not self.live and (every or self.phase != (e.recording, e.kind)):
            self.console.print(f"• {line}", markup=False, soft_wrap=True)
        self.phase = (e.recording, e.kind)

    def warn(self, message: str) -> None:
        """A warning line on stderr."""
        self.console.print(f"warning: {terminal_safe(message)}", markup=False, soft_wrap=True)


def _report(run_dir: Path, name: str, force: bool, model_path: Path | None) -> list[str]:
    """load -> analyze (with the model inspection, if any) -> write_all; the files written."""
    import profiler
    from profiler.report import write_all  # type: ignore[attr-defined]

    analysis = profiler.analyze(profiler.load(run_dir), model_path=model_path)
    saved: list[str] = []
    if analysis.inspection is not None:  # so a later `report` of the folder keeps its Model section
        from profiler.files import atomic_output
        from profiler.model.saved import SAVED_INSPECTION
        from profiler.report.inspection import render_json

        with atomic_output(run_dir / SAVED_INSPECTION, force=True) as fh:
            fh.write(render_json(analysis.inspection))
        saved.append(str(run_dir / SAVED_INSPECTION))
    written = write_all(analysis, Path("reports") / name, formats=("html", "md", "json"),
                        force=force)
    return saved + [str(p) for p in written or ()]


def finish_run(outcome: RunOutcome, opts: RunOptions, echo: Callable[[str], object],
               warn: Callable[[str], object]) -> ProfilerError | None:
    """Report whatever was exported; ``echo`` the stdout lines; return the run's failure, if any.

    A report failure never hides the run's own failure: it becomes the error only when the run
    itself succeeded, and is a warning otherwise.
    """
    echo(f"Wrote {outcome.run_dir / 'run.json'}")
    error = outcome.error
    if outcome.exported:
        try:
            for path in _report(outcome.run_dir, outcome.run_dir.name, opts.force,
                                opts.model_path):
                echo(f"Wrote {path}")
        except Exception as exc:  # noqa: BLE001 - never let the report hide the run's outcome
            if not isinstance(exc, ProfilerError):
                exc = ProfilerError(
                    f"the traces were saved but the report failed: {type(exc).__name__}: {exc}",
                    hint=f"run `profiler --debug report {outcome.run_dir}` and attach the "
                    "traceback to a bug report")
            if error is None:
                error = exc
            else:
                warn(f"report not rendered: {exc.describe()}")
        again = f" --model-path {shlex.quote(str(opts.model_path))}" if opts.model_path else ""
        echo(f"Regenerate the report with: profiler report "
             f"{shlex.quote(str(outcome.run_dir))}{again} --force")
    return error
