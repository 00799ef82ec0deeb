"""The one input opener (profiler/inputs.py): regular files only, size caps, links, hints.

Every file here is SYNTHETIC, made in tmp_path.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from profiler.errors import InputError, ModelFormatError
from profiler.inputs import open_input, open_input_text, read_input_bytes, read_input_text


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "console.log"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        read_input_bytes(fifo, what="log", max_bytes=1024)
    assert time.monotonic() - started < 5  # an open() that blocked on the FIFO never returns
    assert err.value.message == "log is not a regular file (a FIFO, device or socket)"
    assert err.value.hint == "only regular files are read; replace it with the file itself"


def test_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        read_input_bytes("/dev/zero", what="crash report", max_bytes=1024)


def test_a_file_over_the_cap_is_refused_before_reading(tmp_path: Path) -> None:
    sparse = tmp_path / "model.mlmodel"
    with sparse.open("wb") as fh:
        fh.truncate(10 << 30)  # 10 GiB, sparse: costs nothing on disk
    with pytest.raises(ModelFormatError) as err:
        read_input_bytes(sparse, what="model spec", max_bytes=2 << 30, error=ModelFormatError)
    assert err.value.message == "model spec is larger than 2048 MiB (10240 MiB); it is not read"
    assert err.value.hint


def test_a_file_that_grows_past_the_cap_while_read_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "console.log"
    f.write_bytes(b"x" * 100)
    with open_input(f, what="log", max_bytes=150) as fh:
        f.write_bytes(b"x" * 400)  # the same inode now holds more than the cap
        with pytest.raises(InputError, match="grew past 150 bytes"):
            fh.read()


def test_text_is_read_line_by_line(tmp_path: Path) -> None:
    f = tmp_path / "console.log"
    f.write_bytes(b"one\r\ntwo \xff\n")
    with open_input_text(f, what="log", max_bytes=1024) as fh:
        assert list(fh) == ["one\n", "two \ufffd\n"]


def test_a_link_inside_the_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.log").write_text("ok\n")
    (tmp_path / "console.log").symlink_to("real.log")
    assert read_input_text(tmp_path / "console.log", what="log", max_bytes=99,
                           inside=tmp_path) == "ok\n"


def test_a_link_leading_outside_the_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "private.txt"
    secret.write_text("token=SECRET\n")
    run = tmp_path / "run"
    run.mkdir()
    (run / "console.log").symlink_to(secret)
    with pytest.raises(InputError) as err:
        read_input_text(run / "console.log", what="log", max_bytes=99, inside=run)
    assert err.value.message == "log is a symbolic link to a file outside run/; it is not followed"
    assert "cp -L" in (err.value.hint or "")
    # named by the user (no folder): followed
    assert read_input_text(run / "console.log", what="log", max_bytes=99) == "token=SECRET\n"


def test_broken_and_looping_links_and_unreadable_files_have_hints(tmp_path: Path) -> None:
    (tmp_path / "dangling.ips").symlink_to("gone.ips")
    (tmp_path / "loop.ips").symlink_to("loop.ips")
    for name, message in (("dangling.ips", "crash report is a broken symbolic link"),
                          ("loop.ips", "crash report is a symbolic link loop")):
        for inside in (None, tmp_path):
            with pytest.raises(InputError) as err:
                read_input_bytes(tmp_path / name, what="crash report", max_bytes=99,
                                 inside=inside)
            assert err.value.message == message
            assert err.value.hint
    locked = tmp_path / "locked.ips"
    locked.write_text("{}")
    locked.chmod(0)
    if os.access(locked, os.R_OK):
        pytest.skip("running as root: permissions are not enforced")
    with pytest.raises(InputError) as err:
        read_input_bytes(locked, what="crash report", max_bytes=99)
    assert err.value.message == "cannot read the crash report: Permission denied"
    assert err.value.hint == "check the file's permissions (`ls -l`); it must be readable by you"


def test_text_that_is_not_utf8_is_an_error_unless_replaced(tmp_path: Path) -> None:
    f = tmp_path / "run.json"
    f.write_bytes(b'{"a": "\xff"}')
    with pytest.raises(InputError, match="run.json is not UTF-8 text"):
        read_input_text(f, what="run.json", max_bytes=99)
    assert read_input_text(f, what="run.json", max_bytes=99, errors="replace") == '{"a": "\ufffd"}'
