"""Perfetto benchmark: `python -m bench.perfetto [--steps N] [--repeat K]` (run by `make bench`).

Issue 13's 30-minute recording (SYNTHETIC, :func:`tests.synthetic.thirty_minute_scenario`, as in
:mod:`bench.report`: ~2300 steps, ~100k Neural Engine intervals, Activity Monitor at 1 Hz) is
written to a temporary folder, then measured in alternation, each run its own child process:

(a) ``profiler report RUN --format json -o run.json``, the baseline;
(b) ``profiler report RUN --format perfetto -o run.pftrace``.

Both read and analyse the same recording, so b/a is what the trace costs beyond the JSON
report. Targets (issue 17): the .pftrace <= 25 MB, and b/a <= 1.2 (median of the passes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import generate
from bench.targets import record

PROFILER = Path(sys.executable).parent / "profiler"
SIZE_TARGET_MB = 25.0
RATIO_TARGET = 1.2
_OUTPUT = {"a": ("json", "run.json"), "b": ("perfetto", "run.pftrace")}


def _run(which: str, run: Path, out: Path) -> tuple[float, int, str]:
    """(seconds, bytes written, what happened) of one `profiler report` child."""
    fmt, name = _OUTPUT[which]
    target = out / name
    start = time.perf_counter()
    done = subprocess.run([str(PROFILER), "report", str(run), "--format", fmt, "-o", str(target),
                           "--force"], capture_output=True, text=True, check=False, cwd=out)
    seconds = time.perf_counter() - start
    size = target.stat().st_size if target.is_file() else 0
    how = f"exit {done.returncode}"
    if done.returncode != 0:
        how += f": {done.stderr.strip()[-200:]}"
    return seconds, size, how


def measure(run: Path, out: Path, repeat: int) -> tuple[list[float], int]:
    """(b/a ratios, bytes of the .pftrace), a and b alternating ``repeat`` times."""
    ratios, size = [], 0
    for n in range(1, repeat + 1):
        a, a_size, a_how = _run("a", run, out)
        b, size, b_how = _run("b", run, out)
        ratios.append(b / a)
        print(f"  pass {n}: (a) --format json {a:6.2f} s, {a_size / 1e6:.2f} MB [{a_how}]; "
              f"(b) --format perfetto {b:6.2f} s, {size / 1e6:.2f} MB [{b_how}]; "
              f"b/a = {ratios[-1]:.2f}")
    return ratios, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.perfetto",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--steps", type=int, default=2300, help="UNet steps (default 2300: ~30 minutes)")
    parser.add_argument("--repeat", type=int, default=3, help="passes of a and b (default 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="profiler-bench-perfetto-") as tmp:
        run = Path(tmp) / "thirty-minutes"
        seconds, size = generate(run, args.steps)
        print(f"SYNTHETIC 30-minute recording: {size / 1e6:.1f} MB of XML, written in {seconds:.1f} s")
        one, five, _ = os.getloadavg()
        print(f"before: load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs")
        ratios, trace_bytes = measure(run, Path(tmp), max(1, args.repeat))
    med, mb = statistics.median(ratios), trace_bytes / 1e6
    print("\nTargets (issue 17):")
    print(record(
        f"  Perfetto trace of the 30-minute recording: {mb:.2f} MB (target <= {SIZE_TARGET_MB:.0f} "
        f"MB) {'met' if 0 < mb <= SIZE_TARGET_MB else 'NOT MET'}; time against the JSON report "
        f"median {med:.2f} (min {min(ratios):.2f}, max {max(ratios):.2f}; target <= "
        f"{RATIO_TARGET}) {'met' if med <= RATIO_TARGET else 'NOT MET'}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
