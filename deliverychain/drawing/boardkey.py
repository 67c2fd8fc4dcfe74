"""The board's text beside the drawing: the findings panel, the key and the title block.

The panel gives each numbered finding one sentence (a `describe` function, or the first
clause of the message); the key lists only what the drawing uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from deliverychain.drawing import canvas as cv
from deliverychain.drawing.boardshapes import (
    CALLOUT_R,
    CHARACTER,
    GHOST,
    MUTED,
    PLAIN,
    SEVERITY,
    STRENGTH,
    STRENGTH_WORDS,
    TEXT,
    callout,
    glyph,
    sideways_arrow,
)
from deliverychain.drawing.boardview import Numbers
from deliverychain.drawing.escape import clean_text
from deliverychain.drawing.scene import Scene
from deliverychain.drawing.textsize import wrap_to_width
from deliverychain.findings import Finding, Severity

# --- the page around it -------------------------------------------------------------------

@dataclass
class Column:
    shapes: list[cv.Shape]
    width: float
    height: float


def panel(shown: list[tuple[int, Finding]], numbers: Numbers, width: float, notes: list[str]) -> Column:
    shapes: list[cv.Shape] = []
    size, leading = 8.0, 9.8
    y = 10.0
    shapes.append(cv.Text(0, y, "What the audit found", 10, bold=True))
    y += 6
    if not shown:
        y += leading
        shapes.append(cv.Text(0, y, "Nothing at this level on this page.", size, fill=MUTED))
    for n, finding in shown:
        lines = wrap_to_width(numbers.describe(finding), width - 20, size)
        y += 4 + CALLOUT_R
        severity = str(Severity(finding.severity).value)
        group = cv.Group(callout(n, severity, CALLOUT_R, y), attrs={"data-finding": str(n), "class": "panel-item"})
        baseline = y + size * 0.36
        for k, text in enumerate(lines):
            group.add(cv.Text(20, baseline + k * leading, text, size, fill=TEXT))
        shapes.append(group)
        y = baseline + (len(lines) - 1) * leading + 3
    for note in notes:
        for text in wrap_to_width(note, width, 7.5):
            y += 10
            shapes.append(cv.Text(0, y, text, 7.5, fill=MUTED))
    return Column(shapes, width, y + 4)


_ROW = 10.0


def key(used: dict[str, bool], width: float) -> Column:
    shapes: list[cv.Shape] = []
    y = 10.0
    shapes.append(cv.Text(0, y, "Key", 10, bold=True))
    y += 4
    sample = 30.0

    def row(text: str, draw: Callable[[float], list[cv.Shape]]) -> None:
        nonlocal y
        y += _ROW
        shapes.extend(draw(y - 3))
        shapes.append(cv.Text(sample + 8, y, text, 7.5, fill=TEXT))

    def line_sample(width_: float, dash: tuple[float, ...], colour: str,
                    opacity: float = 1.0) -> Callable[[float], list[cv.Shape]]:
        return lambda yy: [cv.Path([("M", 0, yy), ("L", sample, yy)], cv.Style(stroke=colour, width=width_, dash=dash,
                                                                               opacity=opacity))]

    def heading(text: str) -> None:
        nonlocal y
        y += _ROW + 1.5
        shapes.append(cv.Text(0, y, text, 7.5, bold=True, fill=MUTED))

    heading("Line weight: how strong the link is")
    for strength in ("strong", "adequate", "weak", "broken", "unknown", "missing"):
        if used.get(f"strength:{strength}") or (strength == "missing" and used.get("strength:planned")):
            w, dash, opacity = STRENGTH[strength]
            row(STRENGTH_WORDS[strength], line_sample(w, dash, GHOST if strength == "missing" else PLAIN, opacity))
    heading("Colour and mark: the relationship")
    for character, colour in CHARACTER.items():
        if used.get(f"character:{character}"):
            row(character, lambda yy, c=character, col=colour: [
                *line_sample(1.6, (), col)(yy), *glyph(c, sample / 2, yy, col)])
    if used.get("character:none"):
        row("not stated", line_sample(1.6, (), PLAIN))
    heading("Arrowheads: which way")
    arrows = (("arrow:steer", "steers: mandate, money, support...", False, False),
              ("arrow:inform", "informs: reporting, feedback, voice", True, False),
              ("arrow:mutual", "peer learning, both ways", False, True))
    for flag, text, hollow, both in arrows:
        if used.get(flag):
            def draw(yy: float, hollow: bool = hollow, both: bool = both) -> list[cv.Shape]:
                out: list[cv.Shape] = [cv.Path([("M", 4 if both else 0, yy), ("L", sample - 5, yy)],
                                               cv.Style(stroke=PLAIN, width=1.2))]
                out.append(sideways_arrow(sample, yy, PLAIN, hollow, right=True))
                if both:
                    out.append(sideways_arrow(0, yy, PLAIN, hollow, right=False))
                return out
            row(text, draw)
    if used.get("bundle"):
        row("links between two actors, side by side", lambda yy: [
            cv.Path([("M", 0, yy - 2), ("L", sample, yy - 2)], cv.Style(stroke=PLAIN, width=1.2)),
            cv.Path([("M", 0, yy + 2), ("L", sample, yy + 2)], cv.Style(stroke=PLAIN, width=1.2))])
    if used.get("group"):
        row("similar actors drawn as one box", lambda yy: [
            cv.Rect(2.5, yy - 7.5, sample - 4, 11, cv.Style(fill="#FFFFFF", stroke="#333333", width=0.8), radius=3),
            cv.Rect(0, yy - 5, sample - 4, 11, cv.Style(fill="#FFFFFF", stroke="#333333", width=1.0), radius=3)])
    if used.get("lane"):
        row("side lane: links that skip tiers", lambda yy: [
            cv.Rect(0, yy - 6, sample, 12, cv.Style(fill="#FFFFFF", stroke="#BDBDBD", width=0.8, dash=(3, 2)),
                    radius=3)])
    finding_rows = [(f"severity:{s}", s) for s in ("error", "warning", "info")]
    if any(used.get(flag) for flag, _ in finding_rows) or used.get("halo") or used.get("ghost"):
        heading("Findings (numbered as in the list)")
        words = {"error": "error: fix first", "warning": "warning", "info": "for information"}
        for flag, severity in finding_rows:
            if used.get(flag):
                row(words[severity], lambda yy, s=severity: callout(1, s, sample / 2, yy))
        if used.get("halo"):
            row("link or loop a finding is about", lambda yy: [
                cv.Path([("M", 2, yy), ("L", sample - 2, yy)], cv.Style(stroke=SEVERITY["error"], width=8, opacity=0.3,
                                                                      round_caps=True)),
                cv.Path([("M", 0, yy), ("L", sample, yy)], cv.Style(stroke=PLAIN, width=1.2))])
        if used.get("ghost"):
            row("missing link the audit asks for", line_sample(1.2, STRENGTH["missing"][1], GHOST))
    return Column(shapes, width, y + 6)


def header(scene: Scene, width: float, headline: str, subtitle: str) -> Column:
    shapes: list[cv.Shape] = []
    y = 0.0
    for text in wrap_to_width(clean_text(scene.title), width, 14, bold=True):
        y += 16
        shapes.append(cv.Text(0, y, text, 14, bold=True))
    intent = wrap_to_width(clean_text(scene.caption), width, 8.5)
    for text in intent[:3]:
        y += 11
        shapes.append(cv.Text(0, y, text, 8.5, fill=MUTED))
    for text in ([subtitle] if subtitle else []) + ([headline] if headline else []):
        for part in wrap_to_width(text, width, 8.5, bold=True):
            y += 11.5
            shapes.append(cv.Text(0, y, part, 8.5, bold=True))
    return Column(shapes, width, y + 10)
