"""Group commit (profiler/analysis/store/commit.py): every file of a batch durable before any is
renamed in, the renames flushed before the add reports, nothing left behind on failure; the
batch of ``store add`` gives the store one-run-at-a-time adds give (SYNTHETIC fleet)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import profiler
from profiler.analysis.store import add, commit, layout
from profiler.analysis.store.add import Batch, Outcome, store_analysis
from profiler.analysis.store.identity import RunMeta
from profiler.analysis.store.query import query
from profiler.errors import InputError
from tests.analysis.store.fleet import FleetRun

SQL = "SELECT * EXCLUDE (run_name) FROM runs ORDER BY run_id, recording, launch"


@pytest.fixture(scope="module")
def analysed(fleet: list[FleetRun]) -> list[tuple[Any, RunMeta]]:
    out = []
    for i, run in enumerate(fleet[:3]):
        summary = profiler.analyze(profiler.load(run.path)).summary
        out.append((summary, RunMeta(f"{i:020x}", "run-folder", "0.1.0", commit=run.commit,
                                     os_build=run.os_build)))
    return out


def _tmp_files(store: Path) -> list[Path]:
    return [p for p in store.rglob("*") if p.name.endswith(".tmp")]


def test_every_file_is_flushed_before_any_is_renamed_in(analysed: list[Any], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "s"
    events: list[str] = []
    flush_files, flush_folders = commit.flush_files, commit.flush_folders

    def files_spy(paths: list[Path], root: Path) -> None:
        assert len(paths) == 2 * len(analysed)  # both tables of every run, in one flush
        assert all(p.name.endswith(".tmp") and p.is_file() for p in paths)
        assert layout.files(store, "runs") == layout.files(store, "samples") == []  # none visible
        events.append("files")
        flush_files(paths, root)

    def folders_spy(folders: list[Path], root: Path) -> None:
        assert _tmp_files(store) == []
        assert len(layout.files(store, "runs")) == len(layout.files(store, "samples")) == 3
        assert {p.parent for p in layout.files(store, "runs")} <= set(folders)
        assert store in folders and store / "samples" in folders  # new folders' entries too
        events.append("folders")
        flush_folders(folders, root)

    monkeypatch.setattr(commit, "flush_files", files_spy)
    monkeypatch.setattr(commit, "flush_folders", folders_spy)
    batch = Batch(store)
    for summary, meta in analysed:
        batch.add_analysis(summary, meta)
    results = batch.commit()
    assert events == ["files", "folders"]
    assert [r.outcome for r in results] == [Outcome.ADDED] * 3
    assert all(Path(f).is_file() for r in results for f in r.files)


def test_a_batch_stores_what_one_add_per_run_stores(analysed: list[Any], tmp_path: Path) -> None:
    one_by_one, batched = tmp_path / "one", tmp_path / "batch"
    for summary, meta in analysed:
        store_analysis(one_by_one, summary, meta)
    batch = Batch(batched)
    for summary, meta in analysed:
        batch.add_analysis(summary, meta)
    batch.commit()
    assert query(batched, SQL).to_pylist() == query(one_by_one, SQL).to_pylist()
    assert [p.relative_to(batched) for p in layout.files(batched, "samples")] == \
        [p.relative_to(one_by_one) for p in layout.files(one_by_one, "samples")]


def test_syncfs_flushes_once_per_filesystem(analysed: list[Any], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    layout.check_store(tmp_path / "s", create=True)  # its store.json is written on its own
    monkeypatch.setattr(commit, "_SYNCFS", [lambda fd: calls.append(os.fstat(fd).st_dev)])
    monkeypatch.setattr(commit.os, "fsync", lambda fd: pytest.fail("fsync with syncfs there"))
    batch = Batch(tmp_path / "s")
    for summary, meta in analysed:
        batch.add_analysis(summary, meta)
    batch.commit()
    assert calls == [os.stat(tmp_path).st_dev] * 2  # the files, then the renames


def test_without_syncfs_every_file_and_folder_is_fsynced(analysed: list[Any], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    real = os.fsync
    store = tmp_path / "s"
    layout.check_store(store, create=True)  # its store.json is written on its own
    monkeypatch.setattr(commit, "_SYNCFS", [None])  # macOS, Windows…
    monkeypatch.setattr(commit.os, "fsync", lambda fd: (synced.append(Path(os.readlink(
        f"/proc/self/fd/{fd}"))), real(fd)))
    batch = Batch(store)
    for summary, meta in analysed:
        batch.add_analysis(summary, meta)
    batch.commit()
    files = layout.files(store, "runs") + layout.files(store, "samples")
    temps = [p for p in synced if p.name.endswith(".tmp")]
    assert len(temps) == len(files) == 6
    folders = {p for p in synced if not p.name.endswith(".tmp")}
    assert {f.parent for f in files} | {store, store / "runs", store / "samples"} <= folders


def test_a_failed_write_leaves_nothing_and_is_one_error(analysed: list[Any], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "s"

    def full(paths: list[Path], root: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(commit, "flush_files", full)
    batch = Batch(store)
    for summary, meta in analysed:
        batch.add_analysis(summary, meta)
    with pytest.raises(InputError, match="cannot write the output: No space left on device"):
        batch.commit()
    assert _tmp_files(store) == []
    assert layout.files(store, "runs") == layout.files(store, "samples") == []


def test_the_same_run_twice_in_a_batch_is_written_once(fleet: list[FleetRun],
                                                       tmp_path: Path) -> None:
    store = tmp_path / "s"
    batch = Batch(store)
    batch.add_path(fleet[0].path)
    batch.add_path(fleet[0].path)
    first, second = batch.commit()
    assert (first.outcome, second.outcome) == (Outcome.ADDED, Outcome.SKIPPED)
    assert len(layout.find(store, "runs", first.run_id)) == 1


def test_store_add_commits_every_batch(fleet: list[FleetRun], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from profiler.cli import app

    commits: list[int] = []
    real = Batch.commit

    def counting(self: Batch) -> list[Any]:
        commits.append(len(self))
        return real(self)

    monkeypatch.setattr(add, "BATCH", 2)
    monkeypatch.setattr(Batch, "commit", counting)
    paths = [str(run.path) for run in fleet[:3]]
    result = CliRunner().invoke(app, ["store", "add", str(tmp_path / "s"), *paths])
    assert result.exit_code == 0, result.output
    assert commits == [2, 1]
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["added"] * 3
    assert [line.split()[2] for line in result.stdout.splitlines()] == paths


def test_a_store_another_add_is_creating_is_joined_not_refused(tmp_path: Path) -> None:
    store = tmp_path / "s"
    store.mkdir()
    (store / ".store.json.k3j9x.tmp").write_text("")  # the other add's marker, half-written
    layout.check_store(store, create=True)
    assert (store / "store.json").is_file()
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="exists and is not a profiler store"):
        layout.check_store(other, create=True)
