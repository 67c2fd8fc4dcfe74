"""The look of a diagram as data: palette, line weights, fonts.

Colours come from the Okabe-Ito palette, which stays distinguishable under the common
forms of colour blindness; meaning never rests on colour alone (line weight and pattern
carry strength, arrowheads carry direction, badges carry text).

Override any field with `dataclasses.replace(DEFAULT_THEME, ...)` or pass a dict of
overrides to `render(..., theme={...})`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Okabe-Ito colours by name.
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
BLACK = "#000000"


@dataclass(frozen=True)
class LineStyle:
    """How a link of one strength is drawn."""

    penwidth: float
    style: str = "solid"  # a Graphviz edge style: solid, dashed, dotted
    #: Two hex digits of opacity added to the colour ("" for opaque).
    alpha: str = ""
    #: Draw in the theme's ghost colour whatever the character.
    ghost: bool = False
    #: What the legend says about it.
    meaning: str = ""


def _strengths() -> dict[str, LineStyle]:
    return {
        "strong": LineStyle(3.6, meaning="strong"),
        "adequate": LineStyle(2.0, meaning="adequate"),
        "weak": LineStyle(0.8, meaning="weak"),
        "broken": LineStyle(1.8, "dotted", meaning="broken"),
        "unknown": LineStyle(1.4, alpha="80", meaning="not assessed"),
        "planned": LineStyle(1.4, "dashed", ghost=True, meaning="planned"),
        "missing": LineStyle(1.4, "dashed", ghost=True, meaning="missing"),
    }


def _characters() -> dict[str, str]:
    return {
        "supportive": BLUISH_GREEN,
        "collaborative": BLUE,
        "directive": ORANGE,
        "punitive": VERMILLION,
    }


@dataclass(frozen=True)
class SeverityStyle:
    """How an actor or link with findings of one severity is marked."""

    #: Border of a flagged box; halo around a flagged line.
    line: str
    #: Badge text (darker than `line`, so that it reads on white).
    text: str
    #: Fill of a flagged box.
    tint: str


def _severities() -> dict[str, SeverityStyle]:
    return {
        "error": SeverityStyle(VERMILLION, "#A63F00", "#FBE3D6"),
        "warning": SeverityStyle(ORANGE, "#8A5A00", "#FDF0D5"),
        "info": SeverityStyle(SKY_BLUE, "#005A8C", "#E3F2FB"),
    }


@dataclass(frozen=True)
class Theme:
    #: A family that both a system Graphviz (via fontconfig: Liberation Sans or Arial) and
    #: the WebAssembly build (built-in Arial/Helvetica metrics) measure the same way.
    font: str = "Helvetica"
    #: Box labels are laid out in bold (so the bold name fits); the finisher sets the
    #: smaller lines (kind, badges) back to regular weight.
    box_font: str = "Helvetica-Bold"
    title_size: float = 20.0
    caption_size: float = 12.0
    name_size: float = 12.0
    kind_size: float = 9.5
    edge_size: float = 9.0
    carries_size: float = 8.5
    tier_size: float = 10.0
    legend_size: float = 9.0
    #: Wrap lengths in characters (Graphviz never wraps by itself).
    name_wrap: int = 22
    text_colour: str = "#1A1A1A"
    muted_colour: str = "#5C5C5C"
    node_border: str = "#333333"
    node_fill: str = "#FFFFFF"
    group_fill: str = "#F7F7F7"
    tier_fill: str = "#EFEFEF"
    tier_label_colour: str = "#4D4D4D"
    #: Links with no character stated.
    plain_colour: str = "#4D4D4D"
    ghost_colour: str = "#8C8C8C"
    #: Edges on a loop or route that a finding traces.
    trace_colour: str = REDDISH_PURPLE
    characters: Mapping[str, str] = field(default_factory=_characters)
    strengths: Mapping[str, LineStyle] = field(default_factory=_strengths)
    #: How findings are marked, by severity.
    severities: Mapping[str, SeverityStyle] = field(default_factory=_severities)
    #: Extra width of the translucent halo drawn under flagged and traced lines (points).
    halo_width: float = 7.0
    halo_opacity: float = 0.35
    #: Space around the drawing and inside boxes, in inches. Generous on purpose: the
    #: WebAssembly Graphviz estimates text widths without the system's fonts.
    pad: float = 0.4
    node_margin: tuple[float, float] = (0.2, 0.08)
    nodesep: float = 0.35
    ranksep: float = 0.55

    def line(self, strength: str) -> LineStyle:
        return self.strengths.get(strength, self.strengths["unknown"])

    def colour(self, character: str | None) -> str:
        return self.characters.get(character or "", self.plain_colour)

    def severity(self, severity: str) -> SeverityStyle:
        return self.severities.get(severity, self.severities["info"])


DEFAULT_THEME = Theme()


def make_theme(theme: Theme | Mapping[str, Any] | None) -> Theme:
    """A Theme from a Theme, a dict of field overrides, or None (the default)."""
    if theme is None:
        return DEFAULT_THEME
    if isinstance(theme, Theme):
        return theme
    names = {f.name for f in dataclasses.fields(Theme)}
    unknown = sorted(set(theme) - names)
    if unknown:
        raise ValueError(f"unknown theme setting(s): {', '.join(unknown)}; known: {', '.join(sorted(names))}")
    return dataclasses.replace(DEFAULT_THEME, **dict(theme))
