"""The typed run record (profiler/runrecord.py): reading, writing, errors, the published schema."""

from __future__ import annotations

import dataclasses
import json
import shutil
import typing
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import profiler
from profiler import runrecord
from profiler.cli import app
from profiler.errors import ExitCode, RunRecordError
from profiler.runrecord import RunRecord, read_run_record
from tests.run_schema import validate_run_json as validate

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "traces" / "sample-sd15-iphone13promax"


def _minimal(**extra: object) -> dict:
    return {"format": runrecord.FORMAT, "version": 1, "name": "r", "status": "complete",
            "recordings": [], **extra}


def test_the_sample_reads_and_writes_back_byte_for_byte(tmp_path: Path) -> None:
    record = read_run_record(SAMPLE / "run.json")
    assert record.synthetic and record.device.product_type == "iPhone14,3"
    assert [r.kind for r in record.recordings] == [runrecord.RecordingKind.FIRST,
                                                    runrecord.RecordingKind.WARM]
    record.write(tmp_path / "run.json")
    assert (tmp_path / "run.json").read_bytes() == (SAMPLE / "run.json").read_bytes()
    validate(json.loads((SAMPLE / "run.json").read_text("utf-8")))


def test_loading_a_run_folder_gives_the_typed_record() -> None:
    loaded = profiler.load(SAMPLE)
    assert isinstance(loaded.run, RunRecord)
    assert loaded.run.recordings[1].tables == read_run_record(SAMPLE / "run.json").recordings[1].tables


@pytest.mark.parametrize(("doc", "message"), [
    (_minimal(version=2), "run record version 2 is not supported (this profiler reads version 1)"),
    (_minimal(version=None), "run record version None is not supported"),
    ({"format": "coreml-profiler.summary", "version": 1}, "not a coreml-profiler.run record"),
    ([1, 2], "not a coreml-profiler.run record (format=None)"),
    ({k: v for k, v in _minimal().items() if k != "recordings"},
     "run record is missing required field(s): recordings"),
    ({k: v for k, v in _minimal().items() if k not in ("name", "status")},
     "run record is missing required field(s): name, status"),
    (_minimal(recordings=[{"index": 1}]), "malformed run record: RecordingEntry is missing name"),
    (_minimal(recordings="run-1"), "malformed run record: expected a list, not str"),
    (_minimal(status="exploded"), "malformed run record: 'exploded' is not a valid RunStatus"),
    (_minimal(device={"ram_bytes": "6 GB"}), "malformed run record: expected int, not str"),
    (_minimal(device=["x"]), "malformed run record: DeviceRecord must be an object, not list"),
])
def test_bad_records_are_one_line_errors(doc: object, message: str) -> None:
    with pytest.raises(RunRecordError) as info:
        RunRecord.from_dict(doc, path="run.json")
    error = info.value
    assert error.message.startswith(message), error.message
    assert error.exit_code == ExitCode.BAD_INPUT and error.hint and "\n" not in error.message
    assert error.path == "run.json"


def test_unknown_keys_are_ignored_and_optional_ones_default() -> None:
    record = RunRecord.from_dict(_minimal(someday="a field of a later profiler"))
    assert record.options is None and record.device == runrecord.DeviceRecord()
    assert record.to_dict()["recordings"] == []


def test_report_on_a_run_with_an_unknown_version_is_a_clean_error(tmp_path: Path) -> None:
    run = tmp_path / "run"
    shutil.copytree(SAMPLE, run)
    doc = json.loads((run / "run.json").read_text("utf-8"))
    (run / "run.json").write_text(json.dumps({**doc, "version": 9}), "utf-8")
    result = CliRunner().invoke(app, ["report", str(run), "-o", str(tmp_path / "r.json")])
    assert result.exit_code == ExitCode.BAD_INPUT
    lines = result.stderr.splitlines()
    assert lines[0] == (f"error: {run / 'run.json'}: run record version 9 is not supported "
                        "(this profiler reads version 1)")
    assert lines[1].startswith("hint: ") and "Traceback" not in result.output


# ---- the published JSON Schema follows the dataclasses -------------------------------------------

def _schema_object(schema: dict, name: str) -> dict:
    return schema if name == "RunRecord" else schema["$defs"][name]


def _dataclasses(cls: type, seen: dict[str, type]) -> dict[str, type]:
    seen[cls.__name__] = cls
    for hint in typing.get_type_hints(cls).values():
        for arg in (hint, *typing.get_args(hint), *(a for t in typing.get_args(hint)
                                                    for a in typing.get_args(t))):
            if dataclasses.is_dataclass(arg) and arg.__name__ not in seen:
                _dataclasses(arg, seen)
    return seen


def test_the_schema_has_every_field_and_the_same_required_ones() -> None:
    schema = runrecord.json_schema()
    classes = _dataclasses(RunRecord, {})
    assert set(classes) == {"RunRecord", *schema["$defs"]}
    for name, cls in classes.items():
        obj = _schema_object(schema, name)
        fields = dataclasses.fields(cls)
        assert set(obj["properties"]) == {f.name for f in fields}, name
        required = {f.name for f in fields if f.default is dataclasses.MISSING
                    and f.default_factory is dataclasses.MISSING}
        if name == "RunRecord":
            required |= {"format", "version"}  # checked before the fields are read
        assert set(obj["required"]) == required, name
        assert obj["additionalProperties"] is False


def test_the_schema_rejects_what_the_reader_rejects() -> None:
    with pytest.raises(jsonschema.ValidationError):
        validate(_minimal(version=2))
    with pytest.raises(jsonschema.ValidationError):
        validate({k: v for k, v in _minimal().items() if k != "recordings"})
    validate(RunRecord.from_dict(_minimal()).to_dict())


def test_generated_runs_follow_the_schema(tmp_path: Path) -> None:
    from tests.synthetic.run import write_run
    from tests.synthetic.scenario import CrashSpec, RecordingSpec, Scenario

    scenario = Scenario(name="schema", app_name="Ünïcode <App> \u202e", recordings=(
        RecordingSpec(console_log=True), RecordingSpec(cached=True, crashes=(CrashSpec(),))))
    write_run(scenario, tmp_path / "run")
    doc = json.loads((tmp_path / "run" / "run.json").read_text("utf-8"))
    validate(doc)
    assert doc["app"]["name"] == "Ünïcode <App> \u202e" and doc["synthetic"] is True
    assert len(doc["recordings"][1]["crash_reports"]) == 1


def test_writing_run_json_never_follows_a_link_planted_at_the_old_temp_name(
        tmp_path: Path) -> None:
    # issue 12 item 9: the temp name was run.json.tmp, predictable; a link planted there was
    # written through. Now the temp file comes from mkstemp and the link is left alone.
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "run.json.tmp").symlink_to(victim)
    read_run_record(SAMPLE / "run.json").write(tmp_path / "run.json")
    assert victim.read_text() == "precious\n"
    assert (tmp_path / "run.json").read_bytes() == (SAMPLE / "run.json").read_bytes()
