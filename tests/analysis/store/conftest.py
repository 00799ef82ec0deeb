"""Fixtures of the store tests: a SYNTHETIC fleet written once, and a store holding it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from profiler.analysis.store.add import add_path
from tests.analysis.store.fleet import FleetRun, write_fleet


@pytest.fixture(scope="session")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> list[FleetRun]:
    return write_fleet(tmp_path_factory.mktemp("fleet"))


@pytest.fixture(scope="session")
def fleet_store(fleet: list[FleetRun], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the fleet (read-only: tests that change a store copy it first)."""
    store = tmp_path_factory.mktemp("stores") / "fleet"
    for run in fleet:
        add_path(store, run.path, commit=run.commit, branch="main")
    return store


@pytest.fixture()
def store_copy(fleet_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(fleet_store, copy)
    return copy
