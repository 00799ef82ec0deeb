"""The targets every benchmark checks, collected into one table at the end of `make bench`.

Each benchmark prints its verdict lines as it goes and passes them to :func:`record`, which
appends them to the file named by ``$BENCH_TARGETS`` (``make bench`` sets it). ``python -m
bench.targets FILE`` then prints them together: issue 13's table (both reader layouts, the
30-minute report, both ``--help`` times) and issue 19's bundle line, each figure with met / not met.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def record(line: str) -> str:
    """Remember ``line`` (a target, its figure and met / NOT MET) for the summary; returns it."""
    where = os.environ.get("BENCH_TARGETS")
    if where:
        Path(where).parent.mkdir(parents=True, exist_ok=True)
        with open(where, "a", encoding="utf-8") as fh:
            fh.write(line.strip() + "\n")
    return line


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else os.environ.get("BENCH_TARGETS", ".bench/targets.txt"))
    lines = path.read_text("utf-8").splitlines() if path.is_file() else []
    print("\n==== Targets (issues 13, 17, 18, 19), this run ====")
    for line in lines:
        print(f"  {line}")
    missed = sum("NOT MET" in line for line in lines)
    print(f"  {len(lines)} targets, {len(lines) - missed} met, {missed} not met" if lines
          else "  no target was measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())
