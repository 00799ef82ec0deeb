"""The committed SYNTHETIC sample run: SD 1.5 on an iPhone 13 Pro Max (the seed talk's setup).

    python -m tests.synthetic.sample --out traces/sample-sd15-iphone13promax [--force]

Writes the run folder, ground-truth.json and a README.md that says the data is synthetic.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.synthetic.groundtruth import GroundTruth
from tests.synthetic.run import write_run
from tests.synthetic.scenario import Scenario
from tests.synthetic.scenarios import sample_scenario


def _fmt_gib(n: int | None) -> str:
    return "n/a" if n is None else f"{n / (1 << 30):.2f} GiB"


def readme(scenario: Scenario, truth: GroundTruth) -> str:
    h = truth.headline
    r1 = truth.recordings[0]
    lines = [
        f"# {scenario.name}: SYNTHETIC sample run",
        "",
        "**This run is SYNTHETIC.** No iPhone, Xcode or Instruments produced it: "
        "`tests/synthetic/` (the project's deterministic generator) wrote every file in the "
        "shape of `xcrun xctrace export`. Regenerate it with `make sample`; the files are "
        "byte-identical to a regeneration (tested in `tests/synthetic/test_generator.py`).",
        "",
        "It reproduces the public figures of the seed talk (Stable Diffusion 1.5 on an "
        "iPhone 13 Pro Max):",
        "",
        "- device: iPhone 13 Pro Max (iPhone14,3, A15 Bionic, 6 GiB RAM), iOS 17.0;",
        "- model: SD 1.5, 6-bit palettized, SPLIT_EINSUM_V2 (TextEncoder, Unet, VAEDecoder), "
        f"app `{scenario.app_name}`;",
        "- \"Image generation takes ~ 0.75s / step\" (25 steps, step 1 slower);",
        "- \"Peak memory usage: 5.04 GiB\": here the system *Memory Used* "
        "(activity-monitor-system), while the app's footprint peaks near 2.6 GiB;",
        "- \"Peak CPU usage: 440%\": here the system CPU total (100 % = one core);",
        "- the Core ML instrument's \"Load (cached): Unet-3 (2.43 s)\"; the first launch compiles "
        "for the Neural Engine (the FAQ's \"2–3 minutes\"; here about 120 s for all models).",
        "",
        "| figure | value (ground-truth.json) |",
        "|---|---|",
        f"| uncached load (run-1) | {h['uncached_load_s']:.1f} s |",
        f"| cached load (run-2) | {h['cached_load_s']:.2f} s |",
        f"| step median | {h['step_median_s']:.3f} s; step 1 of run-1: "
        f"{r1['steps']['first_s']:.3f} s |",
        f"| steps per second | {h['steps_per_s']:.3f} |",
        f"| peak app footprint | {_fmt_gib(h['peak_footprint_bytes'])} |",
        f"| peak system memory used | {_fmt_gib(h['system_used_peak_bytes'])} |",
        f"| peak CPU of the app | {h['app_cpu_peak_percent']:.2f} % |",
        f"| peak CPU of the system | {h['system_cpu_peak_percent']:.1f} % |",
        f"| ANE busy during denoising | {h['ane_busy_fraction'] * 100:.1f} % |",
        "",
        "Layout: `run.json` (`\"synthetic\": true`), `ground-truth.json` (the figures the "
        "analysis must find), `run-K/toc.xml`, one `run-K/<schema>.xml` per table, and "
        "`run-1/console.log`. Column layouts and their evidence labels (several are "
        "UNCONFIRMED) are in `docs/table-layouts.md`.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.synthetic.sample",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="run folder to write")
    parser.add_argument("--force", action="store_true", help="replace a non-empty folder")
    args = parser.parse_args(argv)
    scenario = sample_scenario()
    try:
        truth = write_run(scenario, args.out, force=args.force)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 5
    (args.out / "README.md").write_text(readme(scenario, truth), encoding="utf-8", newline="\n")
    print(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
