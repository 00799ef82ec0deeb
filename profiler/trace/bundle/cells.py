"""Stored integers -> the typed pandas arrays the XML reader would have built.

Each column is decoded per *distinct* stored value (``numpy.unique``), then spread back to the
rows with ``take``, so the Python work follows the number of distinct processes, threads,
strings and stacks, not the number of rows; equal cells share one ``str`` as in the XML
reader's frames. An all-ones value (``0xFFFFFFFF``, ``2^64-1``) in a reference column is
xctrace's sentinel: a missing cell (``pd.NA``).

Labels follow ``xctrace export``: a process is ``name (pid)``, a thread
``name 0xtid (process, pid: N)``, a return location ``UUID + 0xoffset``, a log message its
parts printed and joined by a space (values with thousands separators or hex as their type
says), a backtrace its top frame (xctrace writes no ``fmt`` on a backtrace).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from profiler.errors import TraceFormatError
from profiler.trace.bundle import etypes
from profiler.trace.bundle.etypes import Decode, EType
from profiler.trace.bundle.files import HINT
from profiler.trace.bundle.rundata import RunData
from profiler.trace.bundle.uniquing import Uniquing
from profiler.trace.frames import string_dtype, typed_array
from profiler.trace.values import DTYPES, Kind, kind_of

_INT64_MAX = (1 << 63) - 1
_MAX_NESTING = 16  # _fastread_bundle.c MAX_NESTING
#: How a formatted label's part prints, by its type's name (shared with _fastread_bundle.c P_*).
P_HEX, P_DECIMAL, P_HEX_BARE, P_PRIVATE, P_STRING, P_NESTED = range(6)


def part_code(name: str) -> int:
    """The P_* code of a label part whose engineering type is ``name`` ("" when unknown)."""
    if name in etypes.PART_NESTED:
        return P_NESTED
    if name in etypes.PART_PRIVATE:
        return P_PRIVATE
    if name in etypes.PART_DECIMAL:
        return P_DECIMAL
    if name in etypes.PART_HEX_BARE:
        return P_HEX_BARE
    known = etypes.etype(name)
    if known is not None and known.decode is Decode.STRING:
        return P_STRING
    return P_HEX


def _compiled() -> Callable[..., Any] | None:
    """``_fastread.bundle_labels``, or None without the compiled part or with PROFILER_READER=python."""
    from profiler.trace import compiled

    if compiled.unavailable() is not None:
        return None
    return getattr(compiled._fastread, "bundle_labels", None)


class Decoder:
    """Labels for one run's references (process, thread, stack, formatted label)."""

    def __init__(self, uniquing: Uniquing, run: RunData | None, etype_names: list[str]) -> None:
        self.u = uniquing
        self.run = run
        self.etype_names = etype_names  # the run's EngineeringTypes.etypes (typed-array types)
        self._codes: bytes | None = None  # part_code of each etype name, for the compiled part
        self._joins: list[str] = []

    def process(self, ref: int) -> tuple[str, int]:
        pid = self.u.arrays.get(ref)[:1]
        if not pid:
            raise TraceFormatError(f"process {ref} is empty", path=self.u.arrays.where, hint=HINT)
        name = self.run.process_names.get(ref) if self.run else None
        return f"{name if name is not None else pid[0]} ({pid[0]})", pid[0]

    def thread(self, ref: int) -> tuple[str, int, int]:
        value = self.u.arrays.get(ref)
        if len(value) < 2:
            raise TraceFormatError(f"thread {ref} has no process", path=self.u.arrays.where, hint=HINT)
        tid, process = value[0], value[1]
        plabel, pid = self.process(process)
        pname = plabel[: -len(f" ({pid})")]
        name = self.run.thread_names.get(ref, pname) if self.run else pname
        return f"{name} 0x{tid:x} ({pname}, pid: {pid})", tid, pid

    def stack(self, ref: int) -> tuple[int, ...]:
        """The frame addresses of backtrace ``ref``, top frame first."""
        frames: list[int] = []
        for chunk in self.u.arrays.get(ref):
            frames.extend(self.u.arrays.get(chunk & 0xFFFFFFFF))
        return tuple(frames)

    def label(self, ref: int, xr_type: str, depth: int = 0) -> str:
        if depth > _MAX_NESTING:
            raise TraceFormatError("formatted label nested too deeply", path=self.u.typed.where,
                                   hint=HINT)
        pairs = self.u.typed.get(ref)
        parts = []
        for i in range(0, len(pairs) - 1, 2):
            kind, value = pairs[i], pairs[i + 1]
            name = self.etype_names[kind] if 0 <= kind < len(self.etype_names) else ""
            parts.append(self._part(name, value, depth))
        return etypes.JOIN.get(xr_type, "").join(parts)

    def _part(self, name: str, value: int, depth: int) -> str:
        code = part_code(name)
        if code == P_NESTED:
            return self.label(value, name, depth + 1)
        if code == P_PRIVATE:
            return "<private>"
        if code == P_DECIMAL:
            return f"{value:,}"
        if code == P_HEX_BARE:
            return f"{value:x}"
        if code == P_STRING:
            return self.u.string(value)
        return f"0x{value:x}"

    def labels(self, refs: Any, xr_type: str) -> list[str]:
        """The labels of the distinct references ``refs`` (uint64 array) of one column.

        The compiled part (``_fastread.bundle_labels``) does it when it is built and on, and
        hands the column back (None) on anything unusual; the Python loop is the fallback and
        the reference (tests/trace/test_bundle_fast.py proves both equal).
        """
        fast = _compiled()
        if fast is not None:
            typed = self.u.typed
            if self._codes is None:
                self._codes = bytes(part_code(n) for n in self.etype_names)
                self._joins = [etypes.JOIN.get(n, "") for n in self.etype_names]
            try:
                strings = self.u.strings
            except TraceFormatError:  # damaged: raised by the Python loop if a label uses one
                strings = []
            found = fast(typed.index, typed.data, typed.block, refs, self._codes, self._joins,
                         strings, etypes.JOIN.get(xr_type, ""))
            if found is not None:
                return cast(list[str], found)
        return [self.label(ref, xr_type) for ref in refs.tolist()]

    def uuid(self, ref: int) -> str:
        value = self.u.arrays.get(ref)
        if len(value) != 2:
            raise TraceFormatError(f"UUID {ref} is not two 64-bit halves", path=self.u.arrays.where,
                                   hint=HINT)
        h = f"{value[0]:016X}{value[1]:016X}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def return_location(self, value: int) -> str:
        return f"{self.uuid(value >> 32)} + 0x{value & 0xFFFFFFFF:x}"


def decode_column(values: Any, et: EType, xr_type: str, mnemonic: str, decoder: Decoder,
                  warnings: list[str]) -> dict[str, Any]:
    """``{mnemonic: array, derived…}`` for one column of stored integers (in row order)."""
    import numpy as np
    import pandas as pd

    kind = kind_of(et.name)
    if et.decode is Decode.RAW and kind is not Kind.STR:
        return {mnemonic: _integers(values, kind)}
    if et.decode is Decode.BOOL:
        return {mnemonic: pd.array(values != 0, dtype="boolean")}
    if et.decode is Decode.DOUBLE:
        floats = np.ascontiguousarray(values, dtype="<u8").view("<f8")
        return {mnemonic: pd.array(floats, dtype=DTYPES[Kind.FLOAT])}
    codes, uniques = distinct(values)
    refs = uniques.tolist()
    out: dict[str, list[Any]] = {mnemonic: []}
    label: Callable[[int], Any]
    if et.decode is Decode.PROCESS:
        out[f"{mnemonic}_pid"] = []
        for ref in refs:
            text, pid = decoder.process(ref)
            out[mnemonic].append(text)
            out[f"{mnemonic}_pid"].append(pid)
    elif et.decode is Decode.THREAD:
        out[f"{mnemonic}_tid"], out[f"{mnemonic}_pid"] = [], []
        for ref in refs:
            text, tid, pid = decoder.thread(ref)
            out[mnemonic].append(text)
            out[f"{mnemonic}_tid"].append(tid)
            out[f"{mnemonic}_pid"].append(pid)
    elif et.decode is Decode.BACKTRACE:
        tops = [_top(decoder.stack(ref)) for ref in refs]
        out[mnemonic], out[f"{mnemonic}_top_frame"] = tops, list(tops)
    elif et.decode is Decode.LABEL:
        out[mnemonic] = decoder.labels(uniques.astype(np.uint64), xr_type)
    else:
        label = {
            Decode.STRING: decoder.u.string,
            Decode.RETURN_LOCATION: decoder.return_location,
            Decode.UUID: decoder.uuid,
        }.get(et.decode, str)
        out[mnemonic] = [label(ref) for ref in refs]
    arrays = {}
    what = f"column {mnemonic!r} ({et.name})"
    for key, labels in out.items():
        if key == mnemonic:
            array = typed_array(labels, kind, what, warnings)
        elif key.endswith("_top_frame"):
            array = pd.array(labels, dtype=string_dtype())
        else:
            array = _derived(labels)
        arrays[key] = array.take(codes, allow_fill=True)
    return arrays


def distinct(values: Any) -> tuple[Any, Any]:
    """``(codes, uniques)``: the distinct values but the all-ones sentinel, sorted, and each
    row's index into them (-1 for the sentinel), as ``numpy.unique(return_inverse=True)`` gives
    them; pandas hashes the rows instead of sorting them (about twice as fast).

    The sorted order keeps which bad reference the Python path names first.
    """
    import numpy as np
    import pandas as pd

    sentinel = np.iinfo(values.dtype).max
    codes, uniques = pd.factorize(values, sort=True)
    if len(uniques) and uniques[-1] == sentinel:  # missing cells take the last code: make it -1
        codes = np.where(codes == len(uniques) - 1, -1, codes)
        uniques = uniques[:-1]
    return codes, uniques


def _top(frames: tuple[int, ...]) -> str | None:
    # The frame's name when the bundle is symbolicated is not read yet: its address, as the
    # XML reader shows a frame without a name.
    return f"0x{frames[0]:x}" if frames else None


def _derived(values: list[int]) -> Any:
    import pandas as pd

    try:
        return pd.array(values, dtype="Int64")
    except OverflowError:
        return pd.array(values, dtype="UInt64")


def _integers(values: Any, kind: Kind) -> Any:
    """Int64 / UInt64 from stored u32/u64 cells, as the XML reader types them."""
    import numpy as np
    import pandas as pd

    wide = values.astype(np.uint64, copy=False)
    big = wide > _INT64_MAX
    if kind is Kind.UINT:
        return pd.arrays.IntegerArray(wide.astype(np.uint64), np.zeros(len(wide), dtype=bool))
    if kind is Kind.TIME:  # beyond int64 ns is the type's "max" sentinel, not a time
        return pd.arrays.IntegerArray(np.where(big, 0, wide).astype(np.int64), big)
    if big.any():
        return pd.arrays.IntegerArray(wide.astype(np.uint64), np.zeros(len(wide), dtype=bool))
    return pd.arrays.IntegerArray(wide.astype(np.int64), np.zeros(len(wide), dtype=bool))
