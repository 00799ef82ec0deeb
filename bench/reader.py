"""Reader benchmark: `python -m bench.reader [--rows N] [--repeat K]` (run by `make bench`).

Generates a SYNTHETIC time-profile export (~350 MB, 1M rows by default) in a temporary folder,
then times three readers, each in its own subprocess so peak RSS is per reader:

(a) a bare lxml iterparse loop that only visits and clears rows (the floor);
(b) ``profiler.trace.read_tables`` (typed DataFrame, refs resolved);
(c) the naive approach: ``xml.etree`` full parse plus a dict of ids (run once: ~50 s, ~5.5 GB).

a and b run ``--repeat`` times, interleaved, so a busy machine slows both alike; each pass
prints the time ratio b/a (wall clock; CPU seconds alongside) and b's peak RSS, then the spread
over the passes and the load average. Targets: b/a <= 2.0 and b's peak RSS <= 300 MB.
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
from pathlib import Path

TIME_RATIO_TARGET = 2.0
RSS_TARGET_MB = 300
NAIVE_MEMORY_LIMIT = 12 * 1024**3  # the naive DOM reader is stopped beyond this address space


def _bare(path: str) -> int:
    from lxml import etree

    rows = 0
    for _event, elem in etree.iterparse(path, events=("end",), tag="row", huge_tree=True):
        rows += 1
        elem.clear(keep_tail=False)
        parent = elem.getparent()
        while elem.getprevious() is not None:
            del parent[0]
    return rows


def _reader(path: str) -> int:
    from profiler.trace import read_tables

    return sum(t.row_count for t in read_tables(path))


def _naive(path: str) -> int:
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
    return len(rows)


READERS = {
    "a": ("bare lxml iterparse", _bare),
    "b": ("read_tables", _reader),
    "c": ("naive etree + id dict", _naive),
}


def _child(which: str, path: str) -> None:
    start = time.perf_counter()
    cpu = time.process_time()
    try:
        rows: int | str = READERS[which][1](path)
    except MemoryError:
        rows = "MemoryError"
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu": cpu, "peak_mb": peak_kb / 1024}))


def _run(which: str, path: Path) -> dict:
    proc = subprocess.run(  # our own interpreter and module, no shell
        [sys.executable, "-m", "bench.reader", "--child", which, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        nan = float("nan")
        why = f"failed ({proc.returncode}): {proc.stderr.strip()[-200:]}"
        return {"rows": why, "seconds": nan, "cpu": nan, "peak_mb": nan}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _line(which: str, r: dict, mb: float) -> str:
    rate = mb / r["seconds"] if r["seconds"] == r["seconds"] else float("nan")
    return (
        f"({which}) {READERS[which][0]:<22} {r['seconds']:6.2f} s wall  {r['cpu']:6.2f} s CPU"
        f"  {rate:5.1f} MB/s  peak RSS {r['peak_mb']:6.1f} MB  rows {r['rows']}"
    )


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reader", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate (default 1M)")
    parser.add_argument("--repeat", type=int, default=3, help="passes of a and b (default 3)")
    parser.add_argument("--skip-naive", action="store_true", help="do not run the naive reader (c)")
    parser.add_argument("--child", nargs=2, metavar=("READER", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    from bench.generate import generate

    ratios: list[float] = []
    peaks: list[float] = []
    with tempfile.TemporaryDirectory(prefix="profiler-bench-") as tmp:
        path = Path(tmp) / "time-profile.synthetic.xml"
        start = time.perf_counter()
        size = generate(path, args.rows)
        mb = size / 1e6
        print(
            f"SYNTHETIC export: {args.rows} rows, {mb:.1f} MB, "
            f"generated in {time.perf_counter() - start:.1f} s"
        )
        print(f"before: {_load()}")
        for n in range(1, max(1, args.repeat) + 1):
            a, b = _run("a", path), _run("b", path)
            print(f"pass {n}:")
            print("  " + _line("a", a, mb))
            print("  " + _line("b", b, mb))
            ratio = b["seconds"] / a["seconds"]
            ratios.append(ratio)
            peaks.append(b["peak_mb"])
            print(
                f"  time b/a = {b['seconds']:.2f} s / {a['seconds']:.2f} s = {ratio:.2f} "
                f"(CPU {b['cpu'] / a['cpu']:.2f}; target <= {TIME_RATIO_TARGET}) "
                f"{_verdict(ratio <= TIME_RATIO_TARGET)}"
            )
            print(
                f"  b peak RSS = {b['peak_mb']:.0f} MB (target <= {RSS_TARGET_MB} MB) "
                f"{_verdict(b['peak_mb'] <= RSS_TARGET_MB)}"
            )
        if not args.skip_naive:
            c = _run("c", path)
            print(_line("c", c, mb))
            if c["seconds"] == c["seconds"]:
                print(f"time c/b = {c['seconds'] / b['seconds']:.2f} (last pass of b)")
        print(f"after: {_load()}")
    med = statistics.median(ratios)
    print(
        f"time b/a over {len(ratios)} pass(es): min {min(ratios):.2f}, median {med:.2f}, "
        f"max {max(ratios):.2f} (target <= {TIME_RATIO_TARGET}) {_verdict(med <= TIME_RATIO_TARGET)}"
    )
    print(
        f"b peak RSS over {len(peaks)} pass(es): max {max(peaks):.0f} MB "
        f"(target <= {RSS_TARGET_MB} MB) {_verdict(max(peaks) <= RSS_TARGET_MB)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
