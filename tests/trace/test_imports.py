"""`import profiler.trace` stays light: lxml and pandas load only when a reader runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_import_profiler_trace_is_light() -> None:
    code = (
        "import sys, profiler.trace;"
        "print(','.join(m for m in ('lxml', 'pandas', 'pyarrow', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run(  # noqa: S603 - our interpreter, fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def _profiler_imports(path: Path) -> list[tuple[str, int]]:
    """Every ``profiler.…`` module a file imports, TYPE_CHECKING and function bodies included."""
    import ast

    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names if a.name.startswith("profiler")]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level \
                and node.module.startswith("profiler"):
            out.append((node.module, node.lineno))
    return out


PACKAGE = Path(__file__).resolve().parents[2] / "profiler"
#: Base modules: files directly in profiler/ (errors, codec, text, runrecord …), not packages.
BASE = {f"profiler.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")}


def test_trace_imports_nothing_above_it() -> None:
    """trace/ may use itself and the base modules only: a .trace bundle is exported through an
    exporter the caller passes in, never by trace/ importing device/ or analysis/."""
    problems = [f"{p.relative_to(PACKAGE.parent)}:{line}: {name}"
                for p in sorted((PACKAGE / "trace").rglob("*.py"))
                for name, line in _profiler_imports(p)
                if not (name.startswith("profiler.trace") or name in BASE)]
    assert problems == []


def test_base_modules_import_only_base_modules() -> None:
    problems = [f"{p.name}:{line}: {name}" for p in sorted(PACKAGE.glob("*.py"))
                if p.stem not in ("__init__", "__main__")
                for name, line in _profiler_imports(p) if name not in BASE]
    assert problems == []
    assert {"profiler.errors", "profiler.codec", "profiler.runrecord"} <= BASE


def test_import_profiler_trace_bundle_is_light() -> None:
    code = (
        "import sys, profiler.trace.bundle;"
        "print(','.join(m for m in ('lxml', 'pandas', 'pyarrow', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run(  # noqa: S603 - our interpreter, fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
