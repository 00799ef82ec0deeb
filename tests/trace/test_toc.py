"""read_toc and sniff on hand-written TOCs (SYNTHETIC) and one corpus TOC."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from profiler.errors import TraceFormatError
from profiler.trace import read_toc, sniff

TOC = """<?xml version="1.0"?>

<trace-toc>
  <run number="1">
    <info>
      <target>
        <device uuid="U1" model="iPhone14,3" name="Test iPhone" os-version="18.1 (22B83)" platform="iOS"/>
        <process type="launched" name="SDApp" pid="501" return-exit-status="9"
                 termination-reason="SIGKILL (jetsam)" arguments="--steps 20"/>
      </target>
      <summary>
        <start-date>2026-01-02T03:04:05.678Z</start-date>
        <end-date>2026-01-02T03:05:05.678+00:00</end-date>
        <duration>60.000000</duration>
        <end-reason>Target app exited</end-reason>
        <instruments-version>16.0 (17E192)</instruments-version>
        <template-name>Core ML</template-name>
        <recording-mode>Immediate</recording-mode>
        <time-limit>1 minute</time-limit>
        <intruments-recording-settings>
          <instrument name="Hangs"><array><dictionary>
            <key name="Reporting Threshold">Include Microhangs (&gt;250ms)</key>
          </dictionary></array></instrument>
          <instrument name="CPU Counters"><array><dictionary>
            <key name="Counters"><value>A</value><value>B</value></key>
          </dictionary></array></instrument>
        </intruments-recording-settings>
      </summary>
    </info>
    <processes>
      <process name="SDApp" pid="501" path="/private/var/containers/SDApp.app/SDApp"/>
      <process name="kernel" pid="0" path="Unknown"/>
    </processes>
    <data>
      <table schema="coreml-os-signpost" target-pid="SINGLE"/>
      <external-format format="har" source-schema="x"/>
      <table schema="ane-hw-intervals"/>
    </data>
    <tracks/>
  </run>
  <run number="2">
    <info><target><all-processes/></target><summary><start-date/><end-date/><duration>0.000000</duration></summary></info>
    <processes/>
    <data/>
  </run>
</trace-toc>
"""


def test_toc_fields(tmp_path: Path) -> None:
    path = tmp_path / "toc.xml"
    path.write_text(TOC, encoding="utf-8")
    assert sniff(path) == "toc"
    toc = read_toc(path)
    run, failed = toc.runs
    assert run.number == 1
    assert run.device is not None and run.device.model == "iPhone14,3"
    assert run.device.platform == "iOS" and run.host_device is None
    assert run.target is not None
    assert (run.target.pid, run.target.type, run.target.return_exit_status) == (501, "launched", 9)
    assert run.target.termination_reason == "SIGKILL (jetsam)"
    assert run.target.arguments == "--steps 20"
    assert run.summary.start_date == datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    assert run.summary.end_date is not None and run.summary.end_date.tzinfo is not None
    assert run.summary.duration_s == 60.0
    assert run.summary.template_name == "Core ML"
    assert run.summary.recording_settings == {
        "Hangs": {"Reporting Threshold": "Include Microhangs (>250ms)"},
        "CPU Counters": {"Counters": "A; B"},
    }
    assert [(p.name, p.pid) for p in run.processes] == [("SDApp", 501), ("kernel", 0)]
    assert [(t.schema, t.index) for t in run.tables] == [
        ("coreml-os-signpost", 1), ("ane-hw-intervals", 2),
    ]
    assert run.tables[0].attributes == {"schema": "coreml-os-signpost", "target-pid": "SINGLE"}
    assert run.tables_named("ane-hw-intervals")[0].index == 2
    assert failed.all_processes and failed.target is None
    assert failed.summary.start_date is None and failed.summary.duration_s == 0.0
    assert failed.tables == ()


def test_truncated_toc_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "toc.xml"
    path.write_text(TOC[:600], encoding="utf-8")
    with pytest.raises(TraceFormatError) as info:
        read_toc(path)
    assert info.value.message.startswith("malformed XML: ")
    assert info.value.line is not None


def test_table_export_passed_to_read_toc_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "t.xml"
    path.write_text('<?xml version="1.0"?>\n<trace-query-result/>\n', encoding="utf-8")
    assert sniff(path) == "table"
    with pytest.raises(TraceFormatError) as info:
        read_toc(path)
    assert info.value.message == "this is a table export (<trace-query-result>), not a TOC"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file"),
        ("   \n", "empty file"),
        ("hello world", "not an XML file"),
        ("<?xml version='1.0'?><!-- c --><foo/>", "unexpected root element <foo>, expected <trace-toc> or <trace-query-result>"),
        ("<?xml version='1.0'?>\n<!DOCTYPE x>\n<trace-toc/>", "DOCTYPE declaration refused (xctrace exports never have one)"),
    ],
)
def test_sniff_rejects(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TraceFormatError) as info:
        sniff(path)
    assert info.value.message == message
    assert info.value.path == str(path)
