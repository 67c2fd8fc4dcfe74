"""Rough text widths in Helvetica/Arial, for laying out the title and the key.

Graphviz measures its own labels; this is only for the text this package places itself.
It errs wide (a few per cent) so that text never runs past what is reserved for it.
"""

from __future__ import annotations

# Advance widths in em (Arial metrics, rounded up); anything else counts as 0.6 em.
_NARROW = dict.fromkeys("ijlI|.,:;'!` ", 0.29)
_SEMI = dict.fromkeys("ftr()[]{}-/\\\"*", 0.36)
_WIDE = dict.fromkeys("mwMW@%", 0.9)
_CAPS = dict.fromkeys("ABCDEFGHJKLNOPQRSTUVXYZ&", 0.7)
_WIDTHS = {**_CAPS, **_SEMI, **_NARROW, **_WIDE}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of `text` set at `size` points."""
    em = sum(_WIDTHS.get(ch, 0.6 if ch.isascii() else 0.75) for ch in text)
    return em * size * (1.08 if bold else 1.0)


def wrap_to_width(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap so each line fits `width` points (a single long word stays whole)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        if line:
            lines.append(line)
    return lines
