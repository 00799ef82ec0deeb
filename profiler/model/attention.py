"""Which attention implementation a converted model uses.

Apple's ``ml-stable-diffusion`` converts attention three ways (coreml-sd-facts.md §1.5):

* ``SPLIT_EINSUM`` – one ``einsum`` pair per head: ``bchq,bkhc->bkhq`` then ``bkhq,bchk->bchq``.
  Each per-head key slice and value slice feeds exactly one einsum.
* ``SPLIT_EINSUM_V2`` – the same, but the query sequence is cut into chunks of 512, so every
  per-head key/value slice feeds one einsum *per chunk*: a variable shared by several einsum
  ops is the signature of V2. V2 only chunks a query of ≥ 1024 tokens (one chunk otherwise),
  so when no slice is shared and every query is shorter, V1 and V2 produce the same graph and
  the version is undetermined.
* ``ORIGINAL`` – no einsum; ``softmax`` between ``matmul`` ops (or a fused SDPA op).

The last axis of both einsum outputs is the query (chunk) length.
"""

from __future__ import annotations

from collections import Counter

from profiler.model.ops import Op
from profiler.model.types import AttentionKind

#: ml-stable-diffusion's SPLIT_EINSUM_V2 query chunk size
V2_CHUNK = 512


def detect_attention(ops: list[Op], histogram: dict[str, int]) -> tuple[AttentionKind, str]:
    """Attention kind plus a one-line evidence string, from the op list and its histogram."""
    einsums = [op for op in ops if op.type == "einsum"]
    if not einsums:
        return from_histogram(histogram, has_program=True)
    uses = Counter(name for op in einsums for name in op.inputs.get("values", ()))
    shared = sorted(name for name, n in uses.items() if n > 1)
    queries = [
        op.outputs[0].shape[-1]
        for op in einsums
        if op.outputs and op.outputs[0].shape and op.outputs[0].shape[-1] is not None
    ]
    longest = max(queries, default=0)
    head = f"{len(einsums)} einsum ops"
    if shared:
        most = max(uses[name] for name in shared)
        chunk = min(queries, default=0)
        return (
            AttentionKind.SPLIT_EINSUM_V2,
            f"{head}; {len(shared)} key/value slices each feed up to {most} einsums "
            f"(query chunks of {chunk})",
        )
    if longest >= 2 * V2_CHUNK:
        return (
            AttentionKind.SPLIT_EINSUM,
            f"{head}; no slice is shared although a query of {longest} would be chunked by V2",
        )
    return (
        AttentionKind.SPLIT_EINSUM_UNDETERMINED,
        f"{head}; longest query {longest} < {2 * V2_CHUNK}, so V1 and V2 build the same graph",
    )


def from_histogram(histogram: dict[str, int], *, has_program: bool) -> tuple[AttentionKind, str]:
    """Decide from op counts alone (a compiled model without model.mil, or no einsum)."""
    einsum = histogram.get("einsum", 0)
    if einsum:
        return (
            AttentionKind.SPLIT_EINSUM_UNDETERMINED,
            f"{einsum} einsum ops in the histogram; model.mil missing, query chunking not checked",
        )
    sdpa = histogram.get("scaled_dot_product_attention", 0)
    softmax, matmul = histogram.get("softmax", 0), histogram.get("matmul", 0)
    if sdpa or (softmax and matmul):
        what = f"{sdpa} scaled_dot_product_attention" if sdpa else f"{softmax} softmax"
        return AttentionKind.ORIGINAL, f"no einsum; {what} with {matmul} matmul ops"
    return AttentionKind.NONE, "no einsum, softmax+matmul or SDPA ops"
