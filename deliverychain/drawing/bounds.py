"""How much one diagram may draw: boxes, lines, pages and pixels (`deliverychain.limits`).

Each check runs before the work it protects: the box and line counts of a view that will
not collapse before the audit and the layout, the pixels of a PNG before a pixel is drawn.
Going over is a RenderError (exit 2) that says what was asked for, the limit, and the ways
out: a smaller view, collapsing, another format, or `--limit` to raise it.
"""

from __future__ import annotations

import math

from deliverychain import limits
from deliverychain.drawing.errors import RenderError

#: The widest and tallest picture cairo draws, in pixels (its coordinates are 16-bit).
CAIRO_MAX_SIDE = 32_767
_SMALLER_VIEW = "draw part of the chain (--view, --tiers, --focus)"


def check_counts(boxes: int, lines: int) -> None:
    """A RenderError when a diagram would have more boxes or lines than the limits allow."""
    for name, found, what in (("actors", boxes, "boxes"), ("links", lines, "lines")):
        limit = limits.get(name)
        if found > limit:
            raise RenderError(
                f"the diagram would have {found:,} {what}, more than the limit of {limit:,}",
                f"{_SMALLER_VIEW}, let large chains collapse into groups (leave out --no-collapse), "
                f"or raise the limit with {limits.how_to_raise(name, found)}")


def check_pages(pages: int) -> None:
    limit = limits.get("pages")
    if pages > limit:
        raise RenderError(
            f"the board drawing needs more than {limit:,} pages to print at a readable size",
            f"{_SMALLER_VIEW}, write one large page (--page none), "
            f"or raise the limit with {limits.how_to_raise('pages')}")


def check_png(width_pt: float, height_pt: float, dpi: int, max_side: int | None = None) -> None:
    """A RenderError when a PNG of a drawing `width_pt` x `height_pt` points at `dpi` would be
    larger than the pixel limit, or than `max_side` pixels on a side."""
    width, height = width_pt / 72 * dpi, height_pt / 72 * dpi
    megapixels = width * height / 1e6
    limit = limits.get("megapixels")
    size = f"{math.ceil(width):,} x {math.ceil(height):,} pixels"
    if megapixels > limit:
        fits = int(dpi * math.sqrt(limit / megapixels))
        lower = f"lower --dpi (at most {fits} fits), " if fits >= 10 else ""
        raise RenderError(
            f"a PNG of this drawing at {dpi} dpi would be {size} ({megapixels:,.1f} megapixels), "
            f"more than the limit of {limit:,} megapixels",
            f"{lower}write SVG or PDF, {_SMALLER_VIEW}, "
            f"or raise the limit with {limits.how_to_raise('megapixels', math.ceil(megapixels))}")
    if max_side is not None and max(width, height) > max_side:
        fits = int(dpi * max_side / max(width, height))
        lower = f"lower --dpi (at most {fits} fits), " if fits >= 10 else ""
        raise RenderError(
            f"a PNG of this drawing at {dpi} dpi would be {size}: the detail style's PNG is drawn "
            f"by cairo, which draws at most {max_side:,} pixels on a side",
            f"{lower}write SVG or PDF, use the board style (--style board), or {_SMALLER_VIEW}")
