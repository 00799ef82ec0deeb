"""The signature catalogue and the text recogniser, driven by tests/fixtures/logs (synthetic)."""

from __future__ import annotations

from pathlib import Path

import pytest

from profiler.analysis.diagnostics import findings, scan_lines, scan_log_file, signatures
from profiler.analysis.diagnostics.signatures import literal_prefix
from profiler.analysis.summary import Severity
from profiler.errors import ExitCode, InputError

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "logs"
ROOT = Path(__file__).resolve().parents[2]

#: The codes issue 8 requires, plus the benign line and the metric findings.
REQUIRED = {
    "ane-compile-failed",
    "ane-plan-build-failed",
    "ane-program-load-failed",
    "nn-output-error",
    "ane-inference-overflow",
    "ane-inference-error",
    "wrong-compute-unit",
    "stale-e5-cache",
    "ane-shape-unsupported",
    "jetsam-memory-limit",
    "bad-alloc",
    "invalid-group-id-benign",
}
REQUIRED_FINDINGS = {
    "near-jetsam-limit",
    "silent-ane-fallback",
    "slow-uncached-load",
    "coreml-table-empty",
    "thermal-throttling",
}
PLAIN = [s for s in signatures() if not s.fields]


def fixture_lines(path: Path) -> list[str]:
    return [
        line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")
    ]


def test_catalogue_has_every_required_code_once() -> None:
    codes = [s.code for s in signatures()]
    assert len(codes) == len(set(codes))
    assert REQUIRED <= set(codes)
    assert REQUIRED_FINDINGS <= set(findings())
    assert not set(codes) & set(findings())


def test_every_entry_has_message_advice_and_severity() -> None:
    entries = [*signatures(), *findings().values()]
    for entry in entries:
        assert entry.message and "\n" not in entry.message, entry.code
        assert entry.advice, entry.code
        assert isinstance(entry.severity, Severity)
    assert next(s for s in signatures() if s.code == "invalid-group-id-benign").severity == "info"
    for sig in signatures():
        assert sig.link and sig.link.startswith("https://"), sig.code


@pytest.mark.parametrize("sig", PLAIN, ids=lambda s: s.code)
def test_each_fixture_line_gives_exactly_its_code(sig) -> None:  # type: ignore[no-untyped-def]
    path = LOGS / f"{sig.code}.log"
    lines = fixture_lines(path)
    assert lines, f"{path} has no lines"
    for line in lines:
        found = scan_lines([line], "fixture")
        assert [d.code for d in found] == [sig.code], line
        assert found[0].severity == sig.severity
        assert found[0].evidence is not None and found[0].evidence.text == line.strip()


@pytest.mark.parametrize("sig", PLAIN, ids=lambda s: s.code)
def test_every_pattern_is_exercised_by_its_fixture(sig) -> None:  # type: ignore[no-untyped-def]
    lines = fixture_lines(LOGS / f"{sig.code}.log")
    for pattern in sig.patterns:
        assert any(pattern.search(line) for line in lines), pattern.pattern


def test_negative_lines_match_nothing() -> None:
    lines = fixture_lines(LOGS / "negative.log")
    assert len(lines) >= 10
    for line in lines:
        assert scan_lines([line], "negative") == [], line


def test_contextual_signature_never_matches_bare_text() -> None:
    # coreml-runtime-issue needs os-log subsystem/category; a text line cannot satisfy it
    assert scan_lines(["com.apple.runtime-issues CoreML something odd"], "x") == []


def test_crlf_ansi_and_line_numbers_and_times() -> None:
    lines = [
        "Loading resources\r\n",
        "\x1b[1A\x1b[K[coreml] Error computing NN outputs -1\r\n",
        "std::bad_alloc\r\n",
    ]
    found = scan_lines(lines, "console.log", times=[1.0, 2.5])
    assert [(d.code, d.evidence.source, d.evidence.time_s) for d in found] == [  # type: ignore[union-attr]
        ("nn-output-error", "console.log:2", 2.5),
        ("bad-alloc", "console.log:3", None),
    ]
    assert found[0].evidence.text == "[coreml] Error computing NN outputs -1"  # type: ignore[union-attr]
    assert (found[0].first_s, found[0].last_s) == (2.5, 2.5)


def test_one_line_can_carry_two_codes_but_each_once() -> None:
    line = "Error computing NN outputs after std::bad_alloc; std::bad_alloc again"
    assert sorted(d.code for d in scan_lines([line], "x")) == ["bad-alloc", "nn-output-error"]


def test_scan_log_file_reads_a_whole_fixture(tmp_path: Path) -> None:
    found = scan_log_file(LOGS / "ane-compile-failed.log")
    assert [d.code for d in found] == ["ane-compile-failed"] * 4
    assert found[0].source == "ane-compile-failed.log"
    assert all(d.evidence is not None and d.evidence.time_s is None for d in found)


def test_scan_log_file_tolerates_bad_utf8(tmp_path: Path) -> None:
    log = tmp_path / "console.log"
    log.write_bytes(b"\xff\xfe garbage\nstd::bad_alloc\n")
    assert [d.code for d in scan_log_file(log)] == ["bad-alloc"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.log", "no such file"),
        (lambda p: p, "is a folder, not a log file"),
        (lambda p: (p / "b.log").write_bytes(b"\x00\x01ELF") and p / "b.log", "is a binary file"),
    ],
)
def test_scan_log_file_bad_input(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(InputError) as info:
        scan_log_file(path)
    assert message in info.value.message
    assert info.value.path == str(path)
    assert info.value.exit_code == ExitCode.BAD_INPUT


def test_docs_list_every_code() -> None:
    doc = (ROOT / "docs" / "triage.md").read_text("utf-8")
    for code in [s.code for s in signatures()] + list(findings()):
        assert f"`{code}`" in doc, code


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        ("MILCompiler?ForANE error", "milcompile"),  # the optional "r" is not required
        ("abc+", "abc"),
        ("ab*c", "a"),
        ("a{2}b", ""),
        ("x|y", ""),  # an alternation has no common literal
        ("\\S", ""),
        ("std::bad_alloc", "std::bad_alloc"),
    ],
)
def test_prefilter_literals_are_conservative(pattern: str, literal: str) -> None:
    assert literal_prefix(pattern) == literal
