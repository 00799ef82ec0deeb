"""Startup benchmark: `python -m bench.startup [--repeat K]` (run by `make bench`).

Times ``profiler --help`` and ``profiler report --help`` as whole processes (the installed
console script), median of ``--repeat`` runs, interleaved with two baselines measured in the
same run: ``python -c pass`` (the interpreter and site, the floor of any Python CLI) and
``python -c "import typer"`` (the floor with typer, which the design card names). Target (issue
13): each ``--help`` <= 0.2 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.targets import record

TARGET_S = 0.2
BIN = Path(sys.executable).parent
TYPER = 'python -c "import typer"'
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    TYPER: [sys.executable, "-c", "import typer"],
    "profiler --help": [str(BIN / "profiler"), "--help"],
    "profiler report --help": [str(BIN / "profiler"), "report", "--help"],
}
TARGETS = ("profiler --help", "profiler report --help")


def _time(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)  # noqa: S603 - fixed argv
    return time.perf_counter() - start


def measure(repeat: int) -> dict[str, float]:
    """Median wall seconds per command, the commands interleaved ``repeat`` times."""
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():  # warm the file cache once
        _time(argv)
    for _ in range(repeat):
        for name, argv in COMMANDS.items():
            times[name].append(_time(argv))
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="runs per command (default 15)")
    args = parser.parse_args(argv)
    medians = measure(max(1, args.repeat))
    base = medians["python -c pass"]
    print(f"Startup, whole process, median of {args.repeat} interleaved runs:")
    for name, seconds in medians.items():
        print(f"  {name:<26} {seconds:6.3f} s  ({seconds / base:4.1f}x python -c pass)")
    print("\nTargets (issue 13):")
    for name in TARGETS:
        ok = medians[name] <= TARGET_S
        print(record(f"  `{name}`: {medians[name]:.3f} s, median of {args.repeat} (floor: `import typer` "
                     f"{medians[TYPER]:.3f} s, `python -c pass` {base:.3f} s; "
                     f"target <= {TARGET_S} s) {'met' if ok else 'NOT MET'}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
