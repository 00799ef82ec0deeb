"""Helpers to write small xctrace-shaped exports for tests (SYNTHETIC data)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr


def schema(name: str, columns: list[tuple[str, str]]) -> str:
    cols = "".join(
        f"<col><mnemonic>{m}</mnemonic><name>{m.title()}</name>"
        f"<engineering-type>{t}</engineering-type></col>"
        for m, t in columns
    )
    return f"<schema name={quoteattr(name)}>{cols}</schema>"


def node(xpath: str, body: str) -> str:
    return f"<node xpath={quoteattr(xpath)}>{body}</node>"


def document(*nodes: str) -> str:
    return '<?xml version="1.0"?>\n<trace-query-result>\n' + "\n".join(nodes) + "\n</trace-query-result>\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def el(tag: str, text: str | None = None, fmt: str | None = None, ident: int | None = None, children: str = "") -> str:
    attrs = ""
    if ident is not None:
        attrs += f' id="{ident}"'
    if fmt is not None:
        attrs += f" fmt={quoteattr(fmt)}"
    body = escape(text) if text is not None else ""
    return f"<{tag}{attrs}>{body}{children}</{tag}>"


def ref(tag: str, ident: int) -> str:
    return f'<{tag} ref="{ident}"/>'
