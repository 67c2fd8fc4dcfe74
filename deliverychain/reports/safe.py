"""User text made safe to show: hidden and direction-changing characters made visible.

Names and notes come from chain files, which anyone may write. A right-to-left override
(U+202E) can make a report read differently from what it says ("Trojan Source"), a
terminal escape can recolour or rewrite a terminal, and zero-width characters can make two
different ids look the same. Every output format passes user text through here first.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

#: Joiners that shape scripts and emoji (Persian, Hindi, family emoji): harmless, kept.
_KEPT_FORMAT = frozenset("\u200c\u200d")
#: Controls, format characters (bidi overrides, zero-width), line and paragraph separators.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def is_hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN_CATEGORIES and char not in _KEPT_FORMAT


def codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def visible(text: str, newline: str = " ", tab: str = " ") -> str:
    """`text` on one line (newlines become `newline`), hidden characters shown as <U+XXXX>."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline).replace("\t", tab)
    for char in hidden_in(text):
        text = text.replace(char, f"<{codepoint(char)}>")
    return text


def hidden_in(text: str) -> list[str]:
    """The distinct hidden characters of `text`, in code point order (newline and tab excluded)."""
    return sorted(c for c in set(text) if c not in "\n\t" and is_hidden(c))


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the basic plane: a UTF-16 surrogate pair, as JSON requires
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def dumps(data: Any) -> str:
    """Indented JSON, UTF-8 text kept readable, every hidden character written as an escape.

    Escaping is lossless in JSON (a reader gets the same string back), and the file shows
    the same in every viewer. Hidden characters only occur inside strings, so replacing
    them in the dumped text is safe.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    for char in hidden_in(text):
        text = text.replace(char, _json_escape(char))
    return text + "\n"
