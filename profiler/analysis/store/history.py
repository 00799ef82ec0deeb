"""Runs chosen from a store, and ``profiler compare --baseline-store``: history as the baseline.

``--where`` is a SQL condition on the ``runs`` view (any launch row of a run may match);
``--last N`` keeps the N most recently recorded matching runs (0: all). The chosen runs become
one baseline input (:func:`profiler.analysis.store.rebuild.history`) in the place of the first input, so
the gate (thresholds, Mann–Whitney on steps, Welch per recording, Holm) is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from profiler.analysis.store.query import connect, run
from profiler.analysis.store.rebuild import StoredRun, history, merged_environment, stored_runs
from profiler.errors import ExitCode, InputError, ProfilerError

if TYPE_CHECKING:
    from profiler.analysis.compare import CompareDocument, CompareInput

BASELINE_LABEL = "store"


def select(con: Any, where: str | None = None, last: int = 0) -> list[StoredRun]:
    """The stored runs matching ``where``, newest first, at most ``last`` of them (0: all)."""
    if last < 0:
        raise ProfilerError(f"--last {last} is negative", exit_code=ExitCode.USAGE,
                            hint="pass a count, or 0 for every run")
    condition = f"({where})" if where and where.strip() else "true"
    limit = f" LIMIT {int(last)}" if last else ""
    chosen = (f"WITH chosen AS (SELECT run_id, max(recorded_at) AS newest FROM runs "
              f"WHERE {condition} GROUP BY run_id ORDER BY newest DESC NULLS LAST, run_id DESC"
              f"{limit}) ")
    rows = run(con, chosen + "SELECT runs.* FROM runs JOIN chosen USING (run_id) "
               "ORDER BY chosen.newest DESC NULLS LAST, run_id DESC, recording, launch").to_pylist()
    samples = run(con, chosen + "SELECT * FROM samples WHERE run_id IN "
                  "(SELECT run_id FROM chosen) ORDER BY run_id, recording, launch, metric, index"
                  ).to_pylist()
    return stored_runs(rows, samples)


def baseline_input(store: Path, where: str | None, last: int = 10,
                   label: str = BASELINE_LABEL) -> CompareInput:
    """The runs ``where`` chooses, as one comparison input."""
    from profiler.analysis.compare import CompareInput

    with connect(store) as con:
        runs = select(con, where, last)
    chosen = f"where {where}" if where else "all runs"
    if not runs:
        raise InputError(f"no stored run matches ({chosen})", path=store,
                         hint="check the condition with `profiler store query STORE "
                         "\"SELECT run_id, branch, device FROM runs\"`")
    name = f"{len(runs)} stored run{'s' * (len(runs) != 1)}"
    summary = history(runs, name=name)
    window = f", last {last}" if last else ""
    return CompareInput(label, summary, None, merged_environment(runs),
                        f"{store} ({name} {chosen}{window})")


def compare_with_history(store: Path, candidates: Sequence[str | Path], *,
                         where: str | None, last: int = 10, labels: Sequence[str] = (),
                         threshold: float = 0.10) -> CompareDocument:
    """Compare each candidate with the store's history (the baseline, first in the tables)."""
    from profiler.analysis.compare import CompareDocument, compare, load_input

    if not candidates:
        raise InputError("nothing to compare with the store", hint="pass a run to compare")
    if len(labels) > len(candidates):
        raise InputError(f"{len(labels)} labels given for {len(candidates)} inputs",
                         hint="pass at most one --label per input, in input order")
    items = [baseline_input(store, where, last)]
    items += [load_input(p, label=labels[i] if i < len(labels) else None)
              for i, p in enumerate(candidates)]
    return CompareDocument(compare(items, baseline=0, threshold=threshold), tuple(items))
