"""Independent reader used by the generator's tests: parses an export with lxml and checks
the xctrace id/ref rules (dense ids from 1 in document order, no forward refs, bare refs,
one cell per column)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree


def parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                           load_dtd=False)


Node = tuple[str | None, str | None, list[tuple[str, str]], list[list[etree._Element]]]


def read_nodes(path: Path) -> list[Node]:
    """Every ``<node>`` as (xpath, schema name, [(mnemonic, type)], rows of resolved cells),
    checking the id/ref rules over the whole document (one id space across nodes); a node
    without ``<schema>`` uses the previous node's."""
    root = etree.parse(str(path), parser()).getroot()
    assert root.tag == "trace-query-result"
    defined: dict[int, etree._Element] = {}
    expected = 1
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if "id" in el.attrib:
            assert int(el.get("id")) == expected, f"{path}: ids not dense at {expected}"
            defined[expected] = el
            expected += 1
        if "ref" in el.attrib:
            assert int(el.get("ref")) in defined, f"{path}: forward or dangling ref"
            assert dict(el.attrib) == {"ref": el.get("ref")} and len(el) == 0
    out: list[Node] = []
    name, cols = None, None
    for node in root.findall("node"):
        schema = node.find("schema")
        if schema is not None:
            name = schema.get("name")
            cols = [(c.findtext("mnemonic"), c.findtext("engineering-type")) for c in schema]
        rows = []
        for row in node.findall("row"):
            assert cols is not None, f"{path}: rows before any schema"
            cells = [defined[int(c.get("ref"))] if c.get("ref") else c for c in row]
            assert len(cells) == len(cols), f"{path}: row width {len(cells)} != {len(cols)}"
            rows.append(cells)
        out.append((node.get("xpath"), name, cols or [], rows))
    return out


def read_export(path: Path) -> tuple[str, list[tuple[str, str]], list[list[etree._Element]]]:
    """(schema name, [(mnemonic, type)], rows of resolved cells) of a one-node export."""
    (node,) = read_nodes(path)
    assert node[1] is not None, f"{path}: no schema"
    return node[1], node[2], node[3]


def column(cols, rows, mnemonic: str) -> list[etree._Element]:
    i = [m for m, _ in cols].index(mnemonic)
    return [r[i] for r in rows]
