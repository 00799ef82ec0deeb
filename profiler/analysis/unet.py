"""Denoising steps from the UNet's Core ML ``Prediction`` events (no app signposts).

The UNet is the model named like one (``unet``), else the model(s) predicted far more often
than the others (a 64-hex compiled-model name hides the role). One step is one cycle through
the UNet's chunks, whatever way the pipeline feeds the two classifier-free-guidance halves:
batched (``C1 C2``), each chunk twice (``C1 C1 C2 C2``) or the chain once per half
(``C1 C2 C1 C2``). With ``m`` chunks a step holds ``m`` or ``2m`` predictions: ``2m`` when the
groups of ``2m`` hold every chunk twice and their inner gaps are consistently shorter than
the gaps between groups (≥ 80 % of groups, median under half), else ``m``. A step lasts from
its first prediction's start to its last one's end.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

UNET = re.compile(r"unet", re.I)


def unet_models(preds: pd.DataFrame) -> tuple[set[str], bool]:
    """The UNet's model names, and whether they were told by name (else by prediction count)."""
    names = set(preds.loc[preds["model"].str.contains(UNET), "model"])
    if names:
        return names, True
    counts = preds["model"].value_counts()
    if counts.empty or counts.iloc[0] < 3:
        return set(), False
    return set(counts[counts > counts.iloc[0] / 2].index), False


def group(models: list[str], starts: np.ndarray, ends: np.ndarray) -> list[list[int]]:
    """Indices (into one loop's UNet predictions, in time order) of each step's predictions."""
    chunks = list(dict.fromkeys(models))
    m, n = len(chunks), len(models)
    for k in (2 * m, m):
        if n % k or not _balanced(models, chunks, k):
            continue
        steps = [list(range(i, i + k)) for i in range(0, n, k)]
        if k == m or _tight(steps, starts, ends):
            return steps
    # irregular: a step starts at each first-chunk prediction that follows another chunk
    heads = [i for i, name in enumerate(models)
             if name == chunks[0] and (i == 0 or models[i - 1] != chunks[0] or m == 1)]
    return [list(range(h, nxt)) for h, nxt in zip(heads, [*heads[1:], n], strict=True)]


def _balanced(models: list[str], chunks: list[str], k: int) -> bool:
    per = k // len(chunks)
    return all(all(models[i:i + k].count(c) == per for c in chunks)
               for i in range(0, len(models), k))


def _tight(steps: list[list[int]], starts: np.ndarray, ends: np.ndarray) -> bool:
    """Inside each group the gaps are clearly shorter than between groups."""
    import numpy as np

    if len(steps) < 2:
        return False  # one group: nothing to compare its gaps with
    inner = np.array([max(starts[g[j + 1]] - ends[g[j]] for j in range(len(g) - 1))
                      for g in steps], dtype=float)
    between = np.array([starts[b[0]] - ends[a[-1]] for a, b in zip(steps, steps[1:],
                                                                    strict=False)], dtype=float)
    wins = int((inner[:-1] < between).sum())
    return wins >= 0.8 * len(between) and float(np.median(inner)) * 2 < float(np.median(between))


def steps_of(unet: pd.DataFrame, loop: np.ndarray) -> tuple[pd.DataFrame, int]:
    """Steps (start_ns, duration_ns, launch, loop) of the UNet predictions (sorted, with their
    loop numbers), and the largest number of predictions in one step."""
    import numpy as np
    import pandas as pd

    rows = []
    widest = 0
    starts_all = unet["start_ns"].to_numpy(np.int64)
    ends_all = starts_all + unet["duration_ns"].to_numpy(np.int64)
    models_all = unet["model"].tolist()
    launches = unet["launch"].to_numpy()
    for number in sorted(set(loop.tolist())):
        idx = (loop == number).nonzero()[0]
        starts, ends = starts_all[idx], ends_all[idx]
        for g in group([models_all[i] for i in idx], starts, ends):
            widest = max(widest, len(g))
            rows.append((int(starts[g[0]]), int(ends[g].max() - starts[g[0]]),
                         int(launches[idx[0]]), int(number)))
    frame = pd.DataFrame(rows, columns=["start_ns", "duration_ns", "launch", "loop"])
    return frame, widest
