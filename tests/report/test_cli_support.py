"""Output planning for `profiler report`: names, formats and early refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiler.errors import InputError, OutputExistsError
from profiler.report.cli_support import default_name, plan_outputs, refuse_existing


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
    assert plan_outputs("x", None, None) == [("html", "reports/x.html"), ("md", "reports/x.md"),
                                             ("json", "reports/x.json")]
    assert plan_outputs("x", None, "md") == [("md", "reports/x.md")]
    assert plan_outputs("x", "-", None) == [("md", "-")]
    assert plan_outputs("x", "-", "json") == [("json", "-")]
    assert plan_outputs("x", "a/b.HTML", None) == [("html", "a/b.HTML")]
    assert plan_outputs("x", "report.out", "json") == [("json", "report.out")]
    with pytest.raises(InputError):
        plan_outputs("x", "-", "html")


def test_refuse_existing(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    refuse_existing([("md", str(target)), ("json", "-")], force=False)
    target.write_text("old")
    with pytest.raises(OutputExistsError) as info:
        refuse_existing([("md", str(target))], force=False)
    assert info.value.path == str(target)
    refuse_existing([("md", str(target))], force=True)
