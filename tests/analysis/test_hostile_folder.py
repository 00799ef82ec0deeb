"""A shared run folder cannot hang the report or leak the reader's files (issue 12 items 3, 7).

The run folders are SYNTHETIC (tests/synthetic); the FIFO and links are made in tmp_path.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import profiler
from profiler.analysis.result import Analysis
from tests.analysis.conftest import Make


def _analyze_within(folder: Path, seconds: float = 60) -> Analysis:
    out: list[Analysis] = []
    worker = threading.Thread(target=lambda: out.append(profiler.analyze(profiler.load(folder))),
                              daemon=True)
    worker.start()
    worker.join(seconds)
    assert out, "the analysis hung (or failed) on the folder"
    return out[0]


def _unreadable(analysis: Analysis) -> list[str]:
    return [d.evidence.text for d in analysis.summary.diagnostics
            if d.code == "unreadable-log" and d.evidence]


def test_a_fifo_as_console_log_or_crash_report_is_refused_loudly(make_run: Make) -> None:
    run, _ = make_run()
    rec = run / "run-1"
    (rec / "console.log").unlink(missing_ok=True)
    os.mkfifo(rec / "console.log")
    (rec / "crashes").mkdir(exist_ok=True)
    os.mkfifo(rec / "crashes" / "x.ips")
    texts = _unreadable(_analyze_within(run))
    assert f"{rec / 'console.log'}: log is not a regular file (a FIFO, device or socket)" in texts
    assert f"{rec / 'crashes' / 'x.ips'}: log is not a regular file (a FIFO, device or socket)" \
        in texts


def test_links_leading_outside_the_run_folder_are_not_quoted(make_run: Make,
                                                             tmp_path: Path) -> None:
    secret = tmp_path / "private.log"
    secret.write_text("failed to compile ANE model token=SECRET-1234\n")
    crash = tmp_path / "private.ips"
    crash.write_text('{"bug_type":"309"}\n{"exception": "failed to compile ANE model '
                     'SECRET-5678"}\n')
    run, _ = make_run()
    rec = run / "run-1"
    (rec / "console.log").unlink(missing_ok=True)
    (rec / "console.log").symlink_to(secret)
    (rec / "crashes").mkdir(exist_ok=True)
    (rec / "crashes" / "y.ips").symlink_to(crash)
    analysis = _analyze_within(run)
    quoted = " ".join(d.evidence.text for d in analysis.summary.diagnostics if d.evidence)
    assert "SECRET" not in quoted
    from profiler.report.markdown import render_markdown

    assert "SECRET" not in render_markdown(analysis)
    assert f"{rec / 'console.log'}: log is a symbolic link to a file outside run-1/; it is not " \
        "followed" in _unreadable(analysis)
