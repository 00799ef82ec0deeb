"""`profiler triage` on bare logs and .ips files (synthetic fixtures), through the root app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from profiler.analysis.diagnostics import signatures
from profiler.cli import app
from profiler.errors import ExitCode
from tests.analysis.test_diagnostics_ips import HEADER, jetsam_body, write_ips

runner = CliRunner()
LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "logs"


def sig(code: str):  # type: ignore[no-untyped-def]
    return next(s for s in signatures() if s.code == code)


def console_log(tmp_path: Path) -> Path:
    log = tmp_path / "console.log"
    log.write_text(
        "Waiting for the application to terminate…\r\n"
        "Invalid group id in source layers: var_49_cast\r\n"
        "E5RT: MILCompileForANE error: failed to compile ANE model using ANEF. "
        "Error=_ANECompiler : ANECCompile() FAILED (11)\r\n"
        "E5RT: MILCompileForANE error: failed to compile ANE model using ANEF. "
        "Error=_ANECompiler : ANECCompile() FAILED (11)\r\n",
        "utf-8",
    )
    return log


def test_triage_text_on_a_bare_log(tmp_path: Path) -> None:
    log = console_log(tmp_path)
    result = runner.invoke(app, ["triage", str(log)])
    assert result.exit_code == 0, result.output
    ane, benign = sig("ane-compile-failed"), sig("invalid-group-id-benign")
    evidence = (
        "E5RT: MILCompileForANE error: failed to compile ANE model using ANEF. "
        "Error=_ANECompiler : ANECCompile() FAILED (11)"
    )
    assert result.output.splitlines() == [
        f"[error] ane-compile-failed ×2: {ane.message}",
        f"  evidence: console.log:3: {evidence}",
        f"  advice: {ane.advice}",
        f"  link: {ane.link}",
        f"[info] invalid-group-id-benign: {benign.message}",
        "  evidence: console.log:2: Invalid group id in source layers: var_49_cast",
        f"  advice: {benign.advice}",
        f"  link: {benign.link}",
        "2 findings in 1 file: 1 error, 0 warnings, 1 info",
    ]
    assert "Traceback" not in result.output


def test_triage_json_mixes_logs_and_jetsam(tmp_path: Path) -> None:
    ips = write_ips(tmp_path / "JetsamEvent-2026.ips", HEADER, jetsam_body())
    result = runner.invoke(
        app, ["triage", "--format", "json", str(console_log(tmp_path)), str(ips)]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["format"] == "coreml-profiler.triage" and doc["version"] == 1
    assert doc["files"] == [str(tmp_path / "console.log"), str(ips)]
    rows = [(d["code"], d["severity"], d["count"]) for d in doc["diagnostics"]]
    assert rows == [
        ("ane-compile-failed", "error", 2),
        ("jetsam-memory-limit", "error", 1),
        ("invalid-group-id-benign", "info", 1),
    ]
    jetsam = doc["diagnostics"][1]
    assert set(jetsam) == {
        "code", "severity", "message", "evidence", "source", "link", "advice", "count",
        "first_s", "last_s",
    }  # fmt: skip
    assert "per-process limit 2,867.0 MiB" in jetsam["evidence"]["text"]


def test_triage_markdown_escapes_backticks(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    log.write_text("std::bad_alloc in `weird` <script>alert(1)</script>\n", "utf-8")
    result = runner.invoke(app, ["triage", "-f", "md", str(log)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "# Triage"
    assert (
        "  - evidence (`x.log:1`): ``std::bad_alloc in `weird` <script>alert(1)</script>``" in lines
    )


def test_triage_nothing_found(tmp_path: Path) -> None:
    result = runner.invoke(app, ["triage", str(LOGS / "negative.log")])
    assert result.exit_code == 0
    assert result.output == "no known failure signatures in 1 file\n"


def test_triage_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    binary = tmp_path / "trace.bin"
    binary.write_bytes(b"\x00\x01\x02")
    bad_ips = tmp_path / "bad.ips"
    bad_ips.write_text("not a header\n", "utf-8")
    cases = [
        (tmp_path / "missing.log", f"error: {tmp_path / 'missing.log'}: no such file"),
        (binary, f"error: {binary}: is a binary file, not a text log"),
        (
            bad_ips,
            f"error: {bad_ips}:1: not an IPS crash report: the first line is not a JSON header",
        ),
    ]
    for path, first in cases:
        result = runner.invoke(app, ["triage", str(path)])
        assert result.exit_code == ExitCode.BAD_INPUT
        assert result.output.splitlines()[0] == first
        assert result.output.splitlines()[1].startswith("hint: ")
        assert "Traceback" not in result.output


def test_terminal_escapes_in_a_log_and_its_name_never_reach_the_terminal(tmp_path: Path) -> None:
    # OSC 52 would write the clipboard, OSC 0 the window title, CSI 2J clear the screen
    evil = "\x1b]52;c;ZXZpbA==\x07\x1b]0;title\x1b\\\x1b[2J\x9b2J\x07"
    log = tmp_path / f"console{evil}.log"
    log.write_text("E5RT: MILCompilerForANE error: failed to compile ANE model" + evil + " end\n",
                   "utf-8")
    result = runner.invoke(app, ["triage", str(log)])
    assert result.exit_code == 0
    evidence = next(line for line in result.stdout.splitlines() if "evidence:" in line)
    assert evidence == ("  evidence: console.log:1: E5RT: MILCompilerForANE error: failed to "
                        "compile ANE model end")
    assert not any(ch in result.stdout for ch in "\x1b\x07\x9b")


def test_triage_needs_a_file_and_a_known_format(tmp_path: Path) -> None:
    assert runner.invoke(app, ["triage"]).exit_code == ExitCode.USAGE
    log = console_log(tmp_path)
    assert runner.invoke(app, ["triage", "--format", "html", str(log)]).exit_code == ExitCode.USAGE


def doc_examples() -> list[tuple[str, str]]:
    """(command, expected output) for every `$ profiler triage` line in docs/triage.md."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "triage.md").read_text("utf-8")
    examples: list[tuple[str, list[str]]] = []
    in_block = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_block = not in_block
            continue
        if in_block and line.startswith("$ profiler triage"):
            examples.append((line[2:], []))
        elif in_block and examples and not line.startswith("profiler triage FILE"):
            examples[-1][1].append(line)
    return [(cmd, "\n".join(out) + "\n") for cmd, out in examples]


def test_docs_show_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    examples = doc_examples()
    assert len(examples) == 4
    for command, expected in examples:
        result = runner.invoke(app, shlex.split(command)[1:])
        assert result.output == expected, command
