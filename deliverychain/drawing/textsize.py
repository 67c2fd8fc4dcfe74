"""Text measured with the real metrics of the font the package ships (Liberation Sans).

The board style is laid out, drawn and embedded in this one font (deliverychain/fonts/,
SIL Open Font License), so a name measured to fit its box fits it in the SVG, the PDF and
the PNG on every machine: nothing depends on which fonts a computer has installed. The
widths come from the font's own tables, read by reportlab (which also embeds the font in
the PDF).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

#: The family name written into SVG (`font-family`), with generic fallbacks after it.
FAMILY = "Liberation Sans"
SVG_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif"
#: Names the PDF writer registers the two faces under.
PDF_REGULAR, PDF_BOLD = "DeliverychainSans", "DeliverychainSans-Bold"
_FILES = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}
#: Ascent and descent of Liberation Sans in em, as its PDF font descriptor gives them: the
#: box a PDF reader draws around each letter, which no two texts may share.
ASCENT, DESCENT = 0.728, 0.211


def font_path(bold: bool = False) -> Path:
    return Path(str(resources.files("deliverychain") / "fonts" / _FILES[bold]))


@cache
def face(bold: bool = False) -> Any:
    """The reportlab TrueType font for one face (loaded once per process, about 15 ms)."""
    from reportlab.pdfbase.ttfonts import TTFont

    return TTFont(PDF_BOLD if bold else PDF_REGULAR, str(font_path(bold)))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of `text` set at `size` points in Liberation Sans."""
    width: float = face(bold).stringWidth(text, size)
    return width


def wrap_to_width(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap so each line fits `width` points. A word up to twice as wide stays
    whole; a wider one (a URL, a name without spaces) is broken, so no box outgrows a page."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in _broken_words(paragraph.split(), width, size, bold):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        if line:
            lines.append(line)
    return lines


def _broken_words(words: list[str], width: float, size: float, bold: bool) -> list[str]:
    out: list[str] = []
    for word in words:
        if text_width(word, size, bold) <= 2 * width:
            out.append(word)
            continue
        piece = ""
        for char in word:
            if piece and text_width(piece + char, size, bold) > width:
                out.append(piece)
                piece = ""
            piece += char
        out.append(piece)
    return out
