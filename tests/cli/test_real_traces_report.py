"""`profiler report` on every real export of the conformance corpus: exit 0 with at least one
figure, or exit 9 (nothing measured) with one warning line naming what the input holds and what
was looked for; never a traceback. ``--allow-empty`` accepts a report without figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from profiler.cli import app
from profiler.errors import ExitCode
from profiler.trace import catalog
from tests.conftest import REAL_TRACES

FILES = sorted(REAL_TRACES.glob("*.xml")) if REAL_TRACES.is_dir() else []
FIGURES = ("steps", "memory", "cpu", "ane", "gpu", "thermal")


def _figures(summary: dict) -> list[str]:
    found = [k for k, v in summary["headline"].items() if v is not None]
    for rec in summary["recordings"]:
        found += [k for k in FIGURES if rec[k] is not None] + (["loads"] if rec["loads"] else [])
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_real_export_reports_a_figure_or_says_nothing_was_measured(
        real_traces: Path, path: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    runner = CliRunner()
    result = runner.invoke(app, ["report", str(path), "--format", "json", "-o", str(out)])
    assert result.exit_code in (ExitCode.OK, ExitCode.NOTHING_MEASURED), result.output
    figures = _figures(json.loads(out.read_text("utf-8")))  # written either way
    warnings = [line for line in result.stderr.splitlines()
                if line.startswith("warning: nothing measured")]
    if result.exit_code == ExitCode.OK:
        assert figures and warnings == []
        return
    assert figures == []
    (line,) = warnings
    assert line.startswith("warning: nothing measured: the input holds ")
    assert result.stderr.count("nothing measured") == 1  # one line
    assert f"looked for {', '.join(catalog.names())}" in line
    allowed = runner.invoke(app, ["report", str(path), "--format", "json", "-o", str(out),
                                  "--force", "--allow-empty"])
    assert allowed.exit_code == ExitCode.OK, allowed.output
    assert "nothing measured" not in allowed.stderr


def test_the_corpus_has_both_outcomes(real_traces: Path) -> None:
    # If every file came out the same way, one branch above would never be exercised.
    names = {p.name for p in FILES}
    assert "mattmireles__mamba-asr-mps__mps_hw_intervals.xml" in names  # GPU rows: a figure
    assert "mattmireles__mamba-asr-mps__coreml_os_signpost_rows.xml" in names  # no node at all
