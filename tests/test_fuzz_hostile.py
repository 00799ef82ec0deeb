"""Fuzz test (issue 12): mutated real exports and hostile fixtures never crash or balloon.

Seeds are the real exports in ../shared/real-traces (read in place, never copied into the repo)
and the hostile fixtures in tests/fixtures/hostile; hypothesis mutates them (bytes flipped,
ranges cut or repeated, hostile tokens spliced in). Every mutated file is SYNTHETIC. For each
example:

- ``read_toc`` / ``read_tables`` on the file, and ``load`` → ``analyze`` → the Markdown, HTML
  and JSON reporters on a folder holding it beside a real TOC and a real table;
- any exception must be a :class:`ProfilerError` (one ``error:`` line for the user);
- peak RSS may not rise by more than 200 MB over the RSS before the example (``ru_maxrss`` is a
  high-water mark: a rise is seen whenever an example sets a new peak, which a runaway
  allocation always does).

Bounded to about 60 s (``PROFILER_FUZZ_SECONDS`` sets the budget). The number of examples and
the slowest one are printed (``pytest -s`` shows them) and written to the test's report.
"""

from __future__ import annotations

import os
import resource
import shutil
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

import profiler
from profiler.errors import ProfilerError
from profiler.report.html import render_html
from profiler.report.json_report import render_json
from profiler.report.markdown import render_markdown
from profiler.trace import read_tables
from profiler.trace.source import sniff
from profiler.trace.toc import read_toc

REAL = Path(__file__).resolve().parents[2] / "shared" / "real-traces"
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
BUDGET_S = float(os.environ.get("PROFILER_FUZZ_SECONDS", "60"))
MAX_RISE_BYTES = 200 * 1024 * 1024
_SEED_MAX_BYTES = 64 * 1024  # small seeds keep every example fast
_BASE_TOC = "mattmireles__mamba-asr-mps__fp16_w8_coreml_only_toc.xml"
_BASE_TABLE = "mattmireles__mamba-asr-mps__coreml_os_signpost.xml"

#: Hostile tokens spliced into the seeds: the shapes of issue 12's findings.
TOKENS = [
    b' id="1000000000"', b' ref="1000000000"', b' id="\xc2\xb2"', b' id="' + b"9" * 5000 + b'"',
    b' fmt="\xe2\x80\xae<script>alert(1)</script>"', b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"&a;", b"&#0;", b"\x00", b"\xff\xfe", b"NaN", b"inf", b"1e300", b"-1",
    b"9223372036854775807", b"18446744073709551616", b"<row>", b"</row>", b"<node>",
    b'<schema name="x">', b"<sentinel/>", b"https://evil.example/x www.evil.example",
    b"\x1b]0;pwned\x07", b"\xe2\x80\xae\xe2\x81\xa6", b"<a>" * 3000, b'"' * 50,
    b"x" * 100_000, b'<process id="9" fmt="' + b"P" * 200_000 + b'"/>',
]


def _seeds() -> dict[str, bytes]:
    files = sorted(HOSTILE.glob("*.xml"))
    if REAL.is_dir():
        files += sorted(f for f in REAL.glob("*.xml") if f.stat().st_size <= _SEED_MAX_BYTES)
    return {f.name: f.read_bytes() for f in files}


SEEDS = _seeds()


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(0, 4))):
        where = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["token", "flip", "cut", "repeat", "truncate"]))
        if kind == "token":
            data[where:where] = draw(st.sampled_from(TOKENS))
        elif kind == "flip" and data:
            data[min(where, len(data) - 1)] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[where: where + draw(st.integers(1, 200))]
        elif kind == "repeat":
            piece = data[where: where + draw(st.integers(1, 400))]
            data[where:where] = bytes(piece) * draw(st.integers(1, 50))
        else:
            del data[where:]
    return name, bytes(data)


class _Stats:
    examples = 0
    slowest = (0.0, "")
    worst_rise = 0


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def _each_entry_point(path: Path, folder: Path) -> None:
    """Every entry point of the issue on ``path``; anything but a ProfilerError escapes."""
    for call in (lambda: read_toc(path), lambda: read_tables(path)):
        try:
            call()
        except ProfilerError:
            pass
    try:
        kind = sniff(path)
    except ProfilerError:
        kind = "table"
    target = folder / ("toc.xml" if kind == "toc" else "fuzzed.xml")
    shutil.copyfile(path, target)
    try:
        analysis = profiler.analyze(profiler.load(folder))
        render_markdown(analysis)
        render_html(analysis, plotlyjs="cdn")
        render_json(analysis)
    except ProfilerError:
        pass


def _run_batch(batch: int, deadline: float, tmp: Path, failures: list[str]) -> None:
    @hypothesis_seed(batch)
    @settings(max_examples=20, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(mutated())
    def one(case: tuple[str, bytes]) -> None:
        if time.monotonic() > deadline:
            return
        name, data = case
        work = tmp / f"case-{_Stats.examples}"
        folder = work / "rec"
        folder.mkdir(parents=True)
        if REAL.is_dir():
            shutil.copyfile(REAL / _BASE_TOC, folder / "toc.xml")
            shutil.copyfile(REAL / _BASE_TABLE, folder / "coreml.xml")
        path = work / name
        path.write_bytes(data)
        before_rss, before_peak = _rss_bytes(), _peak_bytes()
        started = time.monotonic()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _each_entry_point(path, folder)
        except Exception as exc:  # noqa: BLE001 - the point: report what escaped, with its seed
            failures.append(f"{name} ({len(data)} bytes): {type(exc).__name__}: {exc}"[:500])
        finally:
            took = time.monotonic() - started
            peak = _peak_bytes()
            rise = peak - before_rss if peak > before_peak else 0
            _Stats.examples += 1
            _Stats.worst_rise = max(_Stats.worst_rise, rise)
            if took > _Stats.slowest[0]:
                _Stats.slowest = (took, f"{name} mutated to {len(data)} bytes")
            if rise > MAX_RISE_BYTES:
                failures.append(f"{name} ({len(data)} bytes): peak RSS rose by "
                                f"{rise // 2**20} MiB")
            shutil.rmtree(work, ignore_errors=True)

    one()


@pytest.mark.skipif(not SEEDS, reason="no seeds")
def test_mutated_exports_raise_only_profiler_errors_in_bounded_memory(
        tmp_path: Path, record_property: pytest.FixtureRequest) -> None:
    deadline = time.monotonic() + BUDGET_S
    failures: list[str] = []
    batch = 0
    while time.monotonic() < deadline and len(failures) < 5:
        _run_batch(batch, deadline, tmp_path, failures)
        batch += 1
    took, case = _Stats.slowest
    note = (f"fuzz: {_Stats.examples} examples in {BUDGET_S:.0f} s budget; slowest "
            f"{took:.2f} s ({case}); largest peak-RSS rise {_Stats.worst_rise // 2**20} MiB")
    print(note)
    record_property("fuzz", note)  # type: ignore[operator]
    assert _Stats.examples > 0
    assert not failures, "\n".join(failures)
