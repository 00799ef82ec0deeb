"""Report benchmark: `python -m bench.report [--steps N] [--repeat K]` (run by `make bench`).

Issue 13's 30-minute recording (SYNTHETIC, :func:`tests.synthetic.thirty_minute_scenario`: one
launch generating for ~29 minutes, Activity Monitor at 1 Hz for 300 other processes, ~11k
signposts, ~100k Neural Engine intervals; ~640k rows, ~295 MB of XML) is written to a temporary
folder, then measured in alternation, each run in its own child process:

(a) bare lxml iterparse (visit and clear every row, nothing else) of every XML file of the
    recording, the baseline;
(b) the whole ``profiler report RUN`` command (the console script: reading, analysis, HTML,
    Markdown and JSON), wall time and peak RSS.

Targets (issue 13): b/a <= 1.5 and peak RSS <= 400 MB.
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

from bench.targets import record

ROOT = Path(__file__).resolve().parent.parent
PROFILER = Path(sys.executable).parent / "profiler"
RATIO_TARGET = 1.5
RSS_TARGET_MB = 400


def _bare(folder: Path) -> int:
    from lxml import etree

    rows = 0
    for path in sorted(folder.glob("*.xml")):
        for _event, elem in etree.iterparse(str(path), events=("end",), tag="row", huge_tree=True):
            rows += 1
            elem.clear(keep_tail=False)
            parent = elem.getparent()
            while elem.getprevious() is not None:
                del parent[0]
    return rows


def _child(which: str, run: str) -> None:
    """One measurement, printed as JSON: (a) in this process, (b) as one child of it."""
    start = time.perf_counter()
    if which == "a":
        rows = _bare(Path(run) / "run-1")
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        how = f"{rows} rows"
    else:
        with tempfile.TemporaryDirectory(prefix="profiler-bench-report-") as out:
            done = subprocess.run([str(PROFILER), "report", run, "--force"], cwd=out,  # noqa: S603
                                  capture_output=True, text=True, check=False)
            written = sorted(p.name for p in (Path(out) / "reports").glob("*"))
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        how = f"exit {done.returncode}, wrote {', '.join(written) or 'nothing'}"
        if done.returncode != 0:
            how += f": {done.stderr.strip()[-200:]}"
    print(json.dumps({"seconds": time.perf_counter() - start, "peak_mb": peak_kb / 1024, "how": how}))


def _run(which: str, run: Path) -> dict:
    proc = subprocess.run([sys.executable, "-m", "bench.report", "--child", which, str(run)],  # noqa: S603
                          capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        return {"seconds": float("nan"), "peak_mb": float("nan"), "how": proc.stderr.strip()[-200:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def generate(folder: Path, steps: int) -> tuple[float, int]:
    """Write the 30-minute recording; (seconds taken, bytes of XML)."""
    sys.path.insert(0, str(ROOT))
    from tests.synthetic import thirty_minute_scenario, write_run

    start = time.perf_counter()
    write_run(thirty_minute_scenario(steps), folder)
    size = sum(p.stat().st_size for p in (folder / "run-1").glob("*.xml"))
    return time.perf_counter() - start, size


def measure(run: Path, repeat: int) -> tuple[list[float], list[float]]:
    """(b/a ratios, peaks of b), a and b alternating ``repeat`` times; prints each pass."""
    ratios, peaks = [], []
    for n in range(1, repeat + 1):
        a, b = _run("a", run), _run("b", run)
        ratios.append(b["seconds"] / a["seconds"])
        peaks.append(b["peak_mb"])
        print(f"  pass {n}: (a) bare iterparse {a['seconds']:6.2f} s, peak {a['peak_mb']:5.0f} MB"
              f" [{a['how']}]; (b) profiler report {b['seconds']:6.2f} s, peak {b['peak_mb']:5.0f} MB"
              f" [{b['how']}]; b/a = {ratios[-1]:.2f}")
    return ratios, peaks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--steps", type=int, default=2300, help="UNet steps (default 2300: ~30 minutes)")
    parser.add_argument("--repeat", type=int, default=3, help="passes of a and b (default 3)")
    parser.add_argument("--child", nargs=2, metavar=("WHICH", "RUN"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="profiler-bench-30min-") as tmp:
        run = Path(tmp) / "thirty-minutes"
        seconds, size = generate(run, args.steps)
        print(f"SYNTHETIC 30-minute recording: {size / 1e6:.1f} MB of XML, written in {seconds:.1f} s")
        one, five, _ = os.getloadavg()
        print(f"before: load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs")
        ratios, peaks = measure(run, max(1, args.repeat))
    med, peak = statistics.median(ratios), max(peaks)
    print("\nTargets (issue 13):")
    print(record(
        f"  `profiler report` on a 30-minute recording: time against bare iterparse of its XML median "
        f"{med:.2f} (min {min(ratios):.2f}, max {max(ratios):.2f}; target <= {RATIO_TARGET}) "
        f"{'met' if med <= RATIO_TARGET else 'NOT MET'}; peak RSS {peak:.0f} MB (target <= "
        f"{RSS_TARGET_MB} MB) {'met' if peak <= RSS_TARGET_MB else 'NOT MET'}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
