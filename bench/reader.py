"""Reader benchmark: `python -m bench.reader [--rows N] [--repeat K]` (run by `make bench`).

Every figure is a ratio against bare lxml iterparse (visit and clear each row, nothing else) of
the same bytes, in the same run, plus peak RSS; each measurement runs in its own child process
so peaks don't mix, and a and b alternate ``--repeat`` times so a busy machine slows both alike.
Layouts (SYNTHETIC, generated into a temporary folder):

1. ``os-signpost-interval`` with ``os-log-metadata`` messages: ``../shared/tools/gen_export.py``
   (issue 13's first line: 1M rows, 357 MB);
2. an Xcode 26 time profile (``tagged-backtrace`` wrapping ``backtrace``, as in the real
   ``openjdk__jmh__*xcode26.4.1`` exports), :func:`bench.generate.generate` ``layout="tagged"``;
3. the Xcode 14 time profile this benchmark used before (``backtrace``), kept as one more line.

Targets (issue 13): ``read_tables`` time <= 1.0x bare iterparse and peak RSS <= 300 MB, each
printed with its figure and "met" / "not met". ``--careful`` adds the pure-Python reader
(``PROFILER_READER=python``: what a user without a C compiler gets), ``--naive`` the
``xml.etree`` + id dict approach. Issue 13's other lines are ``bench.report`` (the 30-minute
recording) and ``bench.startup`` (``--help``); ``bench.targets`` prints them all together.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.targets import record

ROOT = Path(__file__).resolve().parent.parent
GEN_EXPORT = ROOT.parent / "shared" / "tools" / "gen_export.py"
TIME_RATIO_TARGET = 1.0
RSS_TARGET_MB = 300
NAIVE_MEMORY_LIMIT = 12 * 1024**3  # the naive DOM reader is stopped beyond this address space


def _bare(path: str) -> tuple[int, str]:
    from lxml import etree

    rows = 0
    for _event, elem in etree.iterparse(path, events=("end",), tag="row", huge_tree=True):
        rows += 1
        elem.clear(keep_tail=False)
        parent = elem.getparent()
        while elem.getprevious() is not None:
            del parent[0]
    return rows, "lxml"


def _reader(path: str) -> tuple[int, str]:
    from profiler.trace import read_tables

    tables = read_tables(path)
    return sum(t.row_count for t in tables), ", ".join(sorted({t.reader for t in tables}))


def _naive(path: str) -> tuple[int, str]:
    import xml.etree.ElementTree as ET

    resource.setrlimit(resource.RLIMIT_AS, (NAIVE_MEMORY_LIMIT, NAIVE_MEMORY_LIMIT))
    root = ET.parse(path).getroot()
    ids = {e.get("id"): e for e in root.iter() if e.get("id") is not None}
    rows = []
    for row in root.iter("row"):
        cells = []
        for cell in row:
            ref = cell.get("ref")
            target = ids[ref] if ref is not None else cell
            cells.append(target.get("fmt") if len(target) else target.text)
        rows.append(cells)
    return len(rows), "etree"


READERS = {
    "a": ("bare lxml iterparse", _bare),
    "b": ("read_tables", _reader),
    "careful": ("read_tables, python reader", _reader),
    "naive": ("naive etree + id dict", _naive),
}


def _child(which: str, path: str) -> None:
    if which == "careful":
        os.environ["PROFILER_READER"] = "python"
    start = time.perf_counter()
    cpu = time.process_time()
    try:
        rows, how = READERS[which][1](path)
    except MemoryError:
        rows, how = 0, "MemoryError"
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "how": how, "seconds": seconds, "cpu": cpu, "peak_mb": peak_kb / 1024}))


def _run(which: str, path: Path) -> dict:
    proc = subprocess.run(  # our own interpreter and module, no shell
        [sys.executable, "-m", "bench.reader", "--child", which, str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        nan = float("nan")
        why = f"failed ({proc.returncode}): {proc.stderr.strip()[-200:]}"
        return {"rows": 0, "how": why, "seconds": nan, "cpu": nan, "peak_mb": nan}
    return json.loads(proc.stdout.strip().splitlines()[-1])


@dataclass
class Layout:
    title: str
    path: Path
    ratios: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)


def _generate(tmp: Path, rows: int) -> list[Layout]:
    from bench.generate import generate

    layouts = []
    signpost = tmp / "os-signpost-interval.synthetic.xml"
    if GEN_EXPORT.is_file():
        subprocess.run([sys.executable, str(GEN_EXPORT), str(rows), str(signpost)], check=True)
        layouts.append(Layout("os-signpost-interval + os-log-metadata (gen_export.py)", signpost))
    else:
        print(f"note: {GEN_EXPORT} not found; the os-signpost-interval layout is skipped")
    tagged = tmp / "time-profile.xcode26.synthetic.xml"
    generate(tagged, rows, layout="tagged")
    layouts.append(Layout("time-profile, Xcode 26 tagged-backtrace", tagged))
    plain = tmp / "time-profile.synthetic.xml"
    generate(plain, rows)
    layouts.append(Layout("time-profile, Xcode 14 backtrace (the earlier bench file)", plain))
    return layouts


def _line(which: str, r: dict, mb: float) -> str:
    rate = mb / r["seconds"] if r["seconds"] == r["seconds"] and r["seconds"] else float("nan")
    return (
        f"({which}) {READERS[which][0]:<27} {r['seconds']:6.2f} s wall {r['cpu']:6.2f} s CPU"
        f" {rate:6.1f} MB/s  peak RSS {r['peak_mb']:6.1f} MB  rows {r['rows']}  [{r['how']}]"
    )


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def _measure(layout: Layout, repeat: int, extra: list[str]) -> None:
    mb = layout.path.stat().st_size / 1e6
    print(f"\n{layout.title}: {mb:.1f} MB SYNTHETIC")
    for n in range(1, repeat + 1):
        a, b = _run("a", layout.path), _run("b", layout.path)
        ratio = b["seconds"] / a["seconds"]
        layout.ratios.append(ratio)
        layout.peaks.append(b["peak_mb"])
        print(f"  pass {n}:")
        print("    " + _line("a", a, mb))
        print("    " + _line("b", b, mb))
        print(f"    b/a = {b['seconds']:.2f} s / {a['seconds']:.2f} s = {ratio:.2f} (CPU {b['cpu'] / a['cpu']:.2f})")
    for which in extra:
        r = _run(which, layout.path)
        print("  " + _line(which, r, mb) + f"  = {r['seconds'] / a['seconds']:.2f}x a (last pass)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reader", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows per layout (default 1M)")
    parser.add_argument("--repeat", type=int, default=3, help="passes of a and b per layout (default 3)")
    parser.add_argument("--careful", action="store_true", help="also time the pure-Python reader")
    parser.add_argument("--naive", action="store_true", help="also time the naive etree reader (~5 GB)")
    parser.add_argument("--child", nargs=2, metavar=("READER", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    extra = [w for w, on in (("careful", args.careful), ("naive", args.naive)) if on]
    with tempfile.TemporaryDirectory(prefix="profiler-bench-") as tmp:
        start = time.perf_counter()
        layouts = _generate(Path(tmp), args.rows)
        print(f"generated {len(layouts)} SYNTHETIC exports of {args.rows} rows in {time.perf_counter() - start:.1f} s")
        print(f"before: {_load()}")
        for layout in layouts:
            _measure(layout, max(1, args.repeat), extra)
        print(f"\nafter: {_load()}")
    print(f"\nTargets (issue 13), read_tables against bare lxml iterparse of the same bytes, {args.rows} rows:")
    for layout in layouts:
        med = statistics.median(layout.ratios)
        peak = max(layout.peaks)
        print(record(
            f"  read_tables, {layout.title}, {args.rows} rows: time against bare iterparse median {med:.2f} "
            f"(min {min(layout.ratios):.2f}, max {max(layout.ratios):.2f}; target <= {TIME_RATIO_TARGET}) "
            f"{_verdict(med <= TIME_RATIO_TARGET)}; peak RSS {peak:.0f} MB (target <= {RSS_TARGET_MB} MB) "
            f"{_verdict(peak <= RSS_TARGET_MB)}"
        ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
