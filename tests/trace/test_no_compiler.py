"""Without a C compiler the package still installs and reads everything with the Python reader.

The package is installed (not editable) from a copy of its sources into a fresh virtualenv,
with ``CC=false`` so that compiling the extension fails. No network: pip uses no index, no
build isolation and no dependencies; the virtualenv sees this test environment's packages
(setuptools, pandas, lxml...) through a ``.pth`` file.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_RUN

pytestmark = pytest.mark.slow
SAMPLE = SAMPLE_RUN / "run-1" / "coreml-os-signpost.xml"


@pytest.mark.timeout(600)
def test_install_without_a_compiler_uses_the_python_reader(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "profiler", src / "profiler",
        ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"),
    )
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "test-env.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    env = {**os.environ, "CC": "false", "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PROFILER_READER", None)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-build-isolation", "--no-deps", "--verbose", str(src)],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    assert "the compiled reader was not built" in install.stdout + install.stderr
    probe = (
        "import profiler, sys; from profiler.trace import compiled, read_tables;"
        f"assert profiler.__file__.startswith({str(venv)!r}), profiler.__file__;"
        f"(t,) = read_tables({str(SAMPLE)!r});"
        "print(compiled.unavailable()); print(t.reader); print(t.row_count)"
    )
    out = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, env=env,
                         cwd=tmp_path, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    why, reader, rows = out.stdout.splitlines()
    assert why.startswith("not built")
    assert reader.startswith("python (compiled reader not built")
    assert int(rows) > 0
    cli = subprocess.run([str(venv / "bin" / "profiler"), "tables", "--verbose", str(SAMPLE)],
                         capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert cli.returncode == 0, cli.stderr
    assert "reader: python (compiled reader not built" in cli.stderr


def test_a_changed_c_source_reinstalls_on_the_next_make() -> None:
    if shutil.which("make") is None:
        pytest.skip("no make")
    db = subprocess.run(["make", "-qp", "-f", "Makefile", "help"], capture_output=True, text=True,
                        cwd=ROOT, check=False).stdout
    rule = next(line for line in db.splitlines() if line.startswith(".venv/.installed:"))
    prerequisites = rule.split(":", 1)[1].split()
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "profiler" / "trace").glob("_fastread*.[ch]"))
    assert len(sources) >= 3 and "profiler/trace/_fastread.h" in sources  # the parts of the split
    assert set(sources) <= set(prerequisites) and "setup.py" in prerequisites
