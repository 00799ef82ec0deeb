"""Escaping for Markdown destined for GitHub issues, and for mermaid labels: the one Markdown
escaper (:func:`md`) and the one code-span builder (:func:`code_span`) of the package.

Trace strings (process names, log lines, model names) are attacker-controlled as far as the
report is concerned: a log line may contain HTML, Markdown links, table pipes or ``@mentions``.
:func:`md` turns any string into inert text that renders as the same characters on GitHub.
Shared with the compare reporters.
"""

from __future__ import annotations

import re

from profiler.text import shown

# HTML-significant and table-breaking characters become numeric entities, which GitHub renders
# as the literal character; Markdown punctuation gets a backslash.
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "`": "&#96;",
    "@": "&#64;",  # no accidental @mentions from a trace string
    "#": "&#35;",  # no accidental issue links or headings
    '"': "&quot;",
}
# Only inline-significant punctuation: md() output never starts a line, so list/heading markers
# (``-``, ``+``, ``1.``) need no escape.
_BACKSLASHED = set("\\*_[]~!")
_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def md(value: object, *, limit: int | None = None) -> str:
    """Escape ``value`` for Markdown text or a table cell (one line, no raw HTML).

    ``limit`` truncates the *source* text first (with an ellipsis) so a huge log line cannot
    blow the issue body budget.
    """
    text = "" if value is None else str(value)
    text = _CONTROL.sub("", _BREAKS.sub(" ", text))
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + "…"
    text = shown(text)
    out = []
    for ch in text:
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _BACKSLASHED:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return unlinked("".join(out))


#: What GitHub turns into a link by itself: ``scheme://`` and ``www.``.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=\bwww)(?=\.)")
_ZWJ = "\u200d"


def unlinked(text: str) -> str:
    """``text`` with a zero-width joiner in ``://`` and ``www.``: GitHub Markdown makes no live
    link of a trace string, and the reader still sees the same characters."""
    return _AUTOLINK.sub(_ZWJ, text)


def md_link(label: object, url: str | None) -> str:
    """A Markdown link when ``url`` is plain http(s); otherwise just the escaped label."""
    if url and re.fullmatch(r"https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+", url) and ")" not in url:
        return f"[{md(label)}]({url})"
    return md(label)


def mermaid(value: object, *, limit: int = 60) -> str:
    """A label safe inside a double-quoted mermaid string: letters, digits and plain punctuation."""
    text = re.sub(r"[^A-Za-z0-9 ,.:()/%+_-]", "", "" if value is None else str(value))
    return text[:limit].strip()


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) URL (for an HTML ``href``), else None."""
    if url and re.fullmatch(r"https?://[^\s\"'<>`]+", url):
        return url
    return None


def code_span(text: object) -> str:
    """``text`` as a one-line Markdown code span that its own backticks cannot close."""
    text = shown(" ".join(str(text).split()))
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"

