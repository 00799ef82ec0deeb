"""House rules checked on the source itself (AST, not grep): safety, size, no printing core.

- the core (trace, analysis, device, model, store) never prints, never imports typer, and never calls
  sys.exit (which layers import which is tests/test_layers.py's);
- CLI modules import only typer and the standard library at module top;
- subprocesses get argument lists (no shell=True), and lxml is only parsed through
  profiler.trace.xml's hardened parser; plistlib only reads binary plists, in one module;
- modules stay near 300 lines.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "profiler"
CORE = ("trace", "analysis", "device", "model")
MAX_LINES = 300
#: Light base modules a CLI module may import at its top (besides profiler.cli's own modules).
#: Base modules light enough for the CLI top (standard library only): errors, the --reader choice.
CLI_TOP_IMPORTS = ("profiler", "profiler.errors", "profiler.readers")


def _modules(*parts: str) -> list[Path]:
    return sorted(p for part in parts for p in (PACKAGE / part).rglob("*.py"))


def _imports(tree: ast.AST) -> list[tuple[str, int]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append((node.module, node.lineno))
    return out


def _rel(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def test_the_core_never_prints_exits_or_imports_typer() -> None:
    problems = []
    for path in _modules(*CORE):
        tree = ast.parse(path.read_text("utf-8"))
        for name, line in _imports(tree):
            if name.split(".")[0] == "typer":
                problems.append(f"{_rel(path)}:{line}: imports {name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                if isinstance(f, ast.Name) and f.id in ("print", "exit", "quit"):
                    problems.append(f"{_rel(path)}:{node.lineno}: calls {f.id}()")
                if (isinstance(f, ast.Attribute) and f.attr == "exit"
                        and isinstance(f.value, ast.Name) and f.value.id in ("sys", "os")):
                    problems.append(f"{_rel(path)}:{node.lineno}: calls {f.value.id}.exit()")
    assert problems == []


def test_cli_modules_import_only_typer_and_the_stdlib_at_module_top() -> None:
    allowed = set(sys.stdlib_module_names) | {"typer", "__future__"}
    problems = []
    for path in _modules("cli"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:  # module top only; imports inside functions are lazy by design
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] not in allowed and name not in CLI_TOP_IMPORTS \
                        and not name.startswith("profiler.cli."):
                    problems.append(f"{_rel(path)}:{node.lineno}: imports {name}")
    assert problems == []


def test_no_shell_subprocesses_and_only_the_hardened_xml_parser() -> None:
    problems = []
    for path in _modules("."):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant)
                                              and kw.value.value is False):
                    problems.append(f"{_rel(path)}:{node.lineno}: shell=")
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in ("system", "popen") and isinstance(f, ast.Attribute) \
                    and getattr(f.value, "id", "") == "os":
                problems.append(f"{_rel(path)}:{node.lineno}: os.{name}")
            if _rel(path) == "profiler/trace/xml.py":
                continue
            if name in ("fromstring", "XML", "XMLParser", "iterparse", "HTMLParser"):
                if isinstance(f, ast.Attribute) and getattr(f.value, "id", "") == "etree":
                    problems.append(f"{_rel(path)}:{node.lineno}: etree.{name} (use profiler.trace.xml)")
            if name == "parse" and isinstance(f, ast.Attribute) \
                    and getattr(f.value, "id", "") == "etree":
                parser = node.args[1] if len(node.args) > 1 else next(
                    (k.value for k in node.keywords if k.arg == "parser"), None)
                if not (isinstance(parser, ast.Call)
                        and getattr(parser.func, "id", "") == "make_parser"):
                    problems.append(f"{_rel(path)}:{node.lineno}: etree.parse without make_parser()")
        for name, line in _imports(tree):
            if name.split(".")[0] in ("xml", "defusedxml") or (
                    name == "plistlib" and _rel(path) != PLISTLIB_MODULE):
                problems.append(f"{_rel(path)}:{line}: imports {name}")
    assert problems == []


#: The one module allowed to use plistlib, for *binary* plists only (its XML parser is expat,
#: not the hardened lxml parser): every load must say fmt=plistlib.FMT_BINARY.
PLISTLIB_MODULE = "profiler/trace/bundle/archive.py"


def test_plistlib_only_ever_parses_binary_plists() -> None:
    tree = ast.parse((PACKAGE.parent / PLISTLIB_MODULE).read_text("utf-8"))
    loads = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and isinstance(n.func, ast.Attribute) and getattr(n.func.value, "id", "") == "plistlib"]
    assert loads
    for call in loads:
        fmt = next((k.value for k in call.keywords if k.arg == "fmt"), None)
        assert isinstance(fmt, ast.Attribute) and fmt.attr == "FMT_BINARY", call.lineno


@pytest.mark.parametrize("path", _modules("."), ids=_rel)
def test_modules_stay_small(path: Path) -> None:
    assert len(path.read_text("utf-8").splitlines()) <= MAX_LINES
