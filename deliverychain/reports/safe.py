"""User text made safe to show in reports: hidden and direction-changing characters made visible.

Names and notes come from chain files, which anyone may write. A right-to-left override
(U+202E) can make a report read differently from what it says ("Trojan Source"), a
terminal escape can recolour or rewrite a terminal, and zero-width characters can make two
different ids look the same. Every report format passes user text through here first; the
rules of what is hidden are `deliverychain.usertext`'s, which the diagrams share.
"""

from __future__ import annotations

import json
from typing import Any

from deliverychain.usertext import codepoint, hidden_in, is_hidden, shown

__all__ = ["codepoint", "dumps", "hidden_in", "is_hidden", "visible"]


def visible(text: str, newline: str = " ", tab: str = " ") -> str:
    """`text` on one line (newlines become `newline`), hidden characters shown as <U+XXXX>
    (`deliverychain.usertext.shown`, which every output shares)."""
    return shown(text, newline=newline, tab=tab)


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
