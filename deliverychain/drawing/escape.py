"""Escaping user text for every language a diagram is written in.

Every name, kind, title and note in a chain is user text. It is first made safe to show by
`deliverychain.usertext.shown` (hidden characters shown as <U+XXXX>, noncharacters too, so
an SVG always parses and two different names never look the same; cut with an ellipsis at
the label limit), then escaped for its output: DOT quoted strings, Graphviz HTML-like
labels, and Mermaid labels. Graphviz escapes the text it writes into SVG itself.
"""

from __future__ import annotations

from deliverychain import limits
from deliverychain.usertext import shown

#: Longer text (the intent under a title, hover text) may be this many labels long.
TEXT_LABELS = 5


def label(text: str) -> str:
    """A label (a name, a title, a group): safe to show, at most the label limit long."""
    return shown(text, limit=limits.get("label"))


def clean_text(text: str) -> str:
    """Printable text: one newline form, tabs as spaces, hidden characters shown as <U+XXXX>,
    and at most `TEXT_LABELS` times the label limit long."""
    return shown(text, limit=TEXT_LABELS * limits.get("label"))


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
    """Greedy word wrap to lines of at most `width` characters; a longer word is broken."""
    lines: list[str] = []
    for paragraph in clean_text(text).split("\n"):
        line = ""
        for word in _broken_words(paragraph.split(), width):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return "\n".join(lines)


def _broken_words(words: list[str], width: int) -> list[str]:
    """Words of at most twice `width` characters: a longer one (a URL, a name without spaces)
    is broken into pieces of `width`, so that no box is wider than the page."""
    out: list[str] = []
    for word in words:
        if len(word) <= 2 * width:
            out.append(word)
        else:
            out.extend(word[i:i + width] for i in range(0, len(word), width))
    return out
