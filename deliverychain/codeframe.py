"""A few lines of the file around a location, with a caret under the spot."""

from __future__ import annotations

from deliverychain.findings import Location

_MAX_WIDTH = 160


def code_frame(lines: list[str], location: Location, context: int = 1) -> str:
    if not lines or location.line < 1 or location.line > len(lines):
        return ""
    first = max(1, location.line - context)
    last = min(len(lines), location.line)
    width = len(str(last))
    out = []
    for number in range(first, last + 1):
        marker = ">" if number == location.line else " "
        text = _printable(lines[number - 1])
        out.append(f"  {marker} {number:>{width}} | {text}")
    line_text = lines[location.line - 1]
    column = max(1, min(location.column, len(line_text) + 1))
    if location.end_line == location.line and location.end_column and location.end_column > column:
        length = location.end_column - column
    else:
        length = max(1, len(line_text[column - 1 :].split(" ", 1)[0].rstrip(":")))
    length = max(1, min(length, _MAX_WIDTH - column))
    pad = _printable(line_text[: column - 1])
    out.append(f"    {' ' * width} | {' ' * len(pad)}{'^' * length}")
    return "\n".join(out)


def _printable(text: str) -> str:
    """Tabs and control characters shown safely; long lines cut."""
    cleaned = "".join(c if c.isprintable() else ("→" if c == "\t" else "?") for c in text)
    return cleaned if len(cleaned) <= _MAX_WIDTH else cleaned[: _MAX_WIDTH - 1] + "…"
