"""Imports point down only, with no circles at any level (TYPE_CHECKING imports included).

Layers, low to high: base modules (errors, codec, text, units, severity, files, hardware) <
trace < the core (analysis, model, device, store) < report < cli. Inside the core, analysis may
use model and device; model and device import neither analysis nor each other; the run store
builds on the analysis (its one aggregation, the compare gate) and nothing in the core imports it.
"""

from __future__ import annotations

from pathlib import Path

from tests.layering import Layers, check

ROOT = Path(__file__).resolve().parent.parent
LAYERS = Layers(
    ranks={"trace": 1, "analysis": 2, "model": 2, "device": 2, "report": 3, "cli": 4},
    forbidden=frozenset({("model", "analysis"), ("model", "device"),
                         ("device", "analysis"), ("device", "model")}),
)
def test_profiler_imports_point_down_only() -> None:
    assert check(ROOT / "profiler", LAYERS).problems == []


def test_the_checker_sees_an_upward_import_and_a_circle() -> None:
    toy = Layers(ranks={"low": 1, "high": 2})
    report = check(ROOT / "tests" / "fixtures" / "layers" / "toypkg", toy)
    assert report.upward == ("toypkg.low.leak -> toypkg.high.top",)
    assert report.module_circles == (("toypkg.low.ping", "toypkg.low.pong"),)
    assert report.package_circles == (("high", "low"),)  # the upward import closes one
    assert report.forbidden == ()


def test_the_checker_sees_a_forbidden_sideways_import() -> None:
    toy = Layers(ranks={"low": 1, "high": 1}, forbidden=frozenset({("high", "low")}))
    report = check(ROOT / "tests" / "fixtures" / "layers" / "toypkg", toy)
    assert report.forbidden == ("toypkg.high.top -> toypkg.low.ping",)
    assert report.upward == ()
