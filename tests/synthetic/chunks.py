"""The order of UNet predictions inside one denoising step (chunked UNet, CFG halves).

One step is one cycle through the UNet chunks, whatever way the app feeds the two
classifier-free-guidance halves: batched (``C1 C2``), each chunk twice in a row
(``C1 C1 C2 C2``) or the whole chain once per half (``C1 C2 C1 C2``). An unchunked UNet is the
one-chunk case (``U`` or ``U U``).
"""

from __future__ import annotations

from tests.synthetic.specs import CfgMode, ModelSpec


def step_order(unets: tuple[ModelSpec, ...], mode: CfgMode) -> list[tuple[ModelSpec, int]]:
    """(model, CFG half) of each prediction of a step, in time order."""
    if mode is CfgMode.BATCHED:
        return [(m, 0) for m in unets]
    if mode is CfgMode.SEPARATE:
        return [(m, h) for m in unets for h in (0, 1)]
    return [(m, h) for h in (0, 1) for m in unets]
