"""Output planning for `profiler report` and `compare`: names, formats and early refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiler.errors import InputError, OutputExistsError
from profiler.report.cli_support import default_name
from profiler.report.outputs import Output, refuse_existing
from profiler.report.outputs import plan as plan_outputs


def test_default_name(tmp_path: Path) -> None:
    run = tmp_path / "my-run"
    (run / "run-1").mkdir(parents=True)
    (run / "run-1" / "toc.xml").write_text("<x/>")
    (tmp_path / "coreml-os-signpost.xml").write_text("<x/>")
    (tmp_path / "Session 3.trace").mkdir()
    assert default_name(run) == "my-run"
    assert default_name(run / "run-1") == "run-1"
    assert default_name(run / "run-1" / "toc.xml") == "run-1"
    assert default_name(tmp_path / "coreml-os-signpost.xml") == "coreml-os-signpost"
    assert default_name(tmp_path / "Session 3.trace") == "Session 3"


def test_plan_outputs() -> None:
    assert plan_outputs("reports/x", None, None) == (
        Output("html", "reports/x.html"), Output("md", "reports/x.md"),
        Output("json", "reports/x.json"))
    assert plan_outputs("reports/x", None, "md") == (Output("md", "reports/x.md"),)
    assert plan_outputs("reports/x", "-", None) == (Output("md", "-"),)
    assert plan_outputs("reports/x", "-", "json") == (Output("json", "-"),)
    assert plan_outputs("reports/x", "a/b.HTML", None) == (Output("html", "a/b.HTML"),)
    assert plan_outputs("reports/x", "report.out", "json") == (Output("json", "report.out"),)
    with pytest.raises(InputError):
        plan_outputs("reports/x", "-", "html")


def test_refuse_existing(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    refuse_existing([Output("md", str(target)), Output("json", "-")], force=False)
    target.write_text("old")
    with pytest.raises(OutputExistsError) as info:
        refuse_existing([Output("md", str(target))], force=False)
    assert info.value.path == str(target)
    refuse_existing([Output("md", str(target))], force=True)
