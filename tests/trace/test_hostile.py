"""Hostile inputs (tests/fixtures/hostile/, expected.toml): one documented outcome each."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from profiler.errors import InputError, TraceFormatError
from profiler.trace import read_tables, read_toc, sniff
from profiler.trace.xml import make_parser

HOSTILE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"
EXPECTED = tomllib.loads((HOSTILE / "expected.toml").read_text(encoding="utf-8"))


def test_every_fixture_has_an_expected_outcome() -> None:
    files = {p.name for p in HOSTILE.iterdir() if p.name != "expected.toml"}
    assert files == set(EXPECTED)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("reader", ["shipped", "python"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_outcome(name: str, reader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both readers: as shipped (compiled where built) and the careful one alone.
    if reader == "python":
        monkeypatch.setenv("PROFILER_READER", "python")
    expected = EXPECTED[name]
    path = HOSTILE / name
    read = read_toc if expected.get("reader") == "toc" else read_tables
    if expected["outcome"] == "error":
        with pytest.raises(InputError) as info:
            read(path)
        error = info.value
        assert int(error.exit_code) == expected["exit_code"]
        assert error.message == expected["message"]
        assert error.path == str(path)
        assert error.line == expected.get("line")
        assert error.hint  # every refusal says what to do
        assert "\n" not in error.describe()
        return
    warnings = tuple(expected.get("warnings", [expected["warning"]] if "warning" in expected else []))
    if read is read_toc:
        assert read_toc(path).warnings == warnings
        return
    (table,) = read_tables(path)
    assert table.row_count == len(table.frame) == expected["rows"]
    assert table.warnings == warnings


def test_truncated_keeps_complete_rows() -> None:
    (table,) = read_tables(HOSTILE / "truncated.xml")
    assert table.frame["start"].tolist() == [1_000_000_000, 2_000_000_000]
    assert table.frame["thread_pid"].tolist() == [42, 42]


def test_utf16_reads_like_utf8() -> None:
    (table,) = read_tables(HOSTILE / "utf16.xml")
    assert table.frame["duration"].tolist() == [300_000_000, 300_000_000]
    assert table.frame["thread"].tolist() == ["Main Thread 0x1 (App, pid: 42)"] * 2
    assert table.frame["thread_tid"].tolist() == [1, 1]


def test_resident_percent_column_keeps_its_name_and_values() -> None:
    (table,) = read_tables(HOSTILE / "resident-percent.xml")
    frame = table.frame
    assert table.track_detail
    assert list(frame.columns) == [
        "type", "start-address", "virtual-size", "resident-size", "resident-%", "path",
    ]
    assert frame["resident-%"].tolist() == [75, 12, 0]
    assert frame["type"].tolist()[2] == "CoreML weights: 50%"
    # the `name%=` pattern inside a value is restored too
    assert frame["path"].tolist()[2] == "/tmp/a b%=c"


def test_external_entity_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    doc = tmp_path / "xxe.xml"
    doc.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        "<trace-query-result><node><row>&x;</row></node></trace-query-result>\n",
        encoding="utf-8",
    )
    with pytest.raises(TraceFormatError) as info:
        read_tables(doc)
    assert "TOP-SECRET-MARKER" not in str(info.value)
    # the parser itself never resolves it either, even when the DOCTYPE check is bypassed
    from lxml import etree

    root = etree.parse(str(doc), make_parser()).getroot()
    assert "TOP-SECRET-MARKER" not in etree.tostring(root, encoding="unicode")


@pytest.mark.timeout(10)
def test_billion_laughs_is_not_expanded_by_the_parser() -> None:
    from lxml import etree

    try:  # libxml2 either leaves the entities unexpanded or stops on amplification
        root = etree.parse(str(HOSTILE / "billion-laughs.xml"), make_parser()).getroot()
    except etree.XMLSyntaxError as exc:
        assert "amplification" in str(exc)
    else:
        assert len(etree.tostring(root)) < 10_000


def test_make_parser_refuses_weakening() -> None:
    with pytest.raises(ValueError):
        make_parser(resolve_entities=True)
    with pytest.raises(ValueError):
        make_parser(no_network=False)


@pytest.mark.timeout(60)
def test_single_50mb_attribute_reads(tmp_path: Path) -> None:
    big = "A" * (50 * 1024 * 1024)
    doc = tmp_path / "big-attribute.xml"
    doc.write_text(
        '<?xml version="1.0"?>\n<trace-query-result>\n'
        "<node xpath='//trace-toc[1]/run[1]/data[1]/table[1]'><schema name=\"s\"><col>"
        "<mnemonic>label</mnemonic><name>Label</name><engineering-type>narrative"
        "</engineering-type></col></schema>"
        f'<row><narrative id="1" fmt="{big}"><string id="2" fmt="x">x</string></narrative></row>'
        '<row><narrative ref="1"/></row>\n</node></trace-query-result>\n',
        encoding="utf-8",
    )
    (table,) = read_tables(doc)
    assert table.row_count == 2
    assert len(table.frame["label"].iloc[0]) == len(big)
    assert table.frame["label"].iloc[1] == table.frame["label"].iloc[0]


def test_directory_is_an_input_error(tmp_path: Path) -> None:
    for reader in (read_tables, sniff):
        with pytest.raises(InputError) as info:
            reader(tmp_path)
        assert info.value.message == "is a directory, expected an xctrace export XML file"
        assert int(info.value.exit_code) == 4


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_tables(tmp_path / "nope.xml")
    assert info.value.message == "no such file"
