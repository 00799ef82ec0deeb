"""The one hardened lxml parser factory. Every XML parse in the project goes through here.

Settings and why:

- ``resolve_entities=False``, ``load_dtd=False``, ``no_network=True``: an export never needs a DTD
  or entities, so nothing is expanded (billion laughs) or fetched (external entities, local
  files, URLs).
- ``huge_tree=True``: real exports reach gigabytes and single text nodes can be large; libxml2's
  default limits would reject legitimate files.
- ``remove_comments``/``remove_pis``: rows are mapped by child position, so a comment must never
  count as a cell.

The compiled reader (``profiler/trace/_fastread.c``) sets the same options on libxml2 and, in
addition, refuses entities outright (its entity callback returns none) and stops at any DOCTYPE.

On top of the parser settings, :func:`check_head` rejects any DOCTYPE or entity declaration
outright before parsing starts (the first bytes are decoded and searched, so UTF-16 input is
covered too), naming the file and line. It also refuses any declared encoding but UTF-8 and
UTF-16: libxml2 honours others (UTF-7, EBCDIC...), in which the bytes searched here would not
be the text the parser sees, so a DOCTYPE could hide from the check.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from profiler.errors import TraceFormatError

if TYPE_CHECKING:
    from lxml import etree

#: How much of a file :func:`check_head` inspects. A DOCTYPE can only precede the root element.
HEAD_BYTES = 64 * 1024

#: Settings besides the security-critical ones, which are spelt out at each call below so that a
#: reader (or a grep) sees them where the parser is made.
_PARSER_OPTIONS: dict[str, Any] = {
    "huge_tree": True,
    "dtd_validation": False,
    "remove_comments": True,
    "remove_pis": True,
}
_LOCKED = {"resolve_entities": False, "no_network": True, "load_dtd": False}

_DECL = re.compile(r"<!(DOCTYPE|ENTITY)\b", re.IGNORECASE)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_SKIP = re.compile(r"\s*(<\?.*?\?>|<!--.*?-->)", re.DOTALL)
_XML_DECL = re.compile(r"<\?xml\s[^>]*?\bencoding\s*=\s*[\"']([^\"']*)[\"']")
#: Declared encodings accepted, by the encoding the first bytes show (BOM or byte pattern).
_ENCODINGS = {"utf-8": {"utf-8", "utf8"}, "utf-16": {"utf-16", "utf16", "utf-16le", "utf-16be"}}


class Readable(Protocol):
    """Anything lxml can pull bytes from."""

    def read(self, size: int = -1, /) -> bytes: ...


def make_parser(**overrides: Any) -> etree.XMLParser:
    """A new hardened :class:`lxml.etree.XMLParser` (see the module docstring for settings)."""
    from lxml import etree

    for key, value in _LOCKED.items():
        if overrides.pop(key, value) != value:
            raise ValueError(f"{key} cannot be changed on the hardened parser")
    options = {**_PARSER_OPTIONS, **overrides}
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, **options)


def parse_bytes(data: bytes) -> Any:
    """The root element of a whole document in memory (a TOC), with the hardened parser."""
    from lxml import etree

    return etree.fromstring(data, make_parser())


def iterparse(
    source: str | Path | Readable, *, events: Iterable[str] = ("end",), tag: Any = None
) -> Iterator[tuple[str, Any]]:
    """:func:`lxml.etree.iterparse` with the hardened settings."""
    from lxml import etree

    if isinstance(source, Path):
        source = str(source)
    return etree.iterparse(source, events=tuple(events), tag=tag, resolve_entities=False, no_network=True, load_dtd=False, **_PARSER_OPTIONS)  # noqa: E501


def syntax_error(exc: Any) -> tuple[str, int | None]:
    """(message, line) of an lxml ``XMLSyntaxError``, from its last fatal log entry.

    With entity resolution off, lxml's own summary can be unhelpful ("no element found"); the
    error log has libxml2's real message and position.
    """
    fatal = [e for e in getattr(exc, "error_log", None) or () if e.level_name == "FATAL"]
    if fatal:  # the last one stopped this parse (the log may hold older entries)
        return fatal[-1].message.strip(), fatal[-1].line or None
    msg = str(getattr(exc, "msg", "") or exc)
    return msg, getattr(exc, "lineno", None) or None


def decode_head(data: bytes) -> str:
    """Decode the first bytes of a file, honouring a UTF-16/UTF-8 BOM (errors replaced)."""
    return data.decode(_encoding_of(data), errors="replace")


def _encoding_of(data: bytes) -> str:
    """The codec the first bytes show: a BOM, UTF-16's ``<?`` pattern, else UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if data[:4] == b"<\x00?\x00":
        return "utf-16-le"
    if data[:4] == b"\x00<\x00?":
        return "utf-16-be"
    return "utf-8"


def _check_encoding(path: str | Path, head: bytes, text: str) -> None:
    """Refuse a declared encoding other than the UTF-8 or UTF-16 the bytes show."""
    declared = _XML_DECL.match(text.lstrip("\ufeff"))
    if declared is None:
        return
    name = declared.group(1).strip().lower()
    family = "utf-16" if _encoding_of(head).startswith("utf-16") else "utf-8"
    if name not in _ENCODINGS[family]:
        shown = declared.group(1)[:40]
        raise TraceFormatError(
            f"encoding {shown!r} refused (xctrace exports are UTF-8)",
            path=path,
            line=1,
            hint="convert the file to UTF-8 first (e.g. `iconv -t UTF-8`); other encodings are "
            "never read",
        )


def check_head(path: str | Path, head: bytes) -> str | None:
    """Reject DOCTYPE/ENTITY declarations and return the root element's name (None if unseen).

    Raises :class:`TraceFormatError` naming the file and line for a declaration, for binary
    data and for non-XML text.
    """
    if not head.strip():
        raise TraceFormatError(
            "empty file", path=path, hint="re-run `xcrun xctrace export`; the export wrote nothing"
        )
    text = decode_head(head)
    if "\x00" in text or text.count("\ufffd") > 8:
        raise TraceFormatError(
            "not an XML file (binary data)",
            path=path,
            hint="pass the XML written by `xcrun xctrace export`, not the .trace bundle",
        )
    _check_encoding(path, head, text)
    pos = 0
    while True:  # skip the prolog: XML declaration, processing instructions, comments
        match = _SKIP.match(text, pos)
        if not match:
            break
        pos = match.end()
    rest = text[pos:].lstrip()
    declaration = _DECL.match(rest)
    if declaration:
        line = text.count("\n", 0, len(text) - len(rest)) + 1
        raise TraceFormatError(
            f"{declaration.group(1).upper()} declaration refused (xctrace exports never have one)",
            path=path,
            line=line,
            hint="this file is not a plain xctrace export; DTDs and entities are never loaded",
        )
    root = _ROOT.match(rest)
    if root is None:
        if rest and not rest.startswith("<"):
            raise TraceFormatError(
                "not an XML file",
                path=path,
                line=text.count("\n", 0, pos) + 1,
                hint="pass the XML written by `xcrun xctrace export --toc` or `--xpath`",
            )
        return None
    return root.group(1)
