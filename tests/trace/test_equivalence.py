"""Both readers give identical tables and identical errors (issue 13).

Every export is read twice: by ``read_tables`` as shipped (the compiled reader where it types
the table) and with ``PROFILER_READER=python`` (the careful reader only). The corpus: every
file of ../shared/real-traces, the sample run in traces/, the hostile fixtures, reduced-size
copies of the bench layouts (SYNTHETIC), hand-written edge cases (SYNTHETIC) and random tables
(hypothesis, SYNTHETIC). Frames must match exactly: dtypes (including string storage), values,
NA positions, column order; so must warnings and every error's message, line, hint and code.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from profiler.errors import ProfilerError
from profiler.trace import compiled, read_tables, sniff
from tests.conftest import REAL_TRACES, ROOT, SAMPLE_RUN, skip_or_fail
from tests.trace.test_properties import tables as random_tables
from tests.trace.xmlgen import document, el, node, ref, schema, write


@pytest.fixture(autouse=True)
def _compiled_reader_built() -> None:
    """Skip without the compiled reader, except in CI, where `make install` builds it."""
    if compiled.unavailable() is not None:
        skip_or_fail(f"compiled reader {compiled.unavailable()}")


HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
GEN_EXPORT = ROOT.parent / "shared" / "tools" / "gen_export.py"


def _not_a_toc(path: Path) -> bool:
    """TOCs are read by read_toc only; a file sniff refuses (hostile) is a table-reader case."""
    try:
        return sniff(path) != "toc"
    except ProfilerError:
        return True


CORPUS = sorted(p for p in [*REAL_TRACES.glob("*.xml"), *SAMPLE_RUN.glob("run-*/*.xml"),
                            *HOSTILE.glob("*.xml")] if _not_a_toc(p))


def _read(path: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> Any:
    with monkeypatch.context() as m:
        if mode == "python":
            m.setenv("PROFILER_READER", "python")
        else:
            m.delenv("PROFILER_READER", raising=False)
        try:
            return read_tables(path)
        except ProfilerError as exc:
            return (type(exc), exc.message, exc.path, exc.line, exc.hint, int(exc.exit_code))


def assert_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Read ``path`` both ways and assert identical outcomes; returns the shipped tables."""
    careful, shipped = _read(path, monkeypatch, "python"), _read(path, monkeypatch, "shipped")
    if isinstance(careful, tuple) or isinstance(shipped, tuple):
        assert careful == shipped
        return []
    assert len(careful) == len(shipped)
    for a, b in zip(careful, shipped, strict=True):
        for field in ("path", "xpath", "run_number", "table_index", "schema", "row_count",
                      "track_detail", "warnings"):
            assert getattr(a, field) == getattr(b, field), (field, b.reader)
        assert list(a.frame.columns) == list(b.frame.columns)
        assert [repr(d) for d in a.frame.dtypes] == [repr(d) for d in b.frame.dtypes], b.reader
        pd.testing.assert_frame_equal(a.frame, b.frame, check_exact=True)
        assert a.reader.startswith("python")
    return shipped


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_reads_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same(path, monkeypatch)


def test_the_compiled_reader_reads_most_of_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    if not REAL_TRACES.is_dir():
        skip_or_fail("conformance corpus not found")
    readers = [t.reader for p in REAL_TRACES.glob("*.xml") if "toc" not in p.name for t in read_tables(p)]
    assert sum(r == compiled.COMPILED for r in readers) >= 30, readers


@pytest.fixture(scope="module")
def bench_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Reduced-size copies (3,000 rows) of the three layouts make bench measures (SYNTHETIC)."""
    from bench.generate import generate

    tmp = tmp_path_factory.mktemp("bench")
    files = [tmp / "tagged.xml", tmp / "backtrace.xml"]
    generate(files[0], 3000, layout="tagged")
    generate(files[1], 3000)
    if GEN_EXPORT.is_file():
        files.append(tmp / "signpost.xml")
        subprocess.run([sys.executable, str(GEN_EXPORT), "3000", str(files[-1])], check=True)
    return files


def test_bench_layouts_read_the_same_and_all_compiled(
    bench_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in bench_files:
        shipped = assert_same(path, monkeypatch)
        assert [t.reader for t in shipped] == [compiled.COMPILED], path.name


COLS = [("start", "start-time"), ("label", "string"), ("thread", "thread"), ("stack", "backtrace")]
THREAD = el("thread", fmt="T 0x1 (App, pid: 42)", ident=3, children=(
    el("tid", "1", "0x1", 4) + el("process", fmt="App (42)", ident=5, children=el("pid", "42", "42", 6))
))
FRAMES = '<frame id="8" name="a &amp; b" addr="0x1"><binary id="9" name="lib"/></frame>'
STRING = '<string id="2" fmt="f &amp; g">x &lt;&amp;&gt; &#x263A; y</string>'  # raw XML
ROW1 = ("<row>" + el("start-time", "10", "t", 1) + STRING
        + THREAD + f'<backtrace id="7" fmt="a &amp; b ← 1">{FRAMES}</backtrace></row>')
EDGE_CASES = {
    "entities-and-char-refs": ROW1,
    "cdata": ROW1.replace("x &lt;&amp;&gt; &#x263A; y", "x <![CDATA[<b>&amp;</b>]]> y"),
    "comment-in-a-cell": ROW1.replace("x &lt;", "x <!-- c --> &lt;"),
    "comment-between-rows": ROW1 + "<!-- between -->" + "<row>" + ref("start-time", 1)
    + "<sentinel/>" + ref("thread", 3) + ref("backtrace", 7) + "</row>",
    "empty-string-and-fmt-only": ROW1.replace(STRING, '<string id="2" fmt="only &amp; fmt"></string>'),
    "int-text-loose": ROW1.replace(">10<", "> 10 <"),
    "int-above-int64": ROW1.replace(">10<", f">{2**63}<"),
    "negative-time": ROW1.replace(">10<", ">-5<"),
    "frame-without-name": ROW1.replace('name="a &amp; b" ', ""),
    "sentinel-with-text": ROW1.replace(STRING, "<sentinel>x</sentinel>"),
    "ids-out-of-order": ROW1.replace('id="2"', 'id="20"'),
    "self-ref": ROW1.replace(el("tid", "1", "0x1", 4), ref("thread", 3)),
    "stack-with-pid": ROW1.replace("</backtrace>", el("pid", "9", "9", 10) + "</backtrace>"),
    "int-in-a-string-column": ROW1.replace(STRING, el("uint64", "007", "7", 2)),
    "whitespace-only-string": ROW1.replace(STRING, '<string id="2">  \n </string>'),
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases_read_the_same(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = schema("s", COLS) + EDGE_CASES[name]
    assert_same(write(tmp_path / f"{name}.xml", document(node("//trace-toc[1]/run[1]/data[1]/table[2]", body))), monkeypatch)


def test_nodes_sharing_ids_with_one_handed_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = node("a", schema("s", COLS) + ROW1)
    # a second node whose rows point into the first one, with a column the compiled reader
    # does not type (`any`): the whole file goes to the careful reader
    second = node("b", schema("t", [("thread", "thread"), ("on", "any")])
                  + "<row>" + ref("thread", 3) + el("boolean", "1", "Yes", 10) + "</row>")
    shipped = assert_same(write(tmp_path / "shared.xml", document(first, second)), monkeypatch)
    assert all("share ids" in t.reader for t in shipped)
    alone = node("b", schema("t", [("on", "any")]) + "<row>" + el("boolean", "1", "Yes", 10) + "</row>")
    shipped = assert_same(write(tmp_path / "apart.xml", document(first, alone)), monkeypatch)
    assert [t.reader.split(" ")[0] for t in shipped] == ["compiled", "python"]


NUMERIC_COLS = [("cpu", "system-cpu-percent"), ("on", "boolean"), ("id", "os-signpost-identifier")]
#: (cpu, on, id) cell texts; None writes <sentinel/>. The compiled reader types plain decimal
#: floats, 0/1-style booleans and uint64 up to 2^64-1; anything else goes to the careful reader.
NUMERIC_CASES = {
    "plain": [("8.65", "1", "17216892719917625070"), ("0", "0", "125359813"), (None, None, None)],
    "exponent-and-negative-zero": [("1e5", "1", "1"), ("-0", "0", "2"), ("2.5E-3", "1", "3")],
    "huge-float": [("1e400", "1", "1")],
    "int-tag-in-a-float-column": [("<int64>7</int64>", "1", "1"), ("1.5", "0", "2")],
    "int-beyond-2^53-in-a-float-column": [(f"<int64>{2**53 + 1}</int64>", "1", "1")],
    "loose-float": [(" 1.5", "1", "1")], "float-inf": [("inf", "1", "1")],
    "float-nan": [("nan", "1", "1")], "float-underscore": [("1_0.5", "1", "1")],
    "float-leading-dot": [(".5", "1", "1")], "float-trailing-dot": [("5.", "1", "1")],
    "bool-counts": [("1", "2", "1"), ("1", "-1", "2")], "bool-words": [("1", "true", "1")],
    "bool-loose": [("1", " 1", "1")], "uint64-max": [("1", "1", str(2**64 - 1))],
    "uint64-beyond": [("1", "1", str(2**64))], "uint64-2^63": [("1", "1", str(2**63))],
    "uint-negative": [("1", "1", "-5"), ("1", "1", "7")],
    "uint-big-and-negative": [("1", "1", "-5"), ("1", "1", str(2**63))],
    "empty-elements": [("", "", "")],
}


class _NumericCells:
    """Cells with ids numbered 1, 2, 3... and a ref where a (tag, text) repeats, as xctrace does."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}

    def cell(self, tag: str, text: str | None) -> str:
        if text is None:
            return "<sentinel/>"
        if text.startswith("<"):
            tag, text = text[1:text.index(">")], text[text.index(">") + 1:text.rindex("<")]
        if (tag, text) in self.ids:
            return ref(tag, self.ids[(tag, text)])
        ident = self.ids[(tag, text)] = len(self.ids) + 1
        return f'<{tag} id="{ident}" fmt="x">{text}</{tag}>' if text else f'<{tag} id="{ident}"/>'


@pytest.mark.parametrize("name", sorted(NUMERIC_CASES))
def test_numeric_edge_cases_read_the_same(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cells = _NumericCells()
    rows = ["<row>" + "".join(cells.cell(tag, text) for (_, tag), text in zip(NUMERIC_COLS, row, strict=True))
            + "</row>" for row in NUMERIC_CASES[name] * 2]  # the second time as refs
    body = schema("n", NUMERIC_COLS) + "".join(rows)
    shipped = assert_same(write(tmp_path / f"{name}.xml", document(node("//trace-toc[1]/run[1]/data[1]/table[3]", body))), monkeypatch)
    if name in ("plain", "exponent-and-negative-zero", "int-tag-in-a-float-column", "uint64-max",
                "uint64-2^63", "uint-negative", "bool-counts", "empty-elements"):
        assert [t.reader for t in shipped] == [compiled.COMPILED], name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(table=random_tables())
def test_random_tables_read_the_same(table: tuple[list[str], list[list[Any]], str], monkeypatch: pytest.MonkeyPatch) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assert_same(write(Path(tmp) / "random.xml", table[2]), monkeypatch)


def test_in_ci_a_missing_compiled_reader_fails_instead_of_skipping() -> None:
    import os

    env = {**os.environ, "CI": "true", "PROFILER_READER": "python"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf",
         f"{__file__}::test_the_compiled_reader_reads_most_of_the_corpus"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 1, done.stdout
    assert "1 error" in done.stdout and "turned off by PROFILER_READER=python" in done.stdout
    env["CI"] = ""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
         f"{__file__}::test_the_compiled_reader_reads_most_of_the_corpus"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0 and "1 skipped" in done.stdout, done.stdout
