"""Reader benchmark: `python -m bench.reader [--rows N]` (run by `make bench`).

Generates a SYNTHETIC time-profile export (~350 MB, 1M rows by default) in a temporary folder,
then times three readers, each in its own subprocess so peak RSS is per reader:

(a) a bare lxml iterparse loop that only visits and clears rows (the floor);
(b) ``profiler.trace.read_tables`` (typed DataFrame, refs resolved);
(c) the naive approach: ``xml.etree`` full parse plus a dict of ids.

Targets: b takes at most 2.0x the time of a; b's peak RSS is at most 300 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
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


READERS = {"a": ("bare lxml iterparse", _bare), "b": ("read_tables", _reader), "c": ("naive etree + id dict", _naive)}


def _child(which: str, path: str) -> None:
    start = time.perf_counter()
    try:
        rows: int | str = READERS[which][1](path)
    except MemoryError:
        rows = "MemoryError"
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak_kb / 1024}))


def _run(which: str, path: Path) -> dict:
    proc = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
        [sys.executable, "-m", "bench.reader", "--child", which, str(path)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        return {"rows": f"failed ({proc.returncode}): {proc.stderr.strip()[-200:]}", "seconds": float("nan"), "peak_mb": float("nan")}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reader", description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate (default 1M)")
    parser.add_argument("--skip-naive", action="store_true", help="do not run the naive reader (c)")
    parser.add_argument("--child", nargs=2, metavar=("READER", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    from bench.generate import generate

    with tempfile.TemporaryDirectory(prefix="profiler-bench-") as tmp:
        path = Path(tmp) / "time-profile.synthetic.xml"
        start = time.perf_counter()
        size = generate(path, args.rows)
        mb = size / 1e6
        print(f"SYNTHETIC export: {args.rows} rows, {mb:.1f} MB, generated in {time.perf_counter() - start:.1f} s")
        results = {}
        for which in ("a", "b") + (() if args.skip_naive else ("c",)):
            results[which] = r = _run(which, path)
            rate = mb / r["seconds"] if r["seconds"] == r["seconds"] else float("nan")
            print(f"({which}) {READERS[which][0]:<24} {r['seconds']:7.2f} s  {rate:7.1f} MB/s  "
                  f"peak RSS {r['peak_mb']:7.1f} MB  rows {r['rows']}")
    a, b = results["a"], results["b"]
    ratio = b["seconds"] / a["seconds"]
    ok_time = ratio <= TIME_RATIO_TARGET
    ok_rss = b["peak_mb"] <= RSS_TARGET_MB
    print(f"ratio b/a time: {ratio:.2f} (target <= {TIME_RATIO_TARGET}) {'OK' if ok_time else 'MISSED'}")
    print(f"b peak RSS: {b['peak_mb']:.0f} MB (target <= {RSS_TARGET_MB} MB) {'OK' if ok_rss else 'MISSED'}")
    if "c" in results and results["c"]["seconds"] == results["c"]["seconds"]:
        print(f"ratio c/b time: {results['c']['seconds'] / b['seconds']:.2f}, "
              f"c peak RSS: {results['c']['peak_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
