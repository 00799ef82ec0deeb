"""The table catalog is the one place that spells a table of interest (issue 11).

The grep below reads every file of ``profiler/`` (code, data, templates, docstrings) and flags
any word that the catalog recognises as a table spelling: a kebab-case or CamelCase word, matched
the way the loader matches names (so ``OSLog`` or ``DeviceThermalStateIntervals`` count too).
"""

from __future__ import annotations

import re
from pathlib import Path

from profiler.trace import catalog
from profiler.trace.catalog import Role

PACKAGE = Path(__file__).resolve().parents[2] / "profiler"
CATALOG = PACKAGE / "trace" / "catalog.py"
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")


def table_words(text: str) -> set[str]:
    """Words of ``text`` that name a table of interest (kebab-case or with capitals)."""
    return {w for w in _WORD.findall(text)
            if ("-" in w or w != w.lower()) and catalog.entry(w) is not None}


def _package_files() -> list[Path]:
    out = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            try:
                path.read_text("utf-8")
            except UnicodeDecodeError:
                continue  # binary assets name no table
            out.append(path)
    return out


def test_no_module_but_the_catalog_names_a_table() -> None:
    files = _package_files()
    assert len(files) > 50 and any(p.suffix == ".json" for p in files)  # really read the package
    found = {str(p.relative_to(PACKAGE.parent)): sorted(table_words(p.read_text("utf-8")))
             for p in files if p != CATALOG}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_grep_sees_every_spelling_the_catalog_defines() -> None:
    # If the grep could not see a name, the test above could not fail for it.
    text = CATALOG.read_text("utf-8")
    spellings = {s for e in catalog.TABLES for s in e.spellings}
    assert table_words(text) >= spellings
    assert table_words("read `OSLog`, then device-thermal-state-intervals; not oslog.py") == {
        "OSLog", "device-thermal-state-intervals"}


def test_spellings_are_unique_and_every_role_has_a_table() -> None:
    # No two tables share a spelling (an alias may normalise to its own table's name: the export
    # still needs the exact spelling, because xctrace's XPath compares it exactly).
    owners: dict[str, set[str]] = {}
    for e in catalog.TABLES:
        for s in e.spellings:
            owners.setdefault(re.sub(r"[^a-z0-9]", "", s.lower()).removesuffix("s"), set()).add(e.name)
    assert all(len(names) == 1 for names in owners.values())
    assert len(catalog.names()) == len(set(catalog.names()))
    assert all(catalog.of_role(role) for role in Role)
    for entry in catalog.TABLES:
        assert entry.evidence, entry.name
        assert any(spec.required for spec in entry.columns.values()) or entry.role is Role.LOG
        for spec in entry.columns.values():
            assert spec.types or spec.aliases, (entry.name, spec.what)


def test_export_set_holds_tables_only() -> None:
    names = catalog.export_names()
    assert len(names) == len(set(names))
    # Engineering types of the Core ML table's columns are not tables (issue 11).
    assert not any(n.startswith("coreml-model-") for n in names)
    assert {"OSSignpostIntervals", "ane-hw-intervals-internal"} <= set(names)
    assert all(catalog.exported(n) for n in names)


def test_lookup_is_spelling_insensitive_but_not_fuzzy() -> None:
    assert catalog.canonical("OSSignpostIntervals") == catalog.canonical("os-signpost-interval")
    assert catalog.entry("time-profile") is None
    assert catalog.entry("coreml-model-event") is None
    assert catalog.main(Role.ANE).name != catalog.of_role(Role.ANE)[1].name
