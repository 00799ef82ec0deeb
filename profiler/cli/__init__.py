"""The root ``profiler`` command and the single error boundary.

Each subcommand lives in its own module and imports only typer and the standard library at
module level, so ``profiler --help`` and ``profiler --version`` stay instant.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from profiler import __version__
from profiler.cli.output import echo
from profiler.errors import ExitCode, ProfilerError


class _ErrorBoundary(TyperGroup):
    """Turns ProfilerError into `error:`/`hint:` lines; `--debug` shows the traceback instead."""

    def get_help_option(self, ctx: Any) -> Any:
        # Typer coerces a flag through a pydantic adapter unless its value already is a bool;
        # the root's --help defaults to None, so `profiler report --help` imported pydantic
        # (~0.1 s) just to read "not given". False keeps --help on the plain bool path.
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ProfilerError as exc:
            if _debug(ctx):
                raise
            echo(f"error: {exc.describe()}", err=True)  # messages quote paths and device strings
            if exc.hint:
                echo(f"hint: {exc.hint}", err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except BrokenPipeError:
            # The reader went away (`profiler tables x.xml | head`): stop quietly, like a
            # program killed by SIGPIPE, instead of reporting an internal error.
            _silence_stdout()
            raise typer.Exit(_SIGPIPE_EXIT) from None
        except KeyboardInterrupt:
            if _debug(ctx):
                raise
            echo("error: interrupted", err=True)
            echo("hint: outputs are written whole or not at all, so nothing is half-written; "
                 "run the command again", err=True)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except (typer.Exit, typer.Abort, TyperException):
            raise  # usage errors and explicit exits keep typer's own handling (exit 2, 0, …)
        except Exception as exc:  # noqa: BLE001 - the boundary: never show a raw traceback
            if _debug(ctx):
                raise
            echo(f"error: internal error: {type(exc).__name__}: {exc}", err=True)
            echo("hint: re-run with --debug and attach the traceback to a bug report", err=True)
            raise typer.Exit(int(ExitCode.ERROR)) from None


_SIGPIPE_EXIT = 141  # 128 + SIGPIPE, what a shell reports for a program killed by it


def _silence_stdout() -> None:
    # Point fd 1 at /dev/null so Python's final flush cannot raise again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real fd (e.g. under a test runner)
        pass


def _debug(ctx: Any) -> bool:
    root = ctx.find_root()
    return bool(isinstance(root.obj, dict) and root.obj.get("debug"))


app = typer.Typer(
    cls=_ErrorBoundary,
    name="profiler",
    help="Profile Core ML models (Stable Diffusion first) on iPhone and iPad.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help text: rich's renderer (rich.markdown, markdown-it) costs ~0.1 s at every --help.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        echo(f"profiler {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Profile Core ML models (Stable Diffusion first) on iPhone and iPad."""
    ctx.obj = {"debug": debug}


def _register() -> None:
    # Import order is help order. Modules import only typer/stdlib at top level.
    from profiler.cli import compare, devices, inspect, report, run, store, tables, triage

    for module in (report, run, devices, inspect, compare, triage, tables, store):
        module.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="profiler")
    except BrokenPipeError:  # raised while flushing at exit, outside the boundary
        _silence_stdout()
        sys.exit(_SIGPIPE_EXIT)


if __name__ == "__main__":  # pragma: no cover
    main()
    sys.exit(0)
