"""Outputs are written safely, and everything printed is terminal-safe (issue 12, items 9, 10, 13).

Each test fails on the code before the fix: a predictable temp name next to the target that
was opened through a planted symlink, in-place CSV writes, unfiltered `Wrote` lines, Markdown
and internal-error text.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from profiler.cli import app
from profiler.errors import ExitCode, InputError
from profiler.files import atomic_output, check_target
from tests.conftest import SAMPLE_RUN
from tests.fixtures.mlmodelc import generate as g

runner = CliRunner()
ESCAPES = ("\x1b", "\x07", "\x9b")
TITLE = "\x1b]0;pwned\x07"  # OSC: would retitle the terminal
OS_LOG = SAMPLE_RUN / "run-1" / "os-log.xml"


def _clean(text: str) -> bool:
    return not any(ch in text for ch in ESCAPES)


# -- item 9: unpredictable temp file, no symlink followed, no non-regular target ----------------

def test_a_symlink_planted_at_the_old_temp_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "r.md"
    (tmp_path / ".r.md.tmp").symlink_to(victim)  # the name the old writer used
    with atomic_output(target, force=False) as out:
        out.write("report")
    assert victim.read_text() == "precious"
    assert target.read_text() == "report" and not target.is_symlink()
    leftovers = {p.name for p in tmp_path.iterdir()} - {"victim.txt", "r.md", ".r.md.tmp"}
    assert leftovers == set()  # the unpredictable temp file is gone after the rename


def test_a_symlink_at_the_target_is_refused_even_with_force(tmp_path: Path) -> None:
    victim = tmp_path / "victim.md"
    victim.write_text("precious")
    link = tmp_path / "r.md"
    link.symlink_to(victim)
    result = runner.invoke(app, ["report", str(SAMPLE_RUN), "-o", str(link), "--force"])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "is a symbolic link" in result.stderr.splitlines()[0]
    assert victim.read_text() == "precious" and link.is_symlink()


def test_non_regular_targets_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        check_target("/dev/null", force=True)  # `-o /dev/null --force` as root
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["report", str(SAMPLE_RUN), "-o", str(fifo), "--force"])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "not a regular file" in result.stderr.splitlines()[0]


# -- item 10: every output atomic; ENOSPC and EACCES are clean errors naming the path ------------

def _full_disk(*args: object, **kwargs: object) -> None:
    handle = args[1] if len(args) > 1 else kwargs.get("path_or_buf")
    handle.write("time,partial\n")  # type: ignore[union-attr]
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_tables_to_csv_on_a_full_disk_keeps_the_old_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    out = tmp_path / "out"
    first = runner.invoke(app, ["tables", str(OS_LOG), "--to", "csv", str(out)])
    assert first.exit_code == 0
    (written,) = out.iterdir()
    before = written.read_bytes()
    monkeypatch.setattr(pd.DataFrame, "to_csv", _full_disk)
    result = runner.invoke(app, ["tables", str(OS_LOG), "--to", "csv", str(out), "--force"])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.splitlines()[-2] == (
        f"error: {written}: cannot write the output: {os.strerror(errno.ENOSPC)}")
    assert written.read_bytes() == before  # not truncated
    assert [p.name for p in out.iterdir()] == [written.name]  # no temp file left behind


def test_a_report_on_a_full_disk_is_one_clean_error(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    target = tmp_path / "r.json"
    result = runner.invoke(app, ["report", str(SAMPLE_RUN), "-o", str(target)])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert f"error: {target}: cannot write the output: {os.strerror(errno.ENOSPC)}" \
        in result.stderr.splitlines()
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_a_read_only_folder_is_one_clean_error(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", denied)  # as root, chmod alone would not deny
    target = tmp_path / "r.md"
    result = runner.invoke(app, ["report", str(SAMPLE_RUN), "-o", str(target)])
    assert result.exit_code == ExitCode.BAD_INPUT
    assert f"error: {target}: cannot write the output: {os.strerror(errno.EACCES)}" \
        in result.stderr.splitlines()


# -- item 13: one terminal filter for everything printed ----------------------------------------

def test_wrote_lines_are_filtered(tmp_path: Path) -> None:
    folder = tmp_path / f"reports{TITLE}"
    result = runner.invoke(app, ["report", str(SAMPLE_RUN), "-o", str(folder / "r.json")])
    assert result.exit_code == 0
    assert (folder / "r.json").is_file()
    assert result.stdout.startswith("Wrote ") and _clean(result.stdout)


def test_inspect_markdown_is_filtered(tmp_path: Path) -> None:
    hostile = tmp_path / f"model{TITLE}\x9b31m.mlmodelc"
    shutil.copytree(g.HERE / "mixed-ios18.mlmodelc", hostile)
    result = runner.invoke(app, ["inspect", str(hostile), "--format", "md"])
    assert result.exit_code == 0
    assert "## Model inspection:" in result.stdout and _clean(result.stdout)


def test_internal_error_text_is_filtered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import profiler.model

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"bad {TITLE} thing")

    monkeypatch.setattr(profiler.model, "inspect_path", boom)
    result = runner.invoke(app, ["inspect", str(tmp_path)])
    assert result.exit_code == ExitCode.ERROR
    assert result.stderr.startswith("error: internal error: RuntimeError: bad ")
    assert _clean(result.stderr)
