"""`profiler run --framework coreai` / `--template 'Core AI'` against the fake xcrun (SYNTHETIC
Core AI recordings in the real Core AI TOC's shape; no device or Xcode is used)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.test_run import BASE, BUNDLE, INSTRUMENTS, error_lines, invoke, run_json
from tests.fakes import fake_data, harness
from tests.fakes.harness import PHONE_UDID, PREFLIGHT

fake_xcrun = harness.fake_xcrun
#: every table of interest the Core AI TOC lists, in its order
CORE_AI_TABLES = ("ProcessCPUUsage", "SystemCPUUsage", "ane-hw-intervals", "coreml-os-signpost",
                  "CoreAIProfile", "metal-gpu-intervals", "ThreadCPUUsage", "mps-hw-intervals")


def _calls(k: int) -> list[list[str]]:
    bundle = f"traces/t/run-{k}/run-{k}.trace"
    record = ["xctrace", "record", "--device", PHONE_UDID, "--template", "Core AI", *INSTRUMENTS,
              "--time-limit", "60s", "--output", bundle, "--target-stdout",
              f"traces/t/run-{k}/console.log", "--env", f"PROFILER_RUN_ID=t/run-{k}",
              "--launch", "--", BUNDLE]
    exports = [["xctrace", "export", "--input", bundle, "--toc", "--output",
                f"traces/t/run-{k}/toc.xml"]]
    exports += [["xctrace", "export", "--input", bundle, "--xpath",
                 f'/trace-toc/run[@number="1"]/data/table[@schema="{schema}"]',
                 "--output", f"traces/t/run-{k}/{schema}.xml"] for schema in CORE_AI_TABLES]
    return [record, *exports]


@pytest.mark.parametrize("how", [("--framework", "coreai"), ("--template", "Core AI")])
def test_core_ai_runs_export_the_core_ai_tables(fake_xcrun, how) -> None:
    result = invoke(*how)
    assert result.exit_code == 0, result.output
    calls = [c for c in fake_xcrun.calls() if c[:2] in (["xctrace", "record"],
                                                        ["xctrace", "export"])]
    assert calls == [*_calls(1), *_calls(2)]
    assert fake_xcrun.calls()[:len(PREFLIGHT)] == PREFLIGHT
    doc = run_json()
    assert doc["options"]["template"] == "Core AI"
    assert set(doc["recordings"][0]["tables"]) == {f"{s}.xml" for s in CORE_AI_TABLES}
    toc = Path("traces/t/run-1/toc.xml").read_text("utf-8")
    assert "<template-name>Core AI (SYNTHETIC)</template-name>" in toc and "<all-processes/>" in toc
    assert 'swift-table="&quot;CoreAIProfile(stripNumericSufix: true)&quot;"' in toc


def test_framework_and_template_must_agree(fake_xcrun) -> None:
    result = invoke("--framework", "coreai", "--template", "Core ML")
    assert result.exit_code == 2
    assert error_lines(result) == [
        "error: --template 'Core ML' and --framework coreai disagree",
        "hint: give one of them (--framework coreai means --template 'Core AI')"]
    assert fake_xcrun.calls() == []


def test_the_fake_lists_core_ai_as_inferred() -> None:
    assert "Core AI" in fake_data.LISTS["templates"].splitlines()
    source = (Path(fake_data.__file__)).read_text("utf-8")
    assert re.search(r'"Core AI" is INFERRED', source)
    assert BASE[0] == "run"
