"""`import profiler.trace` stays light: lxml and pandas load only when a reader runs."""

from __future__ import annotations

import subprocess
import sys


def test_import_profiler_trace_is_light() -> None:
    code = (
        "import sys, profiler.trace;"
        "print(','.join(m for m in ('lxml', 'pandas', 'pyarrow', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run(  # noqa: S603 - our interpreter, fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_import_profiler_trace_bundle_is_light() -> None:
    code = (
        "import sys, profiler.trace.bundle;"
        "print(','.join(m for m in ('lxml', 'pandas', 'pyarrow', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run(  # noqa: S603 - our interpreter, fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
