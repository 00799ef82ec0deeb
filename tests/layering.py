"""The import graph of a package, checked against its layers (used by tests/test_layers.py).

Every import counts: at module top, inside functions (lazy imports) and under
``if TYPE_CHECKING:``. Relative imports are resolved. The checker reports

- upward imports: a module importing one of a higher layer;
- forbidden imports between packages of one layer (``model`` and ``device`` import neither
  ``analysis`` nor each other);
- module circles and package circles (strongly connected components of the graph).

The package's ``__init__`` (the lazy public API) and ``__main__`` are left out, as is any
import of the bare root package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

BASE = "base"


@dataclass(frozen=True)
class Layers:
    """Rank per top-level sub-package (modules directly in the root are ``base``, rank 0)."""

    ranks: Mapping[str, int]
    #: (importer package, imported package) pairs forbidden although their ranks allow them
    forbidden: frozenset[tuple[str, str]] = frozenset()


@dataclass
class Graph:
    root: str
    edges: dict[str, set[str]] = field(default_factory=dict)  # module -> imported modules
    packages: set[str] = field(default_factory=set)  # dotted names of the sub-packages

    def package(self, module: str) -> str:
        """``analysis`` for ``root.analysis.x``; ``base`` for a module directly in the root."""
        parts = module.split(".")
        top = ".".join(parts[:2])
        return parts[1] if len(parts) > 1 and top in self.packages else BASE


@dataclass(frozen=True)
class Report:
    upward: tuple[str, ...]
    forbidden: tuple[str, ...]
    module_circles: tuple[tuple[str, ...], ...]
    package_circles: tuple[tuple[str, ...], ...]

    @property
    def problems(self) -> list[str]:
        return ([f"upward import: {e}" for e in self.upward]
                + [f"forbidden import: {e}" for e in self.forbidden]
                + [f"module circle: {' <-> '.join(c)}" for c in self.module_circles]
                + [f"package circle: {' <-> '.join(c)}" for c in self.package_circles])


def build(root: Path) -> Graph:
    """The import graph of the package folder ``root``."""
    name = root.name
    modules: dict[str, Path] = {}
    packages: set[str] = set()
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
            packages.add(".".join(parts))
        modules[".".join(parts)] = path
    graph = Graph(name, {m: set() for m in modules}, packages)
    for module, path in modules.items():
        if module in (name, f"{name}.__main__"):
            continue
        is_pkg = path.name == "__init__.py"
        for full, names in _imports(ast.parse(path.read_text("utf-8")), module, is_pkg):
            # `from pkg import mod` imports the module; `from pkg import name` the package
            subs = [f"{full}.{n}" for n in names if f"{full}.{n}" in modules]
            targets = subs + ([full] if len(subs) < len(names) or not names else [])
            for target in targets:
                resolved = _resolve(target, modules)
                if resolved and resolved not in (module, name):
                    graph.edges[module].add(resolved)
    return graph


def _imports(tree: ast.AST, module: str, is_pkg: bool) -> Iterable[tuple[str, list[str]]]:
    """(module imported, names imported from it) for every import statement."""
    for node in ast.walk(tree):  # walks function bodies and TYPE_CHECKING blocks too
        if isinstance(node, ast.Import):
            yield from ((a.name, []) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                here = module.split(".") if is_pkg else module.split(".")[:-1]
                base = here[: len(here) - node.level + 1]
                full = ".".join(base + ([node.module] if node.module else []))
            else:
                full = node.module or ""
            yield full, [a.name for a in node.names]


def _resolve(name: str, modules: Mapping[str, Path]) -> str | None:
    """The longest known module that ``name`` names (``pkg.mod.Class`` -> ``pkg.mod``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def check(root: Path, layers: Layers) -> Report:
    """Check the package at ``root`` against ``layers``."""
    graph = build(root)

    def rank(module: str) -> int:
        return layers.ranks.get(graph.package(module), 0)

    upward, forbidden = [], []
    pkg_edges: dict[str, set[str]] = {}
    for a, targets in graph.edges.items():
        for b in targets:
            pa, pb = graph.package(a), graph.package(b)
            if rank(b) > rank(a):
                upward.append(f"{a} -> {b}")
            elif (pa, pb) in layers.forbidden:
                forbidden.append(f"{a} -> {b}")
            if pa != pb:
                pkg_edges.setdefault(pa, set()).add(pb)
                pkg_edges.setdefault(pb, set())
    return Report(tuple(sorted(upward)), tuple(sorted(forbidden)),
                  _circles(graph.edges), _circles(pkg_edges))


def _circles(edges: Mapping[str, set[str]]) -> tuple[tuple[str, ...], ...]:
    """Strongly connected components with more than one member (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(tuple(sorted(component)))
    return tuple(sorted(found))
