"""Render docs/cli.md from the commands' own help texts, so the reference cannot drift.

Regenerate with ``.venv/bin/python -m tests.docs_cli > docs/cli.md``; tests/test_docs.py checks
that the committed file equals this output.
"""

from __future__ import annotations

from typer.testing import CliRunner

from profiler.cli import app
from profiler.errors import ExitCode

COMMANDS = ("report", "run", "devices", "inspect", "compare", "triage", "tables", "store")
#: Subcommands of command groups, documented after their group.
SUBCOMMANDS = {"store": ("add", "query", "trend")}
ENV = {"COLUMNS": "100", "TERMINAL_WIDTH": "100", "NO_COLOR": "1"}

EXIT_MEANINGS = {
    ExitCode.OK: "success (for `triage`: whether or not anything was found)",
    ExitCode.ERROR: "unexpected internal error (re-run with `--debug`), or a report step failed after recording",
    ExitCode.USAGE: "bad command line (unknown option, missing argument, bad choice)",
    ExitCode.REGRESSION: "`profiler compare --fail-on-regression` found a regression, or a figure the baseline has and another run lacks",
    ExitCode.BAD_INPUT: "an input file or folder is unreadable, malformed or of an unknown kind",
    ExitCode.OUTPUT_EXISTS: "an output exists and `--force` was not given",
    ExitCode.TOOL_MISSING: "`xcrun` (Xcode) is not available: recording needs macOS",
    ExitCode.DEVICE: "no device, an ambiguous device, locked, unpaired, Developer Mode off, or the app is missing",
    ExitCode.RECORDING: "`xctrace record` or `export` failed (the trace is kept)",
    ExitCode.NOTHING_MEASURED: "`profiler report` wrote its reports, but the input gave no figure (nothing measured; `--allow-empty` exits 0)",
    ExitCode.MIXED_EXPORTS: "a folder without `toc.xml` holds exports that cannot come from one recording (different run numbers, one table index with two schemas, or time ranges that do not overlap); nothing is merged",
    ExitCode.INTERRUPTED: "Ctrl-C (what was recorded is kept and reported)",
}


def help_text(*args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env=ENV, terminal_width=100)
    if result.exit_code != 0:
        raise RuntimeError(f"profiler {' '.join(args)} --help failed: {result.output}")
    lines = [line.rstrip() for line in result.output.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def render() -> str:
    out = [
        "# Command reference",
        "",
        "Generated from the commands' own `--help` (`.venv/bin/python -m tests.docs_cli > docs/cli.md`);",
        "a test fails when this file and the help texts disagree.",
        "",
        "Every command prints `error: <file>: <problem>` and `hint: …` on stderr for bad input, never a",
        "traceback; `profiler --debug <command> …` shows the traceback instead. Progress and warnings go",
        "to stderr, so stdout stays machine-readable.",
        "",
        "## Exit codes",
        "",
        "| code | meaning |",
        "| --- | --- |",
    ]
    out += [f"| {int(code)} | {EXIT_MEANINGS[code]} |" for code in ExitCode]
    out += ["", "## profiler", "", "```", help_text(), "```"]
    for command in COMMANDS:
        out += ["", f"## profiler {command}", "", "```", help_text(command), "```"]
        for sub in SUBCOMMANDS.get(command, ()):
            out += ["", f"### profiler {command} {sub}", "", "```", help_text(command, sub),
                    "```"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render(), end="")
