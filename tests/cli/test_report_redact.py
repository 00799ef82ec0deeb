"""`profiler report --redact`: no device or host name, UDID, home path or prompt in any output.

The run is the SYNTHETIC sample with identifying values planted in run.json, the TOC and an app
log; every output is then searched for each original (and its host-name spellings).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from profiler.cli import app
from tests.conftest import ROOT, SAMPLE_RUN

runner = CliRunner()
DEVICE = "Jane Appleseed’s iPhone"
HOST = "Jane's MacBook Pro"
UDID = "00008110-001A2B3C4D5E6F70"
IDENTIFIER = "8C2D1F3A-1B2C-4D5E-9F00-112233445566"
TOC_HOST_UUID = "F00DF00D-AAAA-BBBB-CCCC-123456789ABC"
PROMPT = "a watercolour fox asleep in the snow"
HOME = "/Users/jappleseed"
ORIGINALS = (DEVICE, HOST, UDID, IDENTIFIER, TOC_HOST_UUID, PROMPT, "jappleseed",
             "Jane-Appleseeds-iPhone", "Janes-MacBook-Pro.local")
MODEL = ROOT / "tests" / "fixtures" / "mlmodelc" / "sd15-chunked"


def _planted(tmp_path: Path) -> Path:
    run = tmp_path / "run"
    shutil.copytree(SAMPLE_RUN, run)
    record = json.loads((run / "run.json").read_text("utf-8"))
    record["device"].update(name=DEVICE, udid=UDID, identifier=IDENTIFIER)
    record["argv"] = ["profiler", "run", "--device", UDID, "--prompt", PROMPT,
                      "--model-path", f"{HOME}/Models/sd15"]
    record["options"] = {"device": UDID, "prompt": PROMPT, "steps": 25,
                         "model_path": f"{HOME}/Models/sd15"}
    record["versions"]["host"] = None  # the TOC's host device gives it
    (run / "run.json").write_text(json.dumps(record), "utf-8")
    for toc in run.glob("run-*/toc.xml"):
        text = toc.read_text("utf-8").replace('name="SYNTHETIC iPhone"', 'name="Jane Appleseed’s iPhone"')
        text = re.sub(r'uuid="[^"]+"', f'uuid="{UDID}"', text, count=1)
        host = (f'<host-device uuid="{TOC_HOST_UUID}" model="MacBook Pro" name="{HOST}" '
                'os-version="15.1 (24B83)" platform="macOS"/>')
        text = text.replace("/>\n        <process type=", f"/>\n        {host.replace(chr(39), '&apos;')}\n"
                            "        <process type=", 1)
        toc.write_text(text, "utf-8")
    return run


@pytest.fixture
def outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    run = _planted(tmp_path)
    log = tmp_path / "app.log"
    log.write_text(f"10:00:01 Janes-MacBook-Pro.local CoreDiffuse[1234]: prompt {PROMPT!r} "
                   f"from {HOME}/Library/Models on {DEVICE}: E5RT encountered an STL exception\n",
                   "utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", str(run), "--redact", "--log", str(log),
                                 "--model-path", str(MODEL)])
    assert result.exit_code == 0, result.output
    files = {p.suffix: p.read_text("utf-8") for p in (tmp_path / "reports").iterdir()}
    files["stderr"] = result.output
    return files


def test_no_original_is_left_in_any_output(outputs: dict[str, str]) -> None:
    assert set(outputs) == {".html", ".md", ".json", "stderr"}
    for name, text in outputs.items():
        for original in ORIGINALS:
            assert original not in text, (name, original)
            assert original.replace("'", "&#39;") not in text, (name, original)


def test_placeholders_stand_where_the_originals_were(outputs: dict[str, str]) -> None:
    data = json.loads(outputs[".json"])
    assert data["device"]["name"] == "device-1"
    env = data["environment"]
    assert env["prompt"] == "prompt-1"
    assert env["run_command"] == ("profiler run --device udid-1 --prompt 'prompt-1' "
                                  "--model-path /Users/user-1/Models/sd15")
    assert env["host_os"] == "macOS 15.1 (24B83)"  # a version is no secret
    (ane,) = [d for d in data["diagnostics"] if d["code"] == "ane-compile-failed"]
    assert ane["evidence"]["text"] == ("10:00:01 host-1 CoreDiffuse[1234]: prompt 'prompt-1' "
                                       "from /Users/user-1/Library/Models on device-1: "
                                       "E5RT encountered an STL exception")
    assert "device-1" in outputs[".md"] and "device-1" in outputs[".html"]


def test_the_same_input_gives_the_same_placeholders(outputs: dict[str, str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    run = _planted(tmp_path / "again")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "again.json"
    result = runner.invoke(app, ["report", str(run), "--redact", "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    again = json.loads(out.read_text("utf-8"))
    first = json.loads(outputs[".json"])
    assert again["device"] == first["device"]
    assert again["environment"]["run_command"] == first["environment"]["run_command"]
