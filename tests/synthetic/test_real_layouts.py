"""The generator's real layouts against the real exports in ../shared/real-traces/.

Schemas are read with ``profiler.trace.read_tables`` on both sides and compared column by
column (mnemonic, display name, engineering type, in order), so a layout cannot drift from
the real file it was copied from. TOC shapes are compared attribute by attribute (lxml keeps
the attribute order).
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from profiler.trace import read_tables
from profiler.trace.toc import read_toc
from tests.synthetic import behaviours
from tests.synthetic.scenario import ALL_TABLES, Layout, Target, TocStyle, TraceShape
from tests.synthetic.writer import write_table, write_toc, write_trace_table
from tests.synthetic.xmlcheck import parser, read_nodes

MAMBA = "mattmireles__mamba-asr-mps__"
#: (generator table, layout, real file, schema name the real export carries)
SCHEMAS = [
    ("coreml-os-signpost", Layout.XCODE16, "coreml_os_signpost.xml", "coreml-os-signpost"),
    ("coreml-os-signpost", Layout.XCODE27, "coreml_os_signpost.xml", "coreml-os-signpost"),
    ("ane-hw-intervals", Layout.XCODE16, "ane_hw_intervals.xml", "ane-hw-intervals-internal"),
    # Xcode 27.2 names it ane-hw-intervals with the same 7 columns (real TOC; no 27.2 export)
    ("ane-hw-intervals", Layout.XCODE27, "ane_hw_intervals.xml", "ane-hw-intervals"),
    ("mps-hw-intervals", Layout.DEFAULT, "mps_hw_intervals.xml", "mps-hw-intervals"),
    ("os-signpost", Layout.DEFAULT, "os_signpost_coreml.xml", "os-signpost"),
]


def _scenario(table: str, layout: Layout):
    sc = behaviours.real_app("27.2", tables=(*ALL_TABLES, "mps-hw-intervals", "os-signpost"),
                             unet_compute=behaviours.ComputeUnit.GPU)
    return replace(sc, layouts=(*sc.layouts, (table, layout)))


@pytest.mark.parametrize(("table", "layout", "real", "name"), SCHEMAS)
def test_generated_schema_is_the_real_one_column_by_column(real_traces, tmp_path, table, layout,
                                                          real, name):
    (expected,) = read_tables(real_traces / f"{MAMBA}{real}")
    out = tmp_path / "gen.xml"
    rows = write_table(_scenario(table, layout), 1, table, out)
    (got,) = read_tables(out)
    assert got.schema.name == name
    assert len(got.schema.columns) == len(expected.schema.columns)
    for mine, theirs in zip(got.schema.columns, expected.schema.columns, strict=True):
        assert (mine.mnemonic, mine.name, mine.engineering_type) == \
            (theirs.mnemonic, theirs.name, theirs.engineering_type)
    assert rows > 0 and got.row_count == rows


def test_coreml_layout_has_no_process_column_and_two_model_name_columns(tmp_path):
    out = tmp_path / "coreml.xml"
    write_table(_scenario("coreml-os-signpost", Layout.XCODE16), 1, "coreml-os-signpost", out)
    (table,) = read_tables(out)
    types = [c.engineering_type for c in table.schema.columns]
    assert "process" not in types and "thread" not in types
    assert types.count("coreml-model-name") == 2 and types.count("formatted-label") == 3


def test_mps_rows_have_sentinels_where_the_real_rows_do(real_traces, tmp_path):
    """Columns that are sentinels in every real row are sentinels in every generated row; the
    real empty-string subtitle stays an empty string, not a sentinel."""
    (real,) = read_tables(real_traces / f"{MAMBA}mps_hw_intervals.xml")
    out = tmp_path / "mps.xml"
    write_table(_scenario("mps-hw-intervals", Layout.DEFAULT), 1, "mps-hw-intervals", out)
    (mine,) = read_tables(out)
    for column in real.schema.columns:
        m = column.mnemonic
        assert real.frame[m].isna().all() == mine.frame[m].isna().all(), m
    assert set(real.frame["channel-subtitle"]) == set(mine.frame["channel-subtitle"]) == {""}
    assert set(mine.frame["channel-name"]) == {"MPSGraph"}
    assert mine.frame["event-label"].str.match(r"MPSGraph:0x[0-9a-f]+ \(CommandBuffer: 0x").all()


def _attr_order(path: Path | io.StringIO, tag: str) -> list[str]:
    source = path if isinstance(path, Path) else io.BytesIO(path.getvalue().encode())
    root = etree.parse(source, parser()).getroot()
    return list(root.find(f"run/info/target/{tag}").attrib)


@pytest.mark.parametrize(("style", "real"), [
    (TocStyle.XCODE16, f"{MAMBA}fp16_w8_60s_all_toc.xml"),
    (TocStyle.XCODE26, "henderson-tech__vybava__ios26-smooth.toc.xml"),
    (TocStyle.XCODE27, "Ashtabula__Cosyvoice__profile-trace-toc.xml"),
])
def test_toc_device_attributes_are_in_the_real_order(real_traces, style, real):
    sc = replace(behaviours.real_app("27.2"), toc_style=style, target=Target.ALL_PROCESSES)
    buf = io.StringIO()
    write_toc(sc, 1, buf)
    assert _attr_order(buf, "device") == _attr_order(real_traces / real, "device")
    if style is not TocStyle.XCODE16:  # the real Xcode 16.4 TOC is a Mac's: no host-device
        assert _attr_order(buf, "host-device") == _attr_order(real_traces / real, "host-device")
    root = etree.parse(io.BytesIO(buf.getvalue().encode()), parser()).getroot()
    assert root.find("run/info/target/all-processes") is not None
    assert "SYNTHETIC" in root.findtext("run/info/summary/template-name")


def test_toc_table_entries_carry_the_real_attributes(real_traces):
    """The tables of interest are listed with the attribute names (and order) of the real
    TOCs: Xcode 16.4 (mamba) and Xcode 27.2 (Cosyvoice)."""
    def entries(root):
        out = {}
        for t in root.iter("table"):
            key = (t.get("schema"), t.get("category"))
            out.setdefault(key, list(t.attrib))
        return out

    for style, real, tables in (
            (TocStyle.XCODE16, f"{MAMBA}fp16_w8_60s_all_toc.xml",
             [("coreml-os-signpost", None), ("ane-hw-intervals-internal", None),
              ("mps-hw-intervals", None), ("os-signpost", "coreml"), ("metal-gpu-intervals", None)]),
            (TocStyle.XCODE27, "Ashtabula__Cosyvoice__profile-trace-toc.xml",
             [("coreml-os-signpost", None), ("ane-hw-intervals", None), ("mps-hw-intervals", None),
              ("os-signpost", "coreml"), ("metal-gpu-intervals", None), ("CoreAIProfile", None),
              ("OSSignpostIntervals", None)])):
        xcode = "16.4" if style is TocStyle.XCODE16 else "27.2"
        sc = behaviours.real_app(xcode, tables=(*ALL_TABLES, "mps-hw-intervals", "os-signpost"),
                                 target=Target.ALL_PROCESSES)
        buf = io.StringIO()
        write_toc(sc, 1, buf)
        mine = entries(etree.parse(io.BytesIO(buf.getvalue().encode()), parser()).getroot())
        theirs = entries(etree.parse(str(real_traces / real), parser()).getroot())
        for key in tables:
            assert mine[key] == theirs[key], (style, key)


def test_real_toc_shapes_read_back(tmp_path):
    sc = behaviours.real_app("27.2")
    write_toc(sc, 1, tmp_path / "toc.xml")
    (run,) = read_toc(tmp_path / "toc.xml").runs
    assert (run.device.model, run.device.os_version, run.device.platform) == (
        "iPhone Air", "27.2 (24B5089g)", "iOS")
    assert run.device.uuid.startswith("00008150-") and len(run.device.uuid) == 25
    assert run.host_device is not None and run.host_device.platform == "macOS"
    raw = (tmp_path / "toc.xml").read_text()
    assert 'memory-size="12304711680"' in raw
    assert any(p.path.startswith("/var/containers/Bundle/Application/") for p in run.processes)


def test_one_trace_exports_one_id_space_and_schema_less_later_nodes(real_traces, tmp_path):
    """Like the real multi-run query result: the schema only in the first node, an empty run's
    node with no children, refs in node 2 pointing into node 1."""
    sc = behaviours.scenario("b10-one-trace-two-runs")
    assert sc.trace_shape is TraceShape.ONE_TRACE
    out = tmp_path / "coreml.xml"
    counts = write_trace_table(sc, "coreml-os-signpost", out)
    nodes = read_nodes(out)
    assert [n[0].split("/")[3] for n in nodes] == ["run[1]", "run[2]"]
    assert [len(n[3]) for n in nodes] == counts and all(counts)
    text = out.read_text()
    second = text[text.index("run[2]"):]
    assert "<schema" not in second and 'ref="1"/>' in second
    empty = tmp_path / "os-log.xml"
    assert write_trace_table(sc, "os-log", empty)[1] == 0
    real = etree.parse(str(real_traces / f"{MAMBA}fp16_w8_coreml_rows.xml"), parser()).getroot()
    mine = etree.parse(str(empty), parser()).getroot()
    assert len(real.findall("node")[1]) == len(mine.findall("node")[1]) == 0
    assert mine.findall("node")[1].get("xpath").startswith("//trace-toc[1]/run[2]/data[1]/table[")
