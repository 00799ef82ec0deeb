"""The root command: help, version, and the single error boundary."""

from __future__ import annotations

import subprocess
import sys

import typer
from typer.testing import CliRunner

from profiler import __version__
from profiler.cli import _ErrorBoundary, app
from profiler.errors import ExitCode, InputError

runner = CliRunner()


def test_version_line() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"profiler {__version__}\n"


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("report", "run", "devices", "inspect", "compare", "triage", "tables", "store"):
        assert command in result.output


def _boundary_app(exc: BaseException) -> typer.Typer:
    demo = typer.Typer(cls=_ErrorBoundary)

    @demo.callback()
    def _root(ctx: typer.Context, debug: bool = typer.Option(False, "--debug")) -> None:
        ctx.obj = {"debug": debug}

    @demo.command()
    def boom() -> None:
        raise exc

    return demo


def test_profiler_error_is_one_line_with_hint_and_exit_code() -> None:
    err = InputError("not an xctrace export", path="x.xml", line=3, hint="pass a file from xctrace export")
    result = runner.invoke(_boundary_app(err), ["boom"])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.output.splitlines() == [
        "error: x.xml:3: not an xctrace export",
        "hint: pass a file from xctrace export",
    ]
    assert "Traceback" not in result.output


def test_error_lines_carry_no_terminal_escapes() -> None:
    # the path is a folder name from a shared run; the hint quotes a device string
    err = InputError("not a run folder", path="run\x1b]0;pwned\x07-1", hint="try \x1b[2J\x9b2Jthis")
    result = runner.invoke(_boundary_app(err), ["boom"])
    assert result.output.splitlines() == ["error: run-1: not a run folder", "hint: try this"]


def test_debug_reraises_the_original_exception() -> None:
    err = InputError("bad", path="x.xml")
    result = runner.invoke(_boundary_app(err), ["--debug", "boom"])
    assert result.exception is err


def test_unexpected_exception_has_no_traceback() -> None:
    result = runner.invoke(_boundary_app(RuntimeError("kaput")), ["boom"])
    assert result.exit_code == ExitCode.ERROR
    assert result.output.splitlines()[0] == "error: internal error: RuntimeError: kaput"
    assert "Traceback" not in result.output


def test_ctrl_c_exits_130() -> None:
    result = runner.invoke(_boundary_app(KeyboardInterrupt()), ["boom"])
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.output == ("error: interrupted\nhint: outputs are written whole or not at all, "
                             "so nothing is half-written; run the command again\n")


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from profiler.cli import app; from typer.testing import CliRunner;"
        "CliRunner().invoke(app, ['--help']);"
        "heavy = [m for m in ('pandas', 'lxml', 'plotly', 'coremltools', 'numpy', 'scipy', 'duckdb', 'pyarrow', 'pyspark') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_console_script_runs() -> None:
    exe = __import__("shutil").which("profiler", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe is not None
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert out.stdout == f"profiler {__version__}\n"


def test_usage_errors_keep_exit_code_2() -> None:
    result = runner.invoke(app, ["no-such-command"])
    assert result.exit_code == ExitCode.USAGE
    assert "internal error" not in result.output


def test_closed_pipe_stops_quietly() -> None:
    result = runner.invoke(_boundary_app(BrokenPipeError()), ["boom"])
    assert result.exit_code == 141
    assert result.output == ""
