"""`profiler.load` on `.trace` bundles (issue 19): `--reader auto|bundle|xctrace`, what the bundle
reader cannot decode, the export folder beside the bundle (issue 12 item 11).

Bundles here are SYNTHETIC (tests/trace/bundlegen.py) unless they come from
../shared/real-traces/bundles/, which are copied into a temporary folder first so that nothing is
ever written beside the corpus.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

import profiler
from profiler.errors import ExitCode, InputError, ToolMissingError
from profiler.trace import catalog, read_toc
from profiler.trace.export_commands import table_file
from tests.trace import bundle_scenarios as sc
from tests.trace.bundle_xml import write_xml
from tests.trace.bundlegen import BundleWriter, SynthStore

MYSTERY = "XRMysteryTypeID"  # an engineering type the bundle reader does not know


def _thermal_unreadable(w: BundleWriter) -> SynthStore:
    """The thermal store with one column of an unknown type: the bundle reader hands it over."""
    store = sc.thermal(w, 4)
    store.columns = [(m, MYSTERY if m == "narrative" else xr, x, t) for m, xr, x, t in store.columns]
    return store


@pytest.fixture
def mixed(tmp_path: Path) -> tuple[Path, SynthStore]:
    """A SYNTHETIC bundle: app signposts and Core ML (readable), thermal (not readable)."""
    w = BundleWriter()
    sc.signpost_intervals(w, 20)
    sc.coreml_signposts(w, 6)
    thermal = _thermal_unreadable(w)
    return w.write(tmp_path / "lab.trace"), thermal


class Recorder:
    """An exporter that writes the XML twin of ``store`` for the tables asked, and records calls."""

    def __init__(self, store: SynthStore) -> None:
        self.store, self.calls = store, []

    def __call__(self, bundle: Path, folder: Path, tables: Any = None, runs: int = 1) -> None:
        self.calls.append((bundle, folder, tables))
        for number, schema in tables or [(1, self.store.schema)]:
            write_xml(self.store, table_file(folder, number, schema, runs))


def _command(bundle: Path, schema: str) -> str:
    out = bundle.with_suffix("") / f"{schema}.xml"
    return (f"xcrun xctrace export --input {bundle} --xpath "
            f"'/trace-toc/run[@number=\"1\"]/data/table[@schema=\"{schema}\"]' --output {out}")


def test_bundle_reader_reads_the_stores_it_knows_and_names_the_command_for_the_rest(
        mixed: tuple[Path, SynthStore]) -> None:
    bundle, thermal = mixed
    (rec,) = profiler.load(bundle, reader="bundle").recordings
    assert sorted(rec.tables) == ["coreml-os-signpost", "os-signpost-interval"]
    assert [t.reader for t in rec.tables["coreml-os-signpost"]] == ["bundle (unverified decoding)"]
    assert rec.unverified == ("coreml-os-signpost",)
    why = rec.missing[thermal.schema]
    assert why.startswith("not readable from the bundle; export it on a Mac with: "
                          + _command(bundle, thermal.schema))
    assert MYSTERY in why
    assert rec.missing["ane-hw-intervals"] == "not in the bundle (its instrument was not recorded)"
    assert not bundle.with_suffix("").exists()  # nothing written beside the bundle


def test_auto_exports_only_what_the_bundle_reader_cannot_read_and_reuses_it(
        mixed: tuple[Path, SynthStore]) -> None:
    bundle, thermal = mixed
    exporter = Recorder(thermal)
    (rec,) = profiler.load(bundle, exporter=exporter).recordings
    folder = bundle.with_suffix("")
    assert exporter.calls == [(bundle, folder, [(1, thermal.schema)])]
    (table,) = rec.tables[thermal.schema]
    assert table.reader in ("compiled", "python") or table.reader.startswith("python")
    assert table.frame["thermal-state"].tolist() == thermal.expected["thermal-state"]
    assert thermal.schema not in rec.missing and thermal.schema not in rec.unverified
    (again,) = profiler.load(bundle, exporter=exporter).recordings  # exported before: reused
    assert len(exporter.calls) == 1 and thermal.schema in again.tables


def test_a_failed_export_is_listed_with_the_command(mixed: tuple[Path, SynthStore]) -> None:
    from profiler.errors import RecordingError

    bundle, thermal = mixed

    def failing(bundle: Path, folder: Path, tables: Any = None, runs: int = 1) -> None:
        raise RecordingError("`xcrun xctrace export …` failed (exit 10)", hint="record again")

    (rec,) = profiler.load(bundle, exporter=failing).recordings
    why = rec.missing[thermal.schema]
    assert why.startswith("not readable from the bundle, and not exported (")
    assert "failed (exit 10)" in why and _command(bundle, thermal.schema) in why


def test_a_zip_is_read_but_never_handed_to_xctrace(mixed: tuple[Path, SynthStore],
                                                   tmp_path: Path) -> None:
    bundle, thermal = mixed
    zipped = tmp_path / "zipped" / "lab.trace.zip"
    zipped.parent.mkdir()
    w = BundleWriter()
    sc.coreml_signposts(w, 6)
    _thermal_unreadable(w)
    w.write(zipped, zipped=True)
    exporter = Recorder(thermal)
    run = profiler.load(zipped, exporter=exporter)
    assert run.name == "lab" and exporter.calls == []
    why = run.recordings[0].missing[thermal.schema]
    assert why.startswith("not readable from the bundle; unzip the archive, then export it on "
                          "a Mac with: " + _command(zipped.with_suffix(""), thermal.schema))
    with pytest.raises(InputError, match="xctrace reads .trace folders, not zip archives") as info:
        profiler.load(zipped, exporter=exporter, reader="xctrace")
    assert f"unzip {zipped} -d {zipped.parent}" in info.value.hint


def test_xctrace_reader_without_xcrun_prints_the_export_commands(mixed: tuple[Path, SynthStore],
                                                                  monkeypatch) -> None:
    bundle, _ = mixed
    monkeypatch.delenv("PROFILER_XCRUN", raising=False)
    monkeypatch.setenv("PATH", os.devnull)
    with pytest.raises(ToolMissingError) as info:
        profiler.load(bundle, reader="xctrace")
    assert info.value.exit_code == ExitCode.TOOL_MISSING
    assert f"xcrun xctrace export --input {bundle} --toc --output {bundle.with_suffix('')}/toc.xml" \
        in info.value.message
    assert _command(bundle, "coreml-os-signpost") in info.value.hint


def test_a_bundle_the_reader_cannot_read_at_all_says_how_to_export_it(tmp_path: Path) -> None:
    bundle = tmp_path / "empty.trace"
    bundle.mkdir()
    with pytest.raises(InputError) as info:
        profiler.load(bundle, reader="bundle", exporter=None)
    assert "`--reader xctrace` prints the commands" in info.value.hint
    calls = []

    def exporter(bundle: Path, folder: Path, tables: Any = None, runs: int = 1) -> None:
        calls.append(tables)
        shutil.copy(Path(__file__).parents[2] / "traces" / "sample-sd15-iphone13promax" / "run-1"
                    / "toc.xml", folder / "toc.xml")

    run = profiler.load(bundle, exporter=exporter)  # auto: xctrace exports the whole bundle
    assert calls == [None] and run.recordings[0].toc_run is not None


# ---- the export folder beside the bundle (issue 12 item 11) --------------------------------------

@pytest.mark.parametrize("reader", ["auto", "xctrace"])
def test_a_file_in_the_way_of_the_export_folder_is_a_clean_error(
        mixed: tuple[Path, SynthStore], reader: str) -> None:
    bundle, thermal = mixed
    folder = bundle.with_suffix("")
    folder.write_text("not a folder")
    exporter = Recorder(thermal)
    if reader == "xctrace":
        with pytest.raises(InputError, match="a file is in the way of the export folder") as info:
            profiler.load(bundle, exporter=exporter, reader=reader)
        assert info.value.path == str(folder) and info.value.exit_code == ExitCode.BAD_INPUT
    else:
        (rec,) = profiler.load(bundle, exporter=exporter, reader=reader).recordings
        assert "a file is in the way of the export folder" in rec.missing[thermal.schema]
    assert exporter.calls == [] and folder.read_text() == "not a folder"


@pytest.mark.parametrize("reader", ["auto", "xctrace"])
def test_a_read_only_folder_is_a_clean_error(mixed: tuple[Path, SynthStore], reader: str,
                                             monkeypatch) -> None:
    bundle, thermal = mixed
    if os.geteuid() == 0:  # root writes anywhere: make the folder refuse the way the OS would
        real = Path.mkdir

        def refuse(self: Path, *args: Any, **kwargs: Any) -> None:
            if self == bundle.with_suffix(""):
                raise PermissionError(13, "Permission denied")
            real(self, *args, **kwargs)

        monkeypatch.setattr(Path, "mkdir", refuse)
    else:
        bundle.parent.chmod(0o555)
    exporter = Recorder(thermal)
    try:
        if reader == "xctrace":
            with pytest.raises(InputError) as info:
                profiler.load(bundle, exporter=exporter, reader=reader)
            assert info.value.message == "cannot create the export folder: Permission denied"
            assert info.value.hint and "\n" not in info.value.describe()
        else:
            (rec,) = profiler.load(bundle, exporter=exporter, reader=reader).recordings
            assert "cannot create the export folder: Permission denied" in rec.missing[thermal.schema]
            assert "coreml-os-signpost" in rec.tables  # the rest of the bundle is still read
    finally:
        bundle.parent.chmod(0o755)
    assert exporter.calls == []


@pytest.mark.parametrize("reader", ["auto", "xctrace"])
def test_a_symlink_as_the_export_folder_is_never_written_through(
        mixed: tuple[Path, SynthStore], reader: str, tmp_path: Path) -> None:
    bundle, thermal = mixed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    bundle.with_suffix("").symlink_to(elsewhere, target_is_directory=True)
    exporter = Recorder(thermal)
    if reader == "xctrace":
        with pytest.raises(InputError, match="is a symbolic link; exports are never written"):
            profiler.load(bundle, exporter=exporter, reader=reader)
    else:
        (rec,) = profiler.load(bundle, exporter=exporter, reader=reader).recordings
        assert "symbolic link" in rec.missing[thermal.schema]
    assert exporter.calls == [] and list(elsewhere.iterdir()) == []


def test_a_symlink_planted_at_an_export_file_is_never_followed(
        mixed: tuple[Path, SynthStore], tmp_path: Path) -> None:
    bundle, thermal = mixed
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = bundle.with_suffix("")
    folder.mkdir()
    (folder / f"{thermal.schema}.xml").symlink_to(victim)
    exporter = Recorder(thermal)
    (rec,) = profiler.load(bundle, exporter=exporter).recordings
    assert "symbolic link" in rec.missing[thermal.schema]
    assert exporter.calls == [] and victim.read_text() == "precious"


# ---- the real bundles --------------------------------------------------------------------------

def _copy(real_traces: Path, tmp_path: Path, name: str) -> Path:
    src = real_traces / "bundles" / f"robtaylor__apple-profiler__{name}.trace.zip"
    return Path(shutil.copy(src, tmp_path / src.name))


def test_real_signpost_bundle_loads_with_its_toc(real_traces: Path, tmp_path: Path) -> None:
    bundle = _copy(real_traces, tmp_path, "signpost")
    run = profiler.load(bundle)
    (rec,) = run.recordings
    toc = read_toc(real_traces / "robtaylor__apple-profiler__signpost_toc.xml").runs[0]
    assert rec.toc_run is not None
    assert (rec.toc_run.device, rec.toc_run.summary.template_name, rec.toc_run.summary.duration_s) \
        == (toc.device, toc.summary.template_name, toc.summary.duration_s)
    # both stores hold tables of interest (os-signpost: the com.apple.coreml events' role)
    assert sorted(rec.tables) == ["os-signpost", "os-signpost-interval"] and rec.unverified == ()
    absent = {s for s, why in rec.missing.items() if why.startswith("not in the bundle")}
    assert absent == set(catalog.names()) - {"os-signpost-interval", "os-signpost"}
    assert list(tmp_path.iterdir()) == [bundle]


def test_unverified_schemas_follow_the_stores_flags(mixed: tuple[Path, SynthStore]) -> None:
    from profiler.trace.bundle import read_bundle

    bundle, _ = mixed
    (rec,) = profiler.load(bundle, reader="bundle").recordings
    flags = {s.schema: s.verified for s in read_bundle(bundle).run(1).stores if s.rows is not None}
    assert set(rec.unverified) == {s for s, ok in flags.items() if not ok and s in rec.tables}
    assert rec.unverified
