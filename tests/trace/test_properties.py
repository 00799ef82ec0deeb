"""Property test: random tables (SYNTHETIC), serialised in the xctrace shape with random id/ref
interning (nested too) and sentinels, read back exactly."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiler.trace import read_tables

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff")
    | st.sampled_from("&<>\"' \t"),
    max_size=12,
)
TIMES = st.integers(0, 2**62 - 1)  # beyond: NA with a warning (hostile/time-int64-max.xml)
TYPES: dict[str, Any] = {
    "start-time": TIMES,
    "duration": TIMES,
    "uint64": st.integers(0, 2**64 - 1),
    "uint32": st.integers(0, 2**32 - 1),
    "string": TEXT,
    "boolean": st.booleans(),
    "process": st.tuples(TEXT, st.integers(0, 99999)),
    "thread": st.tuples(TEXT, st.integers(0, 2**40), st.tuples(TEXT, st.integers(0, 99999))),
    "backtrace": st.tuples(TEXT, st.lists(st.text(alphabet="abc_:", min_size=1, max_size=6), min_size=1, max_size=4).map(tuple)),
}


DTYPE = {
    "start-time": "Int64", "duration": "Int64", "uint64": "UInt64", "uint32": "Int64",
    "string": "string", "boolean": "boolean", "process": "string", "thread": "string",
    "backtrace": "string",
}


class Writer:
    """Serialises values like xctrace: first occurrence gets an id, later ones may be refs."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw
        self.next_id = 1
        self.seen: dict[tuple[str, Any], int] = {}

    def _intern(self, key: tuple[str, Any]) -> tuple[int | None, bool]:
        if key in self.seen and self.draw(st.booleans()):
            return self.seen[key], True
        ident = self.next_id
        self.next_id += 1
        self.seen[key] = ident
        return ident, False

    def cell(self, tag: str, value: Any) -> str:
        ident, is_ref = self._intern((tag, value))
        if is_ref:
            return f'<{tag} ref="{ident}"/>'
        if tag == "process":
            fmt, pid = value
            return f'<process id="{ident}" fmt={quoteattr(fmt)}>{self.cell("pid", pid)}</process>'
        if tag == "thread":
            fmt, tid, process = value
            inner = self.cell("tid", tid) + self.cell("process", process)
            return f'<thread id="{ident}" fmt={quoteattr(fmt)}>{inner}</thread>'
        if tag == "backtrace":
            fmt, frames = value
            inner = "".join(self.frame(name) for name in frames)
            return f'<backtrace id="{ident}" fmt={quoteattr(fmt)}>{inner}</backtrace>'
        text = str(int(value)) if isinstance(value, bool) else str(value)
        return f"<{tag} id=\"{ident}\" fmt={quoteattr(text)}>{escape(text)}</{tag}>"

    def frame(self, name: str) -> str:
        ident, is_ref = self._intern(("frame", name))
        if is_ref:
            return f'<frame ref="{ident}"/>'
        return f'<frame id="{ident}" name={quoteattr(name)} addr="0x1"/>'


@st.composite
def tables(draw: Any) -> tuple[list[str], list[list[Any]], str]:
    types = draw(st.lists(st.sampled_from(sorted(TYPES)), min_size=1, max_size=6))
    n_rows = draw(st.integers(0, 12))
    rows = [
        [draw(st.none() | TYPES[t]) for t in types]  # None = <sentinel/>
        for _ in range(n_rows)
    ]
    writer = Writer(draw)
    cols = "".join(
        f"<col><mnemonic>c{i}</mnemonic><name>C{i}</name><engineering-type>{t}</engineering-type></col>"
        for i, t in enumerate(types)
    )
    body = "".join(
        "<row>" + "".join("<sentinel/>" if v is None else writer.cell(t, v) for t, v in zip(types, row, strict=True)) + "</row>\n"
        for row in rows
    )
    doc = (
        '<?xml version="1.0"?>\n<trace-query-result>\n'
        f"<node xpath='//trace-toc[1]/run[1]/data[1]/table[3]'><schema name=\"random\">{cols}</schema>"
        f"{body}</node></trace-query-result>\n"
    )
    return types, rows, doc


def _expected(t: str, v: Any) -> dict[str, Any]:
    if v is None:
        out: dict[str, Any] = {"": None}
        if t == "thread":
            out.update({"_tid": None, "_pid": None})
        elif t == "process":
            out["_pid"] = None
        elif t == "backtrace":
            out["_top_frame"] = None
        return out
    if t == "process":
        return {"": v[0], "_pid": v[1]}
    if t == "thread":
        return {"": v[0], "_tid": v[1], "_pid": v[2][1]}
    if t == "backtrace":
        return {"": v[0], "_top_frame": v[1][0]}
    return {"": v}


def _plain(x: Any) -> Any:
    return None if x is pd.NA else x


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_random_tables_round_trip(table: tuple[list[str], list[list[Any]], str]) -> None:
    types, rows, doc = table
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.xml"
        path.write_text(doc, encoding="utf-8")
        (result,) = read_tables(path)
    frame = result.frame
    assert result.row_count == len(rows) == len(frame)
    assert result.warnings == ()
    for i, t in enumerate(types):
        for r, row in enumerate(rows):
            for suffix, want in _expected(t, row[i]).items():
                got = _plain(frame[f"c{i}{suffix}"].iloc[r])
                assert got == want, (t, suffix, r)
        assert str(frame[f"c{i}"].dtype) == DTYPE[t]
