"""SYNTHETIC ``.trace`` bundles, written byte by byte from the documented format.

Follows ``../shared/docs/trace-bundle-format.md`` and what the real bundles in
``../shared/real-traces/bundles/`` show (see profiler/trace/bundle/*.py docstrings): zlib files
under ``corespace/run1/core/``, NSKeyedArchiver plists, ``schema.xml``, 4 KiB bulkstore header
plus fixed-size rows (stored out of time order, with unused all-zero slots), uniquer
index/data pairs, and ``form.template`` run data. Nothing here imports the reader.

Every value a test expects comes from :attr:`SynthStore.expected`, which the generator fills
as it writes each cell (the label xctrace would print), independently of the reader.
"""

from __future__ import annotations

import plistlib
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

BLOCK = 1 << 20
ETYPES = ["XRInvalidEngineeringTypeID", "XRNarrativeTextTypeID", "XRPrototypeValueTypeID",
          "XRUnsignedIntegerHexLowercaseTypeID", "XROSLogMetadataTypeID",
          "XRPrototypeStringTypeID", "XRPrivateValueTypeID", "XRFormattedLabelTypeID",
          "XRVirtualMemoryAddressTypeID"]
INTERVAL = [("start", "<Q"), ("duration", "<Q"), ("cat1", "<I"), ("cat2", "<I")]
POINT = [("start", "<Q"), ("cat1", "<I"), ("cat2", "<I")]
SENTINEL32 = 0xFFFFFFFF


class Cls(dict):  # type: ignore[type-arg]
    """An archived object of class ``name`` with the given fields."""

    def __init__(self, name: str, **fields: Any) -> None:
        super().__init__(fields)
        self.name = name


def archive(root: Any, top_key: str | None = "root") -> bytes:
    """A binary NSKeyedArchiver plist of ``root`` (``top_key=None``: ``root`` is the $top dict)."""
    objects: list[Any] = ["$null"]
    classes: dict[str, plistlib.UID] = {}

    def cls(name: str, *supers: str) -> plistlib.UID:
        if name not in classes:
            objects.append({"$classname": name, "$classes": [name, *supers, "NSObject"]})
            classes[name] = plistlib.UID(len(objects) - 1)
        return classes[name]

    def enc(value: Any) -> plistlib.UID:
        if value is None:
            return plistlib.UID(0)
        slot = len(objects)
        objects.append(None)
        if isinstance(value, Cls):
            obj = {k: enc(v) for k, v in value.items()}
            obj["$class"] = cls(value.name)
        elif isinstance(value, dict):
            obj = {"NS.keys": [enc(k) for k in value], "NS.objects": [enc(v) for v in value.values()],
                   "$class": cls("NSDictionary")}
        elif isinstance(value, list):
            obj = {"NS.objects": [enc(v) for v in value], "$class": cls("NSArray")}
        else:
            obj = value
        objects[slot] = obj
        return plistlib.UID(slot)

    top = {k: enc(v) for k, v in root.items()} if top_key is None else {top_key: enc(root)}
    return plistlib.dumps({"$version": 100000, "$archiver": "NSKeyedArchiver", "$top": top,
                           "$objects": objects}, fmt=plistlib.FMT_BINARY)


class _Uniquer:
    def __init__(self) -> None:
        self.entries: list[tuple[int, ...]] = []
        self.seen: dict[tuple[int, ...], int] = {}

    def add(self, values: tuple[int, ...]) -> int:
        if values not in self.seen:
            self.seen[values] = len(self.entries)
            self.entries.append(values)
        return self.seen[values]

    def files(self) -> tuple[bytes, bytes]:
        head = struct.pack("<8I", 0x01234567, 668542, 1, 0, 1, 0, 4 * BLOCK, BLOCK)
        index, data = [head, b"\0" * 8], bytearray(head)
        for values in self.entries:
            item = struct.pack(f"<I{len(values)}Q", len(values), *values)
            if len(data) % BLOCK + len(item) > BLOCK:  # entries never cross a block boundary
                data += b"\0" * (BLOCK - len(data) % BLOCK)
            index.append(struct.pack("<II", len(data) % BLOCK, len(data) // BLOCK))
            data += item
        return b"".join(index), bytes(data)


@dataclass
class SynthStore:
    schema: str
    columns: list[tuple[str, str, str, str | None]]  # mnemonic, XR type, xctrace type, topology
    fields: list[tuple[str, str]]  # numpy-style (name, "<I"/"<Q") after the topology
    interval: bool
    attributes: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, int]] = field(default_factory=list)
    expected: dict[str, list[Any]] = field(default_factory=dict)  # mnemonic -> cells, time order


class BundleWriter:
    """Collects interned values and stores, then writes one SYNTHETIC bundle."""

    def __init__(self) -> None:
        self.strings: list[str] = [""]
        self._string_ids: dict[str, int] = {"": 0}
        self.arrays, self.typed = _Uniquer(), _Uniquer()
        self.processes: dict[int, tuple[int, str]] = {}  # ref -> (pid, name)
        self.threads: dict[int, tuple[int, str]] = {}  # ref -> (tid, name)
        self.stores: list[SynthStore] = []
        self.run_info: dict[str, Any] = {
            "_targetName": "Lab iPhone (SYNTHETIC)", "_targetModel": "iPhone 15 Pro",
            "_targetOperatingSystem": "18.2 (22C152)", "_targetPlatform": "iOS",
            "_targetUUID": "00008130-000000000000SYNT", "_rawStartTime": 1767225600.1234,
            "_rawEndTime": 1767225630.5678, "_rawDuration": 30.4444, "_endReason": "Stopped",
            "_instrumentVersion": "26.0 (17C529)", "_templateName": "Core ML",
            "_recordingMode": "Deferred", "_timeLimit": "30 seconds", "targetType": 2,
            "_targetProcessName": "CoreDiffuse", "_targetProcessPid": "4242",
            "_targetExitStatus": "0"}

    def string(self, text: str) -> int:
        if text not in self._string_ids:
            self._string_ids[text] = len(self.strings)
            self.strings.append(text)
        return self._string_ids[text]

    def process(self, pid: int, name: str) -> int:
        ref = self.arrays.add((pid, self.string("TODO")))
        self.processes[ref] = (pid, name)
        return ref

    def thread(self, tid: int, process: int, name: str | None = None) -> int:
        ref = self.arrays.add((tid, process))
        self.threads[ref] = (tid, name or self.processes[process][1])
        return ref

    def thread_label(self, ref: int) -> str:
        tid, name = self.threads[ref]
        process = self.arrays.entries[ref][1]
        pid, pname = self.processes[process]
        return f"{name} 0x{tid:x} ({pname}, pid: {pid})"

    def backtrace(self, process: int, frames: list[int]) -> int:
        """Chunks of at most 4 frames, as (process << 32) | frame-array refs."""
        chunks = [self.arrays.add(tuple(frames[i:i + 4])) for i in range(0, len(frames), 4)]
        return self.arrays.add(tuple((process << 32) | c for c in chunks))

    def label(self, parts: list[tuple[str, Any]]) -> int:
        """A typed array: ("text", s) narrative text, ("value", n), ("hex", n), ("private", 0)."""
        kinds = {"text": 1, "value": 2, "hex": 3, "meta": 4, "string": 5, "private": 6, "label": 7, "addr": 8}
        pairs: list[int] = []
        for kind, value in parts:
            pairs += [kinds[kind], self.string(value) if kind in ("text", "string") else value]
        return self.typed.add(tuple(pairs))

    def uuid(self, text: str) -> int:
        h = text.replace("-", "")
        return self.arrays.add((int(h[:16], 16), int(h[16:], 16)))

    def add(self, store: SynthStore) -> SynthStore:
        self.stores.append(store)
        return store

    # ---- writing ----------------------------------------------------------------------------

    def write(self, out: Path, *, zipped: bool = False, empty_slots: int = 3) -> Path:
        folder = out.with_suffix("") if zipped else out
        files = self._files(empty_slots)
        if zipped:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
                for rel, data in files.items():
                    zf.writestr(f"{folder.name}/{rel}", data)
            return out
        for rel, data in files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return folder

    def _files(self, empty_slots: int) -> dict[str, bytes]:
        core = "corespace/run1/core"
        z = zlib.compress
        files: dict[str, bytes] = {"form.template": self._form()}
        details: dict[str, Any] = {"$0": len(self.stores)}
        for k, store in enumerate(self.stores):
            sub = f"run1/core/stores/indexed-store-{k}"
            files[f"corespace/{sub}/schema.xml"] = z(_schema_xml(store))
            files[f"corespace/{sub}/bulkstore_descriptor"] = z(_descriptor(store))
            files[f"corespace/{sub}/bulkstore"] = z(_bulkstore(store, empty_slots))
            spec = Cls("XRAnalysisCoreTableSpec", schemaName=store.schema,
                       engineeringName=store.schema, attributes=store.attributes,
                       mergeableAttributeKeys=None)
            details[f"${2 * k + 1}"] = k
            details[f"${2 * k + 2}"] = {"storeSubpath": sub, "side": 0, "spec": spec}
        files[f"{core}/table-manager/tables.plist"] = z(archive({
            "lastStoreIdx": len(self.stores), "nextTableID": len(self.stores),
            "tableDetails": Cls("XRIntKeyedDictionary", **details)}))
        strings = "".join(f"\t<string>{escape(s)}</string>\n" for s in self.strings)
        files[f"{core}/uniquing/strings"] = z(
            b'<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<array>\n'
            + strings.encode() + b"</array>\n</plist>\n")
        files[f"{core}/uniquing/EngineeringTypes.etypes"] = z(archive(list(ETYPES)))
        for name, uniquer in (("arrayUniquer", self.arrays), ("typedArrayUniquer", self.typed)):
            index, data = uniquer.files()
            files[f"{core}/uniquing/{name}/integeruniquer.index"] = z(index)
            files[f"{core}/uniquing/{name}/integeruniquer.data"] = z(data)
        return files

    def _form(self) -> bytes:
        procs = [Cls("XRProcess", displayName=name, coreValueSignature=ref, _pid=pid)
                 for ref, (pid, name) in self.processes.items()]
        threads: dict[str, Any] = {"$0": len(self.threads)}
        for i, (ref, (tid, name)) in enumerate(self.threads.items()):
            threads[f"${2 * i + 1}"] = tid
            threads[f"${2 * i + 2}"] = Cls("XRThread", tid=tid, preferredName=name,
                                           coreValueSignature=ref)
        run = {"runInfo": Cls("XRRunInfo", **self.run_info), "processDatas": procs,
               "threadsByTID": Cls("XRIntKeyedDictionary", **threads),
               "target": Cls("XRProcess", _execname="/private/var/containers/CoreDiffuse.app/CoreDiffuse")}
        data = Cls("XRRunListData", **{"$0": [1], "$1": {1: run}, "$2": 2})
        return archive({"com.apple.xray.run.data": data, "$0": 1}, top_key=None)


def _schema_xml(store: SynthStore) -> bytes:
    cols = "".join(
        f"<column mnemonic={quoteattr(m)} engineeringName={quoteattr(m.title())} "
        f"engineeringType={quoteattr(xr)}"
        + (f" topologyField={quoteattr(t)}" if t else "") + "/>"
        for m, xr, _x, t in store.columns)
    topology = "XRTD64_CC32_R_TypeID" if store.interval else "XRT64_CC32_R_TypeID"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<schema name='
            f'{quoteattr(store.schema)} topology="{topology}">{cols}</schema>').encode()


def _layout(store: SynthStore) -> list[tuple[str, str]]:
    return (INTERVAL if store.interval else POINT) + store.fields


def _descriptor(store: SynthStore) -> bytes:
    parts = [("topology", 6 if store.interval else 7)] + [
        (n, 1 if f == "<I" else 2) for n, f in store.fields]
    fields = [Cls("XRFieldDescriptor", **{"$0": {"_index": i, "_name": n, "_type": t, "_multi": 1}})
              for i, (n, t) in enumerate(parts)]
    size = struct.calcsize("<" + "".join(f[1:] for _, f in _layout(store)))
    inner = {"_fields": fields, "_maxEventSize": size, "_minEventSize": size,
             "_variableSize": False, "_name": store.schema, "_identifier": store.schema,
             "_props": {"next_event_id": len(store.rows), "mono_event_id": len(store.rows)}}
    return archive(Cls("XREventDescriptor", **{"$0": inner}))


def _bulkstore(store: SynthStore, empty_slots: int) -> bytes:
    layout = _layout(store)
    fmt = "<" + "".join(f[1:] for _, f in layout)
    size = struct.calcsize(fmt)
    # Stored out of time order (xctrace sorts on export), with unused all-zero slots between.
    order = sorted(range(len(store.rows)), key=lambda i: (i % 3, i))
    body = bytearray()
    for n, i in enumerate(order):
        body += struct.pack(fmt, *(store.rows[i].get(name, 0) for name, _ in layout))
        if n < empty_slots:
            body += b"\0" * size
    slots = len(body) // size
    header = struct.pack("<7I", 0x12340A0A, 3, 40, 4096, size, slots * size, slots)
    return header.ljust(4096, b"\0") + bytes(body)
