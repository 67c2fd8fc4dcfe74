"""User text made safe to show, in one place: every output that shows a name passes it here.

Names, notes and titles come from chain files, which anyone may write, and file names come
from the command line. Legal Unicode can still break an output or mislead its reader:

- a right-to-left override (U+202E) makes a line read differently from what it says
  ("Trojan Source"); a terminal escape recolours or rewrites a terminal;
- zero-width characters (U+200B), tag characters (U+E0000-U+E007F) and other
  default-ignorable code points draw nothing, so 'NHS England' and 'NHS\u200bEngland'
  would look the same;
- noncharacters (U+FDD0-U+FDEF, U+FFFE, U+FFFF and the last two of every plane) and
  unpaired surrogates are not allowed in XML (an SVG with one does not open) and make
  cairo refuse the whole string.

All of these are *shown*, as `<U+200B>`, rather than removed: removing them would make two
different names look identical, which is the very thing to prevent. Joiners (U+200C, U+200D)
and variation selectors are kept where they do a job, between or after letters of other
scripts (Persian, Hindi, emoji sequences); between ASCII letters they are shown too. A
label longer than its limit is cut, with an ellipsis, so no name can make a box wider
than a page (see `deliverychain.limits`).

What this cannot do: two names written in different scripts that look alike (Latin 'a',
Cyrillic 'а') stay alike; they are different letters, and both are shown as written.

This module imports nothing from deliverychain, so every layer can use it.
"""

from __future__ import annotations

import re
import unicodedata

#: Controls, format characters (bidi overrides, zero-width, tags), line and paragraph
#: separators, surrogates: shown wherever they are.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
#: Zero-width non-joiner and joiner: they shape scripts and emoji.
_JOINERS = frozenset("\u200c\u200d")
#: Default-ignorable code points that Unicode puts in visible-looking categories (letters,
#: marks): they draw nothing. From DerivedCoreProperties.txt (Default_Ignorable_Code_Point),
#: Unicode 15.1; the Cf ones among them are caught by category.
_INVISIBLE_LETTERS = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0]")
_VARIATION_SELECTOR = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
#: What a cut label ends with.
ELLIPSIS = "\u2026"
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")


def is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def _kept_in_context(text: str, i: int) -> bool:
    """A joiner between two non-ASCII characters, or a variation selector after one, has a job."""
    char = text[i]
    before = text[i - 1] if i > 0 else ""
    if char in _JOINERS:
        after = text[i + 1] if i + 1 < len(text) else ""
        return before > "\x7f" and after > "\x7f" and not is_hidden(before) and not is_hidden(after)
    if _VARIATION_SELECTOR.match(char):
        return before > "\x7f" and not is_hidden(before)
    return False


def is_hidden(char: str) -> bool:
    """Whether `char` draws nothing, changes how other text draws, or breaks an output."""
    return (unicodedata.category(char) in _HIDDEN_CATEGORIES or is_noncharacter(char)
            or bool(_INVISIBLE_LETTERS.match(char)) or bool(_VARIATION_SELECTOR.match(char))
            or char in _JOINERS)


def codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def _plain(text: str) -> bool:
    """True when nothing in `text` needs showing (the common case, checked fast)."""
    return text.isprintable() and not _INVISIBLE_LETTERS.search(text) and not _VARIATION_SELECTOR.search(text)


def _contextual(char: str) -> bool:
    return char in _JOINERS or bool(_VARIATION_SELECTOR.match(char))


def _mark(char: str) -> str:
    return f"<{codepoint(char)}>"


def hidden_in(text: str) -> list[str]:
    """The distinct characters of `text` that `shown` marks somewhere (newline and tab
    excluded), in code point order."""
    if _plain(text):
        return []
    found = []
    for char in set(text):
        if char in "\n\t" or not is_hidden(char):
            continue
        if _contextual(char) and all(_kept_in_context(text, m.start()) for m in re.finditer(re.escape(char), text)):
            continue
        found.append(char)
    return sorted(found)


def shown(text: str, newline: str = "\n", tab: str = " ", limit: int | None = None) -> str:
    """`text` as every output shows it: line breaks as `newline`, tabs as `tab`, hidden
    characters as `<U+XXXX>`, and at most `limit` characters (a cut ends with an ellipsis
    and never splits a `<U+XXXX>`).

    Only the first `limit` characters are looked at, so a 100 MB name costs no more than a
    short one; otherwise the work is a few passes in C over the text, whatever its length."""
    cut = limit is not None and len(text) > limit
    if cut:
        text = text[: limit + 1]  # one more than fits: enough to know that it is cut
    if not _plain(text):
        text = _LINE_BREAK.sub(newline, text).replace("\t", tab)
        hidden = [c for c in set(text) if c not in "\n\t" and is_hidden(c)]
        contextual = "".join(c for c in hidden if _contextual(c))
        if contextual:
            text = re.sub(f"[{re.escape(contextual)}]",
                          lambda m: m.group() if _kept_in_context(m.string, m.start()) else _mark(m.group()), text)
        text = text.translate({ord(c): _mark(c) for c in hidden if not _contextual(c)})
    if limit is not None and (cut or len(text) > limit):
        head = text[: limit - 1]
        opened = head.rfind("<U+")
        if opened != -1 and ">" not in head[opened:]:
            head = head[:opened]  # a mark that does not fit goes whole
        return head.rstrip() + ELLIPSIS
    return text


def for_terminal(text: str) -> str:
    """`text` as one line of terminal output: line breaks shown as `\\n` and `\\r`, tabs as
    `\\t`, other hidden characters as `<U+XXXX>`."""
    return shown(text.replace("\r", "\\r").replace("\n", "\\n"), tab="\\t")


def shown_name(name: str) -> str:
    """A file name for a line of terminal output: `for_terminal`, and never the start of a
    GitHub Actions workflow command.

    The runner reads any line of a job's log that starts with `::` as a command
    (`::warning::`, `::add-mask::`), so a file named "x\\n::warning::y" or "::error::y" could
    post an annotation or hide text from the log. Line breaks are shown as `\\n`, and a name
    that starts with ':' is written './:...', which names the same file.
    """
    text = for_terminal(name)
    return "./" + text if text.startswith(":") else text
