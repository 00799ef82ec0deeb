"""Property lists and NSKeyedArchiver archives, as found in a ``.trace`` bundle.

Binary plists (``bplist00``) are parsed by :mod:`plistlib`, always with ``fmt=FMT_BINARY`` so
that its XML parser is never used. XML plists (``uniquing/strings``, ``MANIFEST.plist``) go
through the project's hardened lxml parser (:mod:`profiler.trace.xml`) with entity
declarations refused.

:class:`Archive` walks an NSKeyedArchiver object graph one level at a time (:meth:`Archive.get`)
or whole (:meth:`Archive.full`, for small subtrees): ``form.template`` holds tens of thousands
of objects of which the reader needs a few, so nothing is decoded before it is asked for.
Decoded shapes: NSDictionary -> ``dict`` (keys decoded), NSArray/NSSet -> ``list``, NSString ->
``str``, NSData -> ``bytes``, NSDate -> ``float`` (seconds since 2001), ``$null`` -> ``None``;
any other class -> :class:`Obj` (a ``dict`` of its raw fields with ``cls`` = class name).
"""

from __future__ import annotations

import io
import plistlib
from typing import Any

from profiler.errors import TraceFormatError

_MAX_DEPTH = 400
HINT = "the .trace bundle is damaged; record or copy it again"


class Obj(dict):  # type: ignore[type-arg]
    """An archived object of class :attr:`cls`; values are raw (pass them to ``Archive.get``)."""

    cls: str | None = None


def read_plist(data: bytes, where: str) -> Any:
    """A binary or XML property list's root value."""
    if data.startswith(b"bplist00"):
        try:
            return plistlib.loads(data, fmt=plistlib.FMT_BINARY)
        except (plistlib.InvalidFileException, ValueError, TypeError, KeyError, IndexError,
                OverflowError, RecursionError, MemoryError, UnicodeDecodeError) as exc:
            raise TraceFormatError(f"damaged binary plist ({type(exc).__name__})", path=where,
                                   hint=HINT) from None
    return _xml_plist(data, where)


def _xml_plist(data: bytes, where: str) -> Any:
    from lxml import etree

    from profiler.trace.xml import make_parser

    if b"<!ENTITY" in data:
        raise TraceFormatError("entity declaration refused in a plist", path=where, hint=HINT)
    try:
        root = etree.parse(io.BytesIO(data), make_parser()).getroot()
    except etree.XMLSyntaxError as exc:
        raise TraceFormatError(f"malformed XML plist ({exc})", path=where, hint=HINT) from None
    if root.tag != "plist" or len(root) != 1:
        raise TraceFormatError("not a property list", path=where, hint=HINT)
    return _xml_value(root[0], where, 0)


def _xml_value(elem: Any, where: str, depth: int) -> Any:
    tag = elem.tag
    if depth > _MAX_DEPTH:
        raise TraceFormatError("plist nested too deeply", path=where, hint=HINT)
    if tag == "string":
        return elem.text or ""
    if tag == "array":
        return [_xml_value(e, where, depth + 1) for e in elem]
    if tag == "dict":
        keys = [(e.text or "") for e in elem[0::2]]
        return dict(zip(keys, (_xml_value(e, where, depth + 1) for e in elem[1::2]), strict=False))
    if tag in ("true", "false"):
        return tag == "true"
    try:
        if tag == "integer":
            return int((elem.text or "").strip())
        if tag == "real":
            return float((elem.text or "").strip())
    except ValueError:
        raise TraceFormatError(f"bad <{tag}> in a plist", path=where, hint=HINT) from None
    if tag in ("data", "date"):
        return (elem.text or "").strip()
    raise TraceFormatError(f"unknown plist element <{tag}>", path=where, hint=HINT)


class Archive:
    """An NSKeyedArchiver archive; ``top`` maps its top-level keys to raw values."""

    def __init__(self, data: bytes, where: str) -> None:
        self.where = where
        plist = read_plist(data, where)
        if not isinstance(plist, dict) or plist.get("$archiver") != "NSKeyedArchiver":
            raise TraceFormatError("not an NSKeyedArchiver archive", path=where, hint=HINT)
        objects, top = plist.get("$objects"), plist.get("$top")
        if not isinstance(objects, list) or not isinstance(top, dict):
            raise TraceFormatError("archive without $objects/$top", path=where, hint=HINT)
        self.objects: list[Any] = objects
        self.top: dict[str, Any] = top
        self._memo: dict[int, Any] = {}

    def root(self) -> Any:
        """The decoded ``$top.root`` (one level)."""
        return self.get(self.top.get("root"))

    def _deref(self, value: Any) -> Any:
        seen = 0
        while isinstance(value, plistlib.UID):
            if value.data >= len(self.objects) or seen > _MAX_DEPTH:
                raise TraceFormatError("archive refers to a missing object", path=self.where,
                                       hint=HINT)
            value = self.objects[value.data]
            seen += 1
        return value

    def class_of(self, raw: dict[str, Any]) -> str | None:
        info = self._deref(raw.get("$class"))
        return info.get("$classname") if isinstance(info, dict) else None

    def get(self, value: Any) -> Any:
        """One level of ``value``: containers hold raw values, strings and numbers are plain."""
        value = self._deref(value)
        if value == "$null":
            return None
        if not isinstance(value, dict) or "$class" not in value:
            return value
        if "NS.keys" in value:
            keys, values = value.get("NS.keys") or [], value.get("NS.objects") or []
            out = {}
            for k, v in zip(keys, values, strict=False):
                key = self.get(k)
                out[key if isinstance(key, str | int | float | bool | bytes) else repr(key)] = v
            return out
        if "NS.objects" in value:
            return list(value["NS.objects"] or [])
        if "NS.string" in value:
            return str(value["NS.string"])
        if "NS.bytes" in value or "NS.data" in value:
            return value.get("NS.data", value.get("NS.bytes"))
        if "NS.time" in value:
            return value["NS.time"]
        obj = Obj((k, v) for k, v in value.items() if k != "$class")
        obj.cls = self.class_of(value)
        return obj

    def full(self, value: Any, depth: int = 0) -> Any:
        """``value`` decoded recursively (for small subtrees; shared objects decode once)."""
        if depth > _MAX_DEPTH:
            raise TraceFormatError("archive nested too deeply", path=self.where, hint=HINT)
        key = value.data if isinstance(value, plistlib.UID) else None
        if key is not None and key in self._memo:
            return self._memo[key]
        one = self.get(value)
        if isinstance(one, Obj):
            out: Any = Obj((k, self.full(v, depth + 1)) for k, v in one.items())
            out.cls = one.cls
        elif isinstance(one, dict):
            out = {k: self.full(v, depth + 1) for k, v in one.items()}
        elif isinstance(one, list):
            out = [self.full(v, depth + 1) for v in one]
        else:
            out = one
        if key is not None:
            self._memo[key] = out
        return out


def int_keyed(archive: Archive, value: Any) -> dict[int, Any]:
    """An ``XRIntKeyedDictionary`` (``$0`` = count, then ``$2i+1`` key / ``$2i+2`` value)."""
    raw = archive.get(value)
    if not isinstance(raw, dict):
        raise TraceFormatError("expected an XRIntKeyedDictionary", path=archive.where, hint=HINT)
    count = archive.get(raw.get("$0"))
    if not isinstance(count, int) or count < 0 or 2 * count + 1 > len(raw) + 1:
        raise TraceFormatError("XRIntKeyedDictionary with a bad count", path=archive.where,
                               hint=HINT)
    out = {}
    for i in range(count):
        key = archive.get(raw.get(f"${2 * i + 1}"))
        if not isinstance(key, int):
            raise TraceFormatError("XRIntKeyedDictionary with a non-integer key",
                                   path=archive.where, hint=HINT)
        out[key] = raw.get(f"${2 * i + 2}")
    return out
