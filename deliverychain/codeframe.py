"""A few lines of the file around a location, with a caret under the spot.

A line may be 100 MB long (a minified file, a generated one): every line is cut to the
frame's width before anything else is done with it, and a spot far along a long line is
shown with the text just before it, so the caret stays on the screen.
"""

from __future__ import annotations

from deliverychain.findings import Location

_MAX_WIDTH = 160


def code_frame(lines: list[str], location: Location, context: int = 1) -> str:
    if not lines or location.line < 1 or location.line > len(lines):
        return ""
    first = max(1, location.line - context)
    last = min(len(lines), location.line)
    width = len(str(last))
    line_text = lines[location.line - 1]
    column = max(1, min(location.column, len(line_text) + 1))
    # where the shown part of the lines starts: at 0, or half a frame before the spot
    start = 0 if column <= _MAX_WIDTH - 20 else column - 1 - _MAX_WIDTH // 2
    out = []
    for number in range(first, last + 1):
        marker = ">" if number == location.line else " "
        out.append(f"  {marker} {number:>{width}} | {_shown(lines[number - 1], start)}")
    if location.end_line == location.line and location.end_column and location.end_column > column:
        length = location.end_column - column
    else:
        length = max(1, len(line_text[column - 1 : column - 1 + _MAX_WIDTH].split(" ", 1)[0].rstrip(":")))
    offset = column - 1 - start + (1 if start else 0)  # the '…' before a cut beginning
    length = max(1, min(length, _MAX_WIDTH - offset))
    out.append(f"    {' ' * width} | {' ' * offset}{'^' * length}")
    return "\n".join(out)


def _shown(line: str, start: int) -> str:
    """The part of `line` a frame shows from `start`, with '…' where it is cut."""
    piece = _printable(line[start : start + _MAX_WIDTH])
    if len(line) > start + _MAX_WIDTH:
        piece = piece[: _MAX_WIDTH - 1] + "…"
    return ("…" if start else "") + piece


def _printable(text: str) -> str:
    """Tabs and control characters shown safely, one character for one."""
    return "".join(c if c.isprintable() else ("→" if c == "\t" else "?") for c in text)
