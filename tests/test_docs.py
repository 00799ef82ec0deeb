"""Docs can't drift: the CLI reference, the README's links and its example commands."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from profiler.cli import app
from tests import docs_cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def test_cli_reference_matches_the_help_texts() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert committed == docs_cli.render(), "run: .venv/bin/python -m tests.docs_cli > docs/cli.md"


def test_every_command_is_documented_with_help_text() -> None:
    import typer.main

    group = typer.main.get_command(app)
    registered = set(group.commands)  # type: ignore[attr-defined]
    assert registered == set(docs_cli.COMMANDS)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert (command.help or "").strip(), f"profiler {name} has no help text"
        assert not command.hidden, f"profiler {name} is hidden"


def test_readme_starts_with_the_two_commands() -> None:
    text = README.read_text("utf-8")
    first_block = re.search(r"```(?:sh|console)?\n(.*?)```", text, re.DOTALL)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert [c for c in commands if c] == ["make demo", "make test"]


def test_readme_links_resolve() -> None:
    text = README.read_text("utf-8")
    for target in re.findall(r"\]\((?!https?://|#)([^)]+)\)", text):
        assert (ROOT / target.split("#")[0]).exists(), target


def _readme_examples() -> list[tuple[str, list[str]]]:
    """(command, expected stdout lines) for each `$ profiler …` line in README console blocks."""
    examples: list[tuple[str, list[str]]] = []
    in_block = False
    for line in README.read_text("utf-8").splitlines():
        if line.startswith("```"):
            in_block = line.strip() == "```console"
            continue
        if not in_block:
            continue
        if line.startswith("$ "):
            examples.append((line[2:], []))
        elif examples:
            examples[-1][1].append(line)
    return [(cmd, out) for cmd, out in examples if cmd.startswith("profiler ")]


@pytest.mark.parametrize(("command", "expected"), _readme_examples(), ids=lambda v: str(v)[:60])
def test_readme_example_prints_what_the_readme_says(command: str, expected: list[str]) -> None:
    exe = Path(sys.executable).with_name("profiler")
    argv = [str(exe), *shlex.split(command)[1:]]
    out = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == expected
