"""What :func:`~profiler.trace.bundle.read_bundle` returns (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from profiler.trace import catalog
from profiler.trace.model import Table, Toc

if TYPE_CHECKING:
    from profiler.trace.bundle.cells import Decoder

#: Schemas whose every cell was checked against ``xctrace export`` XML of the same recording
#: (real bundles in ``../shared/real-traces/bundles/``): the catalog's ``bundle_verified`` tables
#: (the os_signpost table among them) plus one the analysis does not read. The MPS GPU table was confirmed by the reference doc on a
#: bundle that is not in the corpus, so it is not listed.
VERIFIED_SCHEMAS = frozenset(
    {e.name for e in catalog.TABLES if e.bundle_verified} | {"cpu-profile"})


@dataclass(frozen=True)
class StoreInfo:
    """One store of a run: which table it holds and how it was read."""

    run: int
    schema: str
    store: str  # folder inside the bundle, e.g. corespace/run1/core/stores/indexed-store-3
    attributes: dict[str, str]
    rows: int | None  # None when not read
    verified: bool  # cells confirmed against a real xctrace export of the same recording
    reason: str | None = None  # why it was not read ("not requested", unsupported layout…)


@dataclass(frozen=True, eq=False)
class BundleRun:
    """One run: ``tables`` maps a schema to its tables (one per store; ``kdebug`` has many)."""

    number: int
    tables: dict[str, tuple[Table, ...]]
    unreadable: dict[str, str]  # schema -> why its store could not be decoded
    stores: tuple[StoreInfo, ...]
    _raw: dict[str, Any] = field(default_factory=dict, repr=False)  # store -> (rows, layout)
    _decoder: Decoder | None = field(default=None, repr=False)

    def stacks(self, table: Table, mnemonic: str) -> list[tuple[int, ...] | None]:
        """Frame addresses (top first) of each row's backtrace in column ``mnemonic``.

        Frames hold only the top frame (as the XML reader's do); full stacks come from here.
        """
        store = next((s.store for s in self.stores if table.path.endswith(s.store)), None)
        rows, layout = self._raw.get(store, (None, None)) if store else (None, None)
        name = next((c.field for c in layout.columns if c.mnemonic == mnemonic), None) \
            if layout is not None else None
        if rows is None or name is None or self._decoder is None:
            raise KeyError(f"no column {mnemonic!r} in this run's table")
        values = rows[name]
        sentinel = (1 << (8 * values.dtype.itemsize)) - 1
        cache: dict[int, tuple[int, ...]] = {}
        out: list[tuple[int, ...] | None] = []
        for v in values.tolist():
            if v == sentinel:
                out.append(None)
            elif v in cache:
                out.append(cache[v])
            else:
                out.append(cache.setdefault(v, self._decoder.stack(v)))
        return out


@dataclass(frozen=True, eq=False)
class BundleContents:
    """A whole bundle: its TOC and, per run, its tables."""

    path: str
    toc: Toc
    runs: tuple[BundleRun, ...]

    @property
    def tables(self) -> dict[int, dict[str, tuple[Table, ...]]]:
        """Run number -> schema -> tables."""
        return {r.number: r.tables for r in self.runs}

    @property
    def unreadable(self) -> dict[int, dict[str, str]]:
        """Run number -> schema -> why its store could not be decoded."""
        return {r.number: r.unreadable for r in self.runs}

    def run(self, number: int = 1) -> BundleRun:
        for r in self.runs:
            if r.number == number:
                return r
        raise KeyError(f"no run {number} in {self.path}")
