"""Inspection benchmark: `python -m bench.inspect [--size MB]` (run by `make bench`).

Generates a SYNTHETIC ``.mlpackage`` (~1 GB of weights by default: half fp16 constants, half
6-bit palettized ``constexpr_lut_to_dense`` weights, random values) in a temporary folder, then
in separate subprocesses (so peak RSS is per reader):

(a) ``profiler.model.inspect_path`` – reads Manifest.json and the protobuf spec only;
(b) the naive approach for comparison: coremltools' ``get_weights_metadata`` (loads the MIL
    program with every weight value).

Target: (a) peaks under 2x the weight size (it is expected far below: the blob is never read).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RSS_RATIO_TARGET = 2.0
CHUNK_MB = 128  # one constant per 128 MB keeps generation memory bounded
COLS = 256


def generate(out: Path, size_mb: int) -> None:
    """Write the synthetic package: fp16 constants and 6-bit LUT weights, ~size_mb in total."""
    import logging

    import numpy as np

    logging.disable(logging.WARNING)
    import coremltools as ct
    from coremltools.converters.mil import Builder as mb
    from coremltools.converters.mil.mil import types

    rng = np.random.default_rng(0)
    half = size_mb * 1024 * 1024 // 2
    fp16_rows = _split(half // (2 * COLS), CHUNK_MB * 1024 * 1024 // (2 * COLS))
    lut_rows = _split(half * 8 // (6 * COLS), CHUNK_MB * 1024 * 1024 * 8 // (6 * COLS))

    @mb.program(
        input_specs=[mb.TensorSpec(shape=(1, COLS), dtype=types.fp16)],
        opset_version=ct.target.iOS17,
    )
    def prog(x):
        total = None
        for i, rows in enumerate(fp16_rows):
            w = rng.standard_normal((rows, COLS), dtype=np.float32).astype(np.float16)
            total = _accumulate(mb, total, mb.matmul(x=x, y=w, transpose_y=True, name=f"dense_{i}"))
        for i, rows in enumerate(lut_rows):
            indices = rng.integers(0, 256, size=rows * COLS * 6 // 8, dtype=np.uint8)
            w = mb.constexpr_lut_to_dense(
                lut=np.linspace(-1, 1, 64).astype(np.float16),
                indices=indices,
                shape=np.array([rows, COLS], dtype=np.uint32),
                name=f"lut_{i}",
            )
            total = _accumulate(mb, total, mb.matmul(x=x, y=w, transpose_y=True, name=f"pal_{i}"))
        return total

    model = ct.convert(
        prog,
        convert_to="mlprogram",
        minimum_deployment_target=ct.target.iOS17,
        pass_pipeline=ct.PassPipeline.EMPTY,  # keep generation memory low; nothing to optimise
        compute_precision=ct.precision.FLOAT16,
    )
    model.save(str(out))


def _split(total: int, most: int) -> list[int]:
    sizes = [most] * (total // most)
    if total % most:
        sizes.append(total % most)
    return sizes


def _accumulate(mb, total, value):
    reduced = mb.reduce_sum(x=value)
    return reduced if total is None else mb.add(x=total, y=reduced)


def _inspect(path: str) -> dict:
    from profiler.model import inspect_path

    model = inspect_path(path).models[0]
    return {"tensors": model.weights.tensors, "bits": model.weights.effective_bits}


def _naive(path: str) -> dict:
    import logging

    logging.disable(logging.WARNING)
    import coremltools as ct
    from coremltools.optimize.coreml import get_weights_metadata

    meta = get_weights_metadata(ct.models.MLModel(path, skip_model_load=True), weight_threshold=1)
    return {"tensors": len(meta)}


def _child(kind: str, path: str) -> None:
    import resource

    start = time.perf_counter()
    result = {"inspect": _inspect, "naive": _naive}[kind](path)
    result["seconds"] = time.perf_counter() - start
    result["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(result))


def _run(kind: str, path: Path) -> dict:
    out = subprocess.run(  # noqa: S603 - argument list, no shell
        [sys.executable, "-m", "bench.inspect", "--child", kind, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1024, help="weight size in MB (default 1024)")
    parser.add_argument("--skip-naive", action="store_true", help="only run profiler.model")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-inspect-") as tmp:
        pkg = Path(tmp) / "synthetic.mlpackage"
        start = time.perf_counter()
        subprocess.run(  # noqa: S603 - argument list, no shell
            [
                sys.executable,
                "-c",
                f"from bench.inspect import generate; from pathlib import Path; "
                f"generate(Path({str(pkg)!r}), {args.size})",
            ],
            check=True,
            capture_output=True,
        )
        blob = sum(p.stat().st_size for p in (pkg / "Data").rglob("*.bin"))
        print(
            f"generated SYNTHETIC {pkg.name}: weight blob {blob / 2**20:,.0f} MiB "
            f"in {time.perf_counter() - start:.1f} s"
        )
        ours = _run("inspect", pkg)
        ratio = ours["peak_rss_bytes"] / blob
        print(
            f"(a) profiler.model.inspect_path: {ours['seconds']:.2f} s, peak RSS "
            f"{ours['peak_rss_bytes'] / 2**20:,.0f} MiB = {ratio:.2f}x the weight size "
            f"({ours['tensors']} weight tensors, {ours['bits']:.2f} effective bits)"
        )
        if not args.skip_naive:
            naive = _run("naive", pkg)
            print(
                f"(b) coremltools get_weights_metadata (loads weights): {naive['seconds']:.2f} s, "
                f"peak RSS {naive['peak_rss_bytes'] / 2**20:,.0f} MiB = "
                f"{naive['peak_rss_bytes'] / blob:.2f}x the weight size"
            )
        ok = ratio < RSS_RATIO_TARGET
        print(
            f"target: (a) peak RSS < {RSS_RATIO_TARGET:.1f}x weight size: {'PASS' if ok else 'FAIL'}"
        )
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
