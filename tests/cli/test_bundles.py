"""`profiler report` and `profiler tables` on `.trace` bundles (issue 19), through the CLI.

The real bundles of ../shared/real-traces/bundles/ are copied into a temporary folder first.
Their golden values come from the real XML exported from the same recordings (the TOC, the
91-row cpu-profile) or from counting the non-empty rows of each store's bulkstore here, by hand,
from the documented format (a 4 KiB header whose fifth u32 is the row size). The SYNTHETIC bundle
(tests/trace/bundlegen.py) is compared with the XML twin of the same stores.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from profiler.cli import app
from profiler.errors import ExitCode
from profiler.trace import read_tables, read_toc
from tests.trace import bundle_scenarios as sc
from tests.trace.bundle_xml import write_xml
from tests.trace.bundlegen import BundleWriter

runner = CliRunner()
PREFIX = "robtaylor__apple-profiler__"


def _invoke(*args: str):  # noqa: ANN202
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PROFILER_XCRUN", raising=False)
    monkeypatch.setenv("PATH", os.pathsep.join([str(tmp_path / "no-bin"), os.defpath]))
    return tmp_path


def _real(real_traces: Path, work: Path, name: str) -> Path:
    return Path(shutil.copy(real_traces / "bundles" / f"{PREFIX}{name}.trace.zip", work))


def _stored_rows(bundle: Path) -> dict[str, int]:
    """Schema -> non-empty rows of its store, counted from the raw bulkstore bytes."""
    out: dict[str, int] = {}
    with zipfile.ZipFile(bundle) as z:
        for name in z.namelist():
            if not name.endswith("/schema.xml"):
                continue
            schema = re.search(rb'<schema name="([^"]+)"', zlib.decompress(z.read(name))).group(1)
            data = zlib.decompress(z.read(name.replace("schema.xml", "bulkstore")))
            size, body = struct.unpack_from("<I", data, 16)[0], data[4096:]
            rows = sum(1 for i in range(0, len(body) - size + 1, size) if any(body[i:i + size]))
            out[schema.decode()] = out.get(schema.decode(), 0) + rows
    return out


def test_report_on_the_real_signpost_bundle(real_traces: Path, work: Path) -> None:
    bundle = _real(real_traces, work, "signpost")
    result = _invoke("report", str(bundle), "-f", "md", "-o", "-")
    # signposts of a Finder-like app, no Core ML or sampled tables: reported, then "nothing measured"
    assert result.exit_code == 9, result.output
    assert result.stderr.splitlines()[-1].startswith("warning: nothing measured")
    lines = result.stdout.splitlines()
    toc = read_toc(real_traces / f"{PREFIX}signpost_toc.xml").runs[0]
    assert lines[0] == f"## Core ML profile: {PREFIX}signpost".replace("_", "\\_")
    assert f"{toc.device.name} · {toc.device.platform} {toc.device.os_version} · 1 recording" \
        in result.stdout
    assert "- Not available: coreml-os-signpost: not in the bundle (its instrument was not " \
        "recorded)" in lines
    assert not any(line.startswith("- Unverified:") for line in lines)  # a verified table
    assert sorted(p.name for p in work.iterdir()) == [bundle.name]  # nothing written beside it


def test_report_on_the_real_finder_bundle(real_traces: Path, work: Path) -> None:
    bundle = _real(real_traces, work, "finder")
    result = _invoke("report", str(bundle), "--reader", "bundle", "--allow-empty")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"Wrote reports/{PREFIX}finder.{ext}"
                                          for ext in ("html", "md", "json")]
    summary = json.loads((work / "reports" / f"{PREFIX}finder.json").read_text("utf-8"))
    toc = read_toc(real_traces / f"{PREFIX}finder_toc.xml").runs[0]
    (rec,) = summary["recordings"]
    assert rec["process"] == {"name": toc.target.name, "pid": toc.target.pid}
    assert rec["duration_s"] == toc.summary.duration_s


def test_tables_on_the_real_bundles(real_traces: Path, work: Path) -> None:
    cpu = read_tables(real_traces / f"{PREFIX}finder_cpu_profile.xml")[0].row_count
    for name, expected in (("signpost", {"os-signpost-interval", "os-signpost"}),
                           ("finder", {"cpu-profile"})):
        bundle = _real(real_traces, work, name)
        result = _invoke("tables", str(bundle))
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert lines[0] == f"{bundle}: TOC, 1 run(s)"
        rows = _stored_rows(bundle)
        for schema in expected:
            line = next(x for x in lines if x.startswith(f"{schema} (run 1, table["))
            assert line.endswith(f"]): {rows[schema]} rows")
        if name == "finder":
            assert rows["cpu-profile"] == cpu  # the real XML holds every row of this one
        unread = [x for x in lines if x.startswith("not read: ")]
        assert unread and all("not readable from the bundle; unzip the archive, then export it "
                              "on a Mac with: xcrun xctrace export --input " in x for x in unread)
        kdebug = next(x for x in unread if x.startswith("not read: kdebug (run 1): "))
        out = work / f"{PREFIX}{name}" / "kdebug.xml"
        assert (f"--input {work / PREFIX}{name}.trace --xpath '/trace-toc/run[@number=\"1\"]"
                f"/data/table[@schema=\"kdebug\"]' --output {out} (") in kdebug


def test_tables_verbose_names_the_bundle_reader(real_traces: Path, work: Path) -> None:
    result = _invoke("tables", "--verbose", str(_real(real_traces, work, "signpost")))
    readers = [x for x in result.stderr.splitlines() if " reader: " in x]
    assert "table 2 (os-signpost-interval) reader: bundle" in readers
    assert "table 1 (process-info) reader: bundle (unverified decoding)" in readers


def test_xctrace_reader_without_xcrun_gives_the_commands(work: Path) -> None:
    w = BundleWriter()
    sc.coreml_signposts(w, 3)
    bundle = w.write(work / "lab.trace")
    result = _invoke("report", str(bundle), "--reader", "xctrace")
    assert result.exit_code == ExitCode.TOOL_MISSING
    err = result.stderr.splitlines()
    assert err[0].startswith(f"error: {bundle}: xcrun not found: a .trace bundle can only be "
                             "exported on a Mac with Xcode; run: xcrun xctrace export --input ")
    assert err[1] == "hint: on the Mac, run these, then pass the folder to profiler:"
    assert f"  xcrun xctrace export --input {bundle} --toc --output {work / 'lab'}/toc.xml" in err
    assert not (work / "lab").exists() and not (work / "reports").exists()


TOC = """<?xml version="1.0"?>
<!-- SYNTHETIC: the facts BundleWriter puts in its form.template -->
<trace-toc><run number="1"><info><target>
<device uuid="00008130-000000000000SYNT" model="iPhone 15 Pro" name="Lab iPhone (SYNTHETIC)"
 os-version="18.2 (22C152)" platform="iOS"/>
<process type="attached" return-exit-status="0" name="CoreDiffuse" pid="4242"
 termination-reason="exit(0)"/></target>
<summary><start-date>2026-01-01T00:00:00.123+00:00</start-date>
<end-date>2026-01-01T00:00:30.568+00:00</end-date><duration>30.4444</duration>
<end-reason>Stopped</end-reason><instruments-version>26.0 (17C529)</instruments-version>
<template-name>Core ML</template-name><recording-mode>Deferred</recording-mode>
<time-limit>30 seconds</time-limit></summary></info>
<processes><process name="CoreDiffuse" pid="4242" path="/private/var/containers/CoreDiffuse.app/CoreDiffuse"/></processes>
<data>{tables}</data></run></trace-toc>
"""


def test_synthetic_bundle_report_equals_the_report_of_the_same_data_as_xml(work: Path) -> None:
    w = BundleWriter()
    stores = [sc.signpost_intervals(w, 40), sc.coreml_signposts(w, 12), sc.ane_intervals(w, 9),
              sc.activity_monitor(w, 6), sc.thermal(w, 5)]
    bundle = w.write(work / "b" / "lab.trace")
    xml = work / "x" / "lab"
    xml.mkdir(parents=True)
    for i, store in enumerate(stores, 1):
        write_xml(store, xml / f"{store.schema}.xml", table_index=i)
    (xml / "toc.xml").write_text(TOC.format(tables="".join(
        f'<table schema="{s.schema}"/>' for s in stores)), "utf-8")
    docs = {}
    for name, path in (("bundle", bundle), ("xml", xml)):
        result = _invoke("report", str(path), "-f", "json", "-o", f"{name}.json")
        assert result.exit_code == 0, result.output
        docs[name] = json.loads((work / f"{name}.json").read_text("utf-8"))
    figures = {}
    for name, doc in docs.items():
        (rec,) = doc["recordings"]
        rec.pop("unavailable")  # the reasons name where a table was looked for
        figures[name] = (doc["device"], doc["headline"], rec)
    assert figures["bundle"] == figures["xml"]
    rec = figures["bundle"][2]
    assert rec["loads"] and rec["memory"]["peak_footprint_bytes"] and rec["ane"]["intervals"] == 9
    assert rec["cpu"]["process_peak_percent"] and rec["thermal"]["worst"]
    md = _invoke("report", str(bundle), "-f", "md", "-o", "-").stdout.splitlines()
    (line,) = [x for x in md if x.startswith("- Unverified: ")]
    names, note = line.removeprefix("- Unverified: ").split(": ", 1)
    assert set(names.replace("\\", "").split(", ")) == {  # every table used but the verified one
        s.schema for s in stores} - {"os-signpost-interval"}
    assert note.startswith("read from the .trace bundle by a decoding no real xctrace export")
    xml_md = _invoke("report", str(xml), "-f", "md", "-o", "-").stdout
    assert "- Unverified: " not in xml_md
    html = _invoke("report", str(bundle), "-f", "html", "-o", "lab.html")
    assert html.exit_code == 0
    page = (work / "lab.html").read_text("utf-8")
    assert "<li>Unverified: <code>activity-monitor-process-live</code>, " in page
    assert "check these figures against an export</li>" in page


def test_a_file_in_the_way_of_the_export_folder_through_the_cli(work: Path, monkeypatch) -> None:
    """Issue 12 item 11: one `error:` line and a hint, exit 4, never `internal error`."""
    fake = Path(__file__).resolve().parents[1] / "fakes" / "xcrun"
    monkeypatch.setenv("PROFILER_XCRUN", str(fake))
    monkeypatch.setenv("FAKE_XCRUN_LOG", str(work / "xcrun.log"))
    bundle = work / "lab.trace"
    bundle.mkdir()
    (work / "lab").write_text("someone's notes")
    result = _invoke("report", str(bundle), "--reader", "xctrace")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.splitlines()[0] == f"error: {work / 'lab'}: a file is in the way of the export folder"
    assert result.stderr.splitlines()[1].startswith("hint: move or rename what is at 'lab'")
    assert (work / "lab").read_text() == "someone's notes" and not (work / "xcrun.log").exists()
