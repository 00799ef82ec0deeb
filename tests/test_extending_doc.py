"""docs/extending.md stays true: its catalog entry and its device are the real ones."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from profiler import hardware as devices
from profiler.trace import catalog

DOC = Path(__file__).resolve().parents[1] / "docs" / "extending.md"


def _section(title: str) -> str:
    text = DOC.read_text("utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def _blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section, re.DOTALL)


def test_the_sections_exist_in_order() -> None:
    titles = re.findall(r"^## (.+)$", DOC.read_text("utf-8"), re.MULTILINE)
    assert titles == ["Adding a table", "Adding a device", "Adding a metric",
                      "Adding an output format"]


def test_the_table_entry_shown_is_the_catalogs() -> None:
    entry_code = _blocks(_section("Adding a table"), "python")[0]
    entry = eval(entry_code, vars(catalog))  # noqa: S307 - our own doc, evaluated in the catalog
    assert entry in catalog.TABLES
    assert entry.columns == catalog.entry(entry.name).columns  # columns are not compared by ==


def test_the_roles_and_fields_named_exist() -> None:
    section = _section("Adding a table")
    listed = re.search(r"\((`Role\.[A-Z_]+`[^)]*)\)", section)
    assert listed is not None
    roles = re.findall(r"`(?:Role\.)?([A-Z_]+)`", listed.group(1))
    assert roles == list(catalog.Role.__members__)  # every role, in the enum's order
    fields = {f.name for f in dataclasses.fields(catalog.TableEntry)}
    assert fields == {"name", "aliases", "role", "exported", "columns", "evidence",
                      "bundle_verified"}
    assert all(f"`{f}`" in section for f in fields)
    usage = _blocks(section, "python")[1]
    assert 'ctx.open("cpu.process_peak_percent", Role.PROCESS)' in usage
    assert "cpu" in catalog.main(catalog.Role.PROCESS).columns


def test_the_device_shown_is_in_the_device_catalog() -> None:
    shown = json.loads(_blocks(_section("Adding a device"), "json")[0])
    assert devices.by_product_type(shown["product_type"]) == devices.DeviceSpec(**shown)
    assert {f.name for f in dataclasses.fields(devices.DeviceSpec)} == set(shown)
    assert devices.family("iphone13")  # the alias the page uses
