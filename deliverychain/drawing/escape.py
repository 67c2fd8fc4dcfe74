"""Escaping user text for every language a diagram is written in.

Every name, kind, title and note in a chain is user text. Each output has its own rules:
DOT quoted strings and Mermaid labels. Graphviz escapes the
text it writes into SVG itself, so no user text is ever written into SVG by this package.
"""

from __future__ import annotations

import re

# Invisible formatting that can reorder what a reader sees ("Trojan source" overrides and
# isolates). Right-to-left letters themselves are kept: the bidi algorithm orders them.
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 and C1 control characters other than tab and newline, which are handled below.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _BIDI_CONTROLS + "]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Printable text: one newline form, tabs as spaces, no control or bidi-override characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")  # Unicode's line and paragraph separators
    text = _SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """User text on one line (newlines become spaces), for ids, tooltips and Mermaid."""
    return " ".join(clean_text(text).split())


def dot_string(text: str) -> str:
    """A DOT double-quoted string. Newlines become Graphviz's `\\n` escape; '&' is written
    `&amp;`, because Graphviz reads entities (`&lt;`) in every string and leaves them unescaped
    in SVG, where `&amp;` typed by a user would otherwise show as '&'."""
    body = clean_text(text).replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


def dot_id(identifier: str) -> str:
    """A node or graph id, always quoted so that DOT keywords (graph, node, edge) stay names."""
    return dot_string(one_line(identifier))


# Characters that are safe as they are inside a quoted Mermaid label. Everything else in
# ASCII becomes a Mermaid entity code (#35; for '#'); other scripts are kept as they are.
_MERMAID_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:_-/()'+=?!@~*")


def mermaid(text: str) -> str:
    """Text for a quoted Mermaid label: one line, markup and quotes as `#NN;` entity codes."""
    return "".join(
        ch if ch in _MERMAID_SAFE or ord(ch) > 127 else f"#{ord(ch)};" for ch in one_line(text)
    )


def wrap(text: str, width: int) -> str:
    """Greedy word wrap to lines of at most `width` characters (long words stay whole)."""
    lines: list[str] = []
    for paragraph in clean_text(text).split("\n"):
        line = ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return "\n".join(lines)
