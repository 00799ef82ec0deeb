"""Hostile and damaged bundles: one-line TraceFormatError with a hint, bounded memory, no hang.

Each case starts from a small SYNTHETIC bundle (tests/trace/bundlegen.py) and breaks one thing.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from profiler.errors import InputError, TraceFormatError
from profiler.trace.bundle import Limits, read_bundle
from tests.trace import bundle_scenarios as sc
from tests.trace.bundlegen import BundleWriter

STORE = "corespace/run1/core/stores/indexed-store-0"
UNIQ = "corespace/run1/core/uniquing"


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    w = BundleWriter()
    sc.signpost_intervals(w, 20)
    return w.write(tmp_path / "hostile.trace")


def _raw(path: Path) -> bytes:
    return zlib.decompress(path.read_bytes())


def _put(path: Path, data: bytes) -> None:
    path.write_bytes(zlib.compress(data))


def _fails(path: Path, match: str, limits: Limits | None = None) -> TraceFormatError:
    with pytest.raises(TraceFormatError, match=match) as info:
        read_bundle(path, limits=limits)
    err = info.value
    assert "\n" not in err.describe() and err.hint and err.exit_code == 4
    return err


def test_a_store_cut_mid_row_is_truncated(bundle: Path) -> None:
    store = bundle / STORE / "bulkstore"
    _put(store, _raw(store)[:-7])
    _fails(bundle, "truncated")


def test_a_header_row_size_that_disagrees_with_the_descriptor(bundle: Path) -> None:
    store = bundle / STORE / "bulkstore"
    data = bytearray(_raw(store))
    data[16:20] = struct.pack("<I", 40)
    _put(store, bytes(data))
    _fails(bundle, "rows are 40 bytes")


def test_huge_counts_in_headers_are_never_allocated(bundle: Path) -> None:
    store = bundle / STORE / "bulkstore"
    data = bytearray(_raw(store))
    data[20:28] = struct.pack("<II", 0xFFFFFFFF, 0xFFFFFFFF)  # capacity fields lie
    _put(store, bytes(data))
    (table,) = read_bundle(bundle).run(1).tables["os-signpost-interval"]
    assert table.row_count == 20  # counted from the file's real size


def test_a_uniqued_value_claiming_billions_of_items(bundle: Path) -> None:
    data = bytearray(_raw(bundle / UNIQ / "arrayUniquer/integeruniquer.data"))
    data[32:36] = struct.pack("<I", 0xFFFFFFF0)  # the first entry (the process) claims 4G items
    _put(bundle / UNIQ / "arrayUniquer/integeruniquer.data", bytes(data))
    _fails(bundle, "claims 4294967280 items beyond the data file")


def test_a_reference_beyond_the_uniquing_table(bundle: Path) -> None:
    index = bundle / UNIQ / "arrayUniquer/integeruniquer.index"
    _put(index, _raw(index)[:48])  # keep one entry: every thread and UUID ref now dangles
    _fails(bundle, "beyond the 1 uniqued values")


def test_a_zlib_bomb_stops_at_the_cap(bundle: Path) -> None:
    (bundle / STORE / "bulkstore").write_bytes(zlib.compress(b"\0" * (64 << 20), 9))
    _fails(bundle, "inflates beyond 8 MiB", Limits(file_bytes=8 << 20))


def test_damaged_zlib_data(bundle: Path) -> None:
    store = bundle / STORE / "bulkstore"
    store.write_bytes(store.read_bytes()[:-20])
    _fails(bundle, "zlib data is truncated|damaged zlib")


def test_garbage_table_index(bundle: Path) -> None:
    (bundle / "corespace/run1/core/table-manager/tables.plist").write_bytes(b"bplist00" + os.urandom(64))
    _fails(bundle, "damaged binary plist|not an NSKeyedArchiver")


def test_entity_declarations_in_xml_plists_are_refused(bundle: Path) -> None:
    _put(bundle / UNIQ / "strings", b'<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "aaaa">]>'
                                    b"<plist><array><string>&a;</string></array></plist>")
    _fails(bundle, "entity declaration refused")


def test_a_symlink_out_of_the_bundle(bundle: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_bytes(b"not yours")
    store = bundle / STORE / "bulkstore"
    store.unlink()
    store.symlink_to(secret)
    _fails(bundle, "points outside the bundle")


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_members_escaping_the_bundle(tmp_path: Path) -> None:
    _fails(_zip(tmp_path / "x.trace.zip", {"x.trace/../../evil": b"x"}), "escapes the bundle")
    _fails(_zip(tmp_path / "y.trace.zip", {"/etc/evil": b"x"}), "escapes the bundle")


def test_zip_symlink_members(tmp_path: Path) -> None:
    path = tmp_path / "s.trace.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("s.trace/form.template")
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/etc/passwd")
    _fails(path, "is a symlink")


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    path = _zip(tmp_path / "b.trace.zip", {"b.trace/form.template": b"\0" * (40 << 20)})
    _fails(path, "zip bomb")


def test_zip_bomb_by_overlapping_members(tmp_path: Path) -> None:
    path = _zip(tmp_path / "o.trace.zip", {"o.trace/a": b"a" * 100, "o.trace/b": b"b" * 100})
    data = bytearray(path.read_bytes())
    first, second = (i for i in range(len(data)) if data[i:i + 4] == b"PK\x01\x02")
    data[second + 42:second + 46] = data[first + 42:first + 46]  # b's data is a's
    path.write_bytes(bytes(data))
    _fails(path, "overlap")


def test_zip_without_exactly_one_trace_folder(tmp_path: Path) -> None:
    path = _zip(tmp_path / "two.zip", {"a.trace/x": b"1", "b.trace/y": b"2"})
    _fails(path, "expected one")


def test_inputs_that_are_not_bundles(tmp_path: Path) -> None:
    (tmp_path / "empty.trace").mkdir()
    _fails(tmp_path / "empty.trace", "no corespace")
    (tmp_path / "junk.trace.zip").write_bytes(os.urandom(256))
    _fails(tmp_path / "junk.trace.zip", "not a .trace bundle")
    with pytest.raises(InputError, match="no such file"):
        read_bundle(tmp_path / "missing.trace")
