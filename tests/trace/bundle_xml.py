"""The ``xctrace export`` XML twin of a SYNTHETIC store: same cells, written as xctrace would.

Used to check that :func:`profiler.trace.bundle.read_bundle` and
:func:`profiler.trace.read_tables` give equal frames for the same data, and by ``make bench``
to time both readers on it. Values get ``id`` on first use and ``ref`` after, as xctrace does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from tests.trace.bundlegen import SynthStore

LABELLED = {"os-log-metadata", "formatted-label", "narrative", "return-location"}


class _Ids:
    def __init__(self) -> None:
        self.seen: dict[Any, int] = {}

    def cell(self, key: Any, body: str, tag: str, fmt: str | None) -> str:
        if key in self.seen:
            return f'<{tag} ref="{self.seen[key]}"/>'
        self.seen[key] = n = len(self.seen) + 1
        f = f" fmt={quoteattr(fmt)}" if fmt is not None else ""
        return f'<{tag} id="{n}"{f}>{body}</{tag}>'


def _cell(ids: _Ids, etype: str, mnemonic: str, exp: dict[str, list[Any]], i: int) -> str:
    value = exp[mnemonic][i]
    if value is None:
        return "<sentinel/>"
    if etype == "process":
        pid = exp[f"{mnemonic}_pid"][i]
        return ids.cell(("process", value), f"<pid>{pid}</pid>", "process", value)
    if etype == "thread":
        tid, pid = exp[f"{mnemonic}_tid"][i], exp[f"{mnemonic}_pid"][i]
        pname = value.rsplit("(", 1)[1].split(",")[0]
        body = f"<tid>{tid}</tid><process fmt={quoteattr(f'{pname} ({pid})')}><pid>{pid}</pid></process>"
        return ids.cell(("thread", value), body, "thread", value)
    if etype == "backtrace":
        frames = "".join(f'<frame addr="0x{a:x}"/>' for a in exp["frames"][i])
        return ids.cell(("backtrace", exp["frames"][i]), frames, "backtrace", None)
    if etype in LABELLED:
        return ids.cell((etype, value), f"<string>{escape(value)}</string>", etype, value)
    text = str(int(value)) if isinstance(value, bool) else str(value)
    return ids.cell((etype, text), escape(text), etype, text)


def write_xml(store: SynthStore, path: Path, table_index: int = 1) -> Path:
    exp = store.expected
    cols = "".join(f"<col><mnemonic>{m}</mnemonic><name>{m.title()}</name>"
                   f"<engineering-type>{x}</engineering-type></col>" for m, _, x, _ in store.columns)
    ids = _Ids()
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0"?>\n<trace-query-result>\n'
                  f"<node xpath='//trace-toc[1]/run[1]/data[1]/table[{table_index}]'>"
                  f'<schema name="{store.schema}">{cols}</schema>\n')
        for i in range(len(store.rows)):
            cells = "".join(_cell(ids, x, m, exp, i) for m, _, x, _ in store.columns)
            out.write(f"<row>{cells}</row>\n")
        out.write("</node>\n</trace-query-result>\n")
    return path
