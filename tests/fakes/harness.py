"""Pytest helpers around the fake xcrun (SYNTHETIC device data; no device, no Xcode).

``fake_xcrun`` points PROFILER_XCRUN at a wrapper that runs ``tests/fakes/xcrun`` with this
interpreter, logs every argv to a temporary file, runs the test in a fresh working directory
with an empty HOME (so no user profiler.toml leaks in) and returns a :class:`Fake`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("xcrun")
PHONE_UDID = "00008110-001A2B3C4D5E801E"
PHONE_ID = "A1B2C3D4-1111-2222-3333-444455556666"
SPARE_UDID = "00008110-000C11112222801E"


@dataclass
class Fake:
    root: Path
    log: Path
    wrapper: Path
    monkeypatch: pytest.MonkeyPatch
    started: list[int] = field(default_factory=list)

    def scenario(self, **values: str | float) -> None:
        """``scenario(record="hang")`` sets FAKE_XCRUN_RECORD=hang, and so on."""
        for key, value in values.items():
            self.monkeypatch.setenv(f"FAKE_XCRUN_{key.upper()}", str(value))

    def entries(self) -> list:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text("utf-8").splitlines()]

    def calls(self) -> list[list[str]]:
        """Every argv the fake received, with temporary paths replaced by ``<json>``/``<tmp>``."""
        out = []
        for argv in self.entries():
            if not isinstance(argv, list):
                continue
            argv = list(argv)
            for i, arg in enumerate(argv[:-1]):
                if arg == "--json-output":
                    argv[i + 1] = "<json>"
                if arg == "--destination" and "profiler-crashes-" in argv[i + 1]:
                    argv[i + 1] = "<tmp>"
            out.append(argv)
        return out

    def signals(self) -> list[str]:
        return [e["signal"] for e in self.entries() if isinstance(e, dict)]


def make_wrapper(folder: Path) -> Path:
    """``xcrun`` in ``folder``: execs the fake with this interpreter (keeps its parent pid)."""
    folder.mkdir(parents=True, exist_ok=True)
    wrapper = folder / "xcrun"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{SCRIPT}" "$@"\n', "utf-8")
    wrapper.chmod(0o755)
    return wrapper


@pytest.fixture
def fake_xcrun(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    work = tmp_path / "work"
    work.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    wrapper = make_wrapper(tmp_path / "bin")
    log = tmp_path / "xcrun-calls.jsonl"
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PROFILER_XCRUN", str(wrapper))
    monkeypatch.setenv("FAKE_XCRUN_LOG", str(log))
    for key in list(os.environ):
        if key.startswith("FAKE_XCRUN_") and key != "FAKE_XCRUN_LOG":
            monkeypatch.delenv(key)
    fake = Fake(work, log, wrapper, monkeypatch)
    # The Ctrl-C scenarios have the fake send SIGINT to this process, as a terminal would. A shell
    # without job control starts background jobs (`pytest … &`) with SIGINT ignored, which Python
    # keeps; give the test a terminal's disposition so the outcome does not depend on how pytest
    # was started.
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield fake
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)
        for pid in fake.started:  # recorders a test deliberately left running (stuck scenario)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def json_call(*args: str) -> list[str]:
    return ["devicectl", *args, "--json-output", "<json>"]


PREFLIGHT = [
    json_call("list", "devices"),
    json_call("device", "info", "lockState", "--device", PHONE_ID),
    json_call("device", "info", "apps", "--device", PHONE_ID, "--bundle-id",
              "com.example.CoreDiffuse"),
    ["xctrace", "list", "templates"],
    ["xctrace", "list", "instruments"],
    ["xctrace", "version"],
]


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
