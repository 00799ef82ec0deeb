"""The bundle reader's fast paths give exactly what its pure-Python path gives.

- Formatted labels: the compiled ``_fastread.bundle_labels`` against the Python loop
  (``Decoder.label``, what runs with ``PROFILER_READER=python`` or without the extension), on
  SYNTHETIC bundles (tests/trace/bundle_scenarios.py, plus labels of every part kind and edge
  value) and on the real bundles: same frames, exact, dtypes and array types included; damage
  goes back to the Python path, so the error is the Python path's.
- ``distinct`` against ``numpy.unique`` (what the reader used before), the time-order sort
  against a plain structured ``argsort`` take, and the used-slot test against ``any`` on the
  bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from profiler.errors import TraceFormatError
from profiler.trace.bundle import cells, read_bundle
from profiler.trace.bundle.files import open_bundle
from profiler.trace.bundle.reader import _etype_names, _in_time_order
from profiler.trace.bundle.store import HEADER_BYTES, _used
from profiler.trace.bundle.uniquing import Uniquing
from tests.conftest import skip_or_fail
from tests.trace import bundle_scenarios as sc
from tests.trace.bundlegen import BundleWriter

EDGES = [0, 1, 9, 10, 15, 16, 999, 1000, 65535, 1_000_000, (1 << 32) - 1, 1 << 63, (1 << 64) - 1]
REAL = ("signpost", "finder")
COMPILED = cells._compiled  # the real one (the fixture below spies on it)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each call of the compiled part: True when it decoded the column, False when it handed back."""
    fast = COMPILED()
    if fast is None:
        skip_or_fail("the compiled reader is not built here (make install builds it)")
    seen: list[bool] = []

    def spy(*args: Any) -> Any:
        out = fast(*args)
        seen.append(out is not None)
        return out

    monkeypatch.setattr(cells, "_compiled", lambda: spy)
    return seen


def _frames(path: Path) -> dict[tuple[int, str, int], Any]:
    contents = read_bundle(path)
    return {(r.number, schema, i): t for r in contents.runs for schema, ts in r.tables.items()
            for i, t in enumerate(ts)}


def _assert_same(fast: dict[Any, Any], slow: dict[Any, Any]) -> None:
    assert fast.keys() == slow.keys()
    for key, table in fast.items():
        other = slow[key]
        pd.testing.assert_frame_equal(table.frame, other.frame, check_exact=True)
        assert [type(table.frame[c].array) for c in table.frame] == \
            [type(other.frame[c].array) for c in other.frame], key
        assert (table.row_count, table.warnings) == (other.row_count, other.warnings), key


def _python_path(monkeypatch: pytest.MonkeyPatch, path: Path) -> dict[Any, Any]:
    with monkeypatch.context() as m:
        m.setenv("PROFILER_READER", "python")
        m.setattr(cells, "_compiled", COMPILED)
        assert cells._compiled() is None
        return _frames(path)


def _edge_writer() -> BundleWriter:
    w = BundleWriter()
    sc.signpost_intervals(w, 40)
    sc.cpu_profile(w, 20)
    sc.coreml_signposts(w, 6)
    sc.ane_intervals(w, 5)
    sc.thermal(w, 4)
    return w


@pytest.mark.parametrize("zipped", [False, True])
def test_frames_equal_the_python_path_on_synthetic_bundles(tmp_path: Path, calls: list[bool],
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           zipped: bool) -> None:
    path = _edge_writer().write(tmp_path / ("s.trace.zip" if zipped else "s.trace"), zipped=zipped)
    fast = _frames(path)
    assert calls and all(calls)  # every label column went through the compiled part
    _assert_same(fast, _python_path(monkeypatch, path))


@pytest.mark.parametrize("name", REAL)
def test_frames_equal_the_python_path_on_real_bundles(real_traces: Path, calls: list[bool],
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      name: str) -> None:
    path = real_traces / "bundles" / f"robtaylor__apple-profiler__{name}.trace.zip"
    fast = _frames(path)
    if name == "signpost":  # its messages are os-log-metadata labels
        assert calls and all(calls)
    _assert_same(fast, _python_path(monkeypatch, path))


def _decoder(tmp_path: Path, build: Callable[[BundleWriter], list[int]]) -> tuple[Any, list[int]]:
    w = BundleWriter()
    refs = build(w)
    sc.thermal(w, 1)  # a store, so that the bundle is complete
    path = w.write(tmp_path / "labels.trace")
    files = open_bundle(path)
    decoder = cells.Decoder(Uniquing(files, "corespace/run1/core/uniquing"), None,
                            _etype_names(files, 1))
    return decoder, refs


def _every_part(w: BundleWriter) -> list[int]:
    refs = [w.label([(kind, v)]) for v in EDGES for kind in ("value", "hex", "addr")]
    refs.append(w.label([("private", 0), ("text", "é ✓ 日本"), ("string", ""), ("value", 1234567)]))
    inner = w.label([("text", "inner"), ("hex", 0xABC)])
    refs.append(w.label([("text", "outer"), ("meta", inner), ("label", inner), ("value", 5)]))
    deep = inner
    for _ in range(16):  # 16 levels of nesting: the deepest the Python path accepts
        deep = w.label([("label", deep)])
    refs.append(deep)
    refs.append(w.typed.add((99, 7, 2, 8)))  # a type beyond the etype list prints as hex
    refs.append(w.typed.add((2, 42, 3)))  # an odd pair count: the last item is ignored
    refs.append(w.typed.add(()))  # no parts: ""
    return refs


@pytest.mark.parametrize("xr_type", ["XROSLogMetadataTypeID", "XRFormattedLabelTypeID"])
def test_every_part_kind_and_edge_value_prints_as_the_python_path(tmp_path: Path, calls: list[bool],
                                                                  xr_type: str) -> None:
    decoder, refs = _decoder(tmp_path, _every_part)
    fast = decoder.labels(np.array(refs, dtype=np.uint64), xr_type)
    assert calls == [True]
    assert fast == [decoder.label(r, xr_type) for r in refs]
    assert f"{(1 << 64) - 1:,}" in fast and "0xffffffffffffffff" in fast and "0x0" in fast


@pytest.mark.parametrize(("damage", "message"), [
    (lambda w: [w.label([("value", 1)]), 10_000], "reference 10000 beyond the"),
    (lambda w: [w.typed.add((1, 10_000))], "string reference 10000 beyond the"),
    (lambda w: [w.typed.add((7, 10_000))], "reference 10000 beyond the"),
])
def test_damage_goes_back_to_the_python_path_and_its_error(tmp_path: Path, calls: list[bool],
                                                          damage: Any, message: str) -> None:
    decoder, refs = _decoder(tmp_path, damage)
    with pytest.raises(TraceFormatError, match=message):
        decoder.labels(np.array(refs, dtype=np.uint64), "XROSLogMetadataTypeID")
    assert calls == [False]


def test_a_label_nested_too_deeply_goes_back_to_the_python_path(tmp_path: Path,
                                                                calls: list[bool]) -> None:
    def build(w: BundleWriter) -> list[int]:
        deep = w.label([("text", "x")])
        for _ in range(17):
            deep = w.label([("label", deep)])
        return [deep]

    decoder, refs = _decoder(tmp_path, build)
    with pytest.raises(TraceFormatError, match="nested too deeply"):
        decoder.labels(np.array(refs, dtype=np.uint64), "XRFormattedLabelTypeID")
    assert calls == [False]


def test_a_string_with_a_lone_surrogate_goes_back_and_prints_as_python(tmp_path: Path,
                                                                      calls: list[bool]) -> None:
    decoder, refs = _decoder(tmp_path, lambda w: [w.label([("text", "a"), ("value", 3)])])
    decoder.u._strings = ["", "\ud800"]  # a binary plist can hold one; UTF-8 cannot
    assert decoder.labels(np.array(refs, dtype=np.uint64), "XROSLogMetadataTypeID") == ["\ud800 3"]
    assert calls == [False]


@pytest.mark.parametrize("dtype", [np.uint32, np.uint64])
@pytest.mark.parametrize("shape", ["dense", "sparse", "empty", "all-missing", "none-missing"])
def test_distinct_equals_numpy_unique(dtype: Any, shape: str) -> None:
    rng = np.random.default_rng(7)
    sentinel = np.iinfo(dtype).max
    n = 0 if shape == "empty" else 5000
    high = 300 if shape != "sparse" else int(sentinel) - 1
    values = rng.integers(0, high, n, dtype=dtype, endpoint=True)
    if shape in ("dense", "sparse"):
        values[::7] = sentinel
    if shape == "all-missing":
        values[:] = sentinel
    codes, uniques = cells.distinct(values)
    want_uniques, want_codes = np.unique(values, return_inverse=True)
    if len(want_uniques) and want_uniques[-1] == sentinel:
        want_codes = np.where(want_codes == len(want_uniques) - 1, -1, want_codes)
        want_uniques = want_uniques[:-1]
    assert uniques.dtype == values.dtype and codes.dtype == np.intp
    np.testing.assert_array_equal(uniques, want_uniques)
    np.testing.assert_array_equal(codes, want_codes)


def test_time_order_is_a_stable_sort_by_start() -> None:
    dtype = np.dtype([("start", "<u8"), ("duration", "<u8"), ("cat1", "<u4"), ("f:x", "<u4")])
    rng = np.random.default_rng(3)
    rows = np.zeros(2000, dtype=dtype)
    rows["start"] = rng.integers(0, 50, len(rows))  # many ties: stability shows
    rows["f:x"] = np.arange(len(rows))
    got = _in_time_order(rows)
    want = rows[np.argsort(rows["start"], kind="stable")]
    assert got.dtype == dtype and got.tobytes() == want.tobytes()
    ordered = want.copy()
    assert _in_time_order(ordered) is ordered  # already in order: no copy


@pytest.mark.parametrize("size", [1, 3, 4, 8, 12, 16, 56])
def test_used_slots_equal_a_byte_by_byte_test(size: int) -> None:
    """``_used`` (word columns OR-ed, u64 when the row size allows) against ``any`` on the bytes,
    with all-zero rows and rows whose only non-zero byte is the first or the last."""
    rng = np.random.default_rng(size)
    slots = 3000
    body = rng.integers(0, 256, slots * size, dtype=np.uint8).reshape(slots, size)
    body[rng.random(slots) < 0.3] = 0
    for row, byte in ((5, 0), (6, size - 1), (7, size // 2)):
        body[row] = 0
        body[row, byte] = 1
    data = bytes(HEADER_BYTES) + body.tobytes()
    got = _used(data, slots, size)
    assert got.dtype == bool
    np.testing.assert_array_equal(got, body.any(axis=1))
    assert got[5] and got[6] and got[7]
