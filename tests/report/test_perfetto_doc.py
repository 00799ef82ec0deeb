"""docs/perfetto.md can't drift: every console block's commands are run (in order, in one
folder, on the SYNTHETIC sample run) and print exactly what the page says."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

DOC = ROOT / "docs" / "perfetto.md"


def _examples() -> list[tuple[str, list[str]]]:
    examples: list[tuple[str, list[str]]] = []
    in_block = False
    for line in DOC.read_text("utf-8").splitlines():
        if line.startswith("```"):
            in_block = line.strip() == "```console"
            continue
        if in_block and line.startswith("$ "):
            examples.append((line[2:], []))
        elif in_block and examples:
            examples[-1][1].append(line)
    return examples


def test_the_page_shows_real_commands_with_their_real_output(tmp_path: Path) -> None:
    (tmp_path / "traces").symlink_to(ROOT / "traces")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    examples = _examples()
    assert [c.split()[0] for c, _ in examples].count("profiler") == 4
    for command, expected in examples:
        argv = shlex.split(command)
        if argv[0] == "profiler":
            argv[0] = str(Path(sys.executable).with_name("profiler"))
        else:
            assert argv[:2] == [".venv/bin/python", "-m"]
            argv[0] = sys.executable
        done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=300,  # noqa: S603
                              env=env)
        if expected and expected[0].startswith("error: "):
            assert done.returncode == 4, command
            assert done.stderr.splitlines()[-len(expected):] == expected, command
        else:
            assert done.returncode == 0, (command, done.stderr)
            assert done.stdout.splitlines() == expected, command
