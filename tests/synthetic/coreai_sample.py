"""The SYNTHETIC Core AI sample run in traces/ (tests/synthetic/coreai.py writes its files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.synthetic.coreai import AiRecording, write_run

SAMPLE = "sample-coreai-synthetic-iphoneair"
SAMPLE_README = f"""# {SAMPLE}: SYNTHETIC Core AI sample run

**This run is SYNTHETIC.** No iPhone, Xcode or Instruments produced it: `tests/synthetic/coreai.py`
wrote every file in the shape of `xcrun xctrace export` of a Core AI template recording (the real
iPhone Air / iOS 27.2 TOC's structure). The `CoreAIProfile` columns follow the second-hand list
in docs/coreai.md; no real `CoreAIProfile` rows have been seen. Regenerate it with
`python -m tests.synthetic.coreai_sample --out traces/{SAMPLE} --force` (tested byte-identical).

- app `DiffuseAI`: TextEncoder, Unet and VAEDecoder as Core AI models, 6 steps with classifier-free
  guidance (two UNet inferences per step), one image per launch;
- run-1 specializes every model (uncached), run-2 loads them from the cache;
- `ane-hw-intervals` is exported with no rows: the Neural Engine table cannot see Core AI, so the
  report says so and gives GPU busy from `metal-gpu-intervals` (80 % of inference time) instead;
- CPU comes from `ProcessCPUUsage` / `SystemCPUUsage` (Xcode 27's 10 ms buckets).

The figures the analysis must find are in `ground-truth.json`.
"""


def write_sample(out: Path, *, force: bool = False) -> dict[str, Any]:
    if out.exists() and any(out.iterdir()) and not force:
        raise SystemExit(f"error: {out} is not empty (use --force)")
    truth = write_run([AiRecording(True), AiRecording(False)], out)
    (out / "README.md").write_text(SAMPLE_README, "utf-8")
    return truth


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write the SYNTHETIC Core AI sample run.")
    parser.add_argument("--out", type=Path, default=Path("traces") / SAMPLE)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    write_sample(args.out, force=args.force)
