"""The spreadsheet format: which sheets hold which block of a chain, and their columns.

Column names are the chain format's field names; headings are matched without regard to
case, spaces or hyphens ('Local presence' is `local_presence`), and the names Kumu's
import uses are aliases (`Label`, `Type`, `Description`; sheets `Elements` and
`Connections`), as are Gephi's `Source` and `Target`. tests/test_sheets.py checks this
table against the model, so a field added there cannot be forgotten here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    """How a column's cells become values."""

    TEXT = "text"  # as written
    ID = "id"  # an id or a term: surrounding spaces dropped
    LIST = "list"  # comma-separated (or '|'-separated, as Kumu writes) ids or terms
    IDS = "ids"  # one id, or several comma-separated ones (a list only when there are several)
    DATE = "date"  # a date cell, or text YYYY-MM-DD
    BOOL = "bool"  # TRUE/FALSE
    INT = "int"  # a whole number
    LINK = "link"  # which link a row of Assessments or Targets belongs to


@dataclass(frozen=True)
class Column:
    field: str
    kind: Kind = Kind.TEXT
    required: bool = False
    #: The vocabulary of the column's terms (a class in deliverychain.vocab), for drop-downs;
    #: 'Tier' means the chain's own tiers.
    vocabulary: str | None = None
    #: Whether a cell may hold several terms of the vocabulary.
    several: bool = False


@dataclass(frozen=True)
class SheetLayout:
    #: The block of the chain format ('links'); for Assessments and Targets, the list under a link.
    key: str
    #: The sheet's name in a workbook; in a CSV folder the file is its lower-case name + '.csv'.
    name: str
    columns: tuple[Column, ...]
    #: Other headings accepted for a field (normalised, see `heading_key`).
    aliases: dict[str, str] = field(default_factory=dict)
    #: Other names accepted for the sheet (normalised).
    sheet_aliases: tuple[str, ...] = ()
    required: bool = False
    #: The Chain sheet holds one row; the others one row per item.
    single_row: bool = False
    #: Rows of Assessments and Targets belong to a link, named in their `link` column.
    parent: str | None = None
    #: Columns named 'meta.<key>' hold the item's own data (`meta:` in a chain file).
    meta: bool = False

    @property
    def file_name(self) -> str:
        return self.name.lower() + ".csv"

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)


def _id(name: str, required: bool = False) -> Column:
    return Column(name, Kind.ID, required)


def _term(name: str, vocabulary: str, required: bool = False) -> Column:
    return Column(name, Kind.ID, required, vocabulary)


def _terms(name: str, vocabulary: str | None = None) -> Column:
    return Column(name, Kind.LIST, vocabulary=vocabulary, several=vocabulary is not None)


def _text(name: str, required: bool = False) -> Column:
    return Column(name, Kind.TEXT, required)


_KUMU_ELEMENT = {"label": "name", "type": "kind", "description": "note"}
_KUMU_CONNECTION = {"type": "kind", "description": "note", "source": "from", "target": "to"}

SHEETS: tuple[SheetLayout, ...] = (
    SheetLayout("chain", "Chain", (
        _id("id", True), _text("title", True), _text("intent", True), Column("owner", Kind.IDS, True),
        _id("lead"), _id("joint_arrangement"), _terms("breakdowns"), _id("stale_after"),
        _text("version"), Column("published", Kind.DATE), Column("review_by", Kind.DATE),
        _text("description"), _terms("tiers"),
    ), required=True, single_row=True),
    SheetLayout("sources", "Sources", (
        _id("id", True), _text("title", True), _text("url"), _text("publisher"), Column("date", Kind.DATE),
        _text("note"),
    )),
    SheetLayout("actors", "Actors", (
        _id("id", True), _text("name", True), _term("tier", "Tier", True), _id("kind", True),
        _terms("roles", "Role"), _text("group"), Column("order", Kind.INT), Column("local_presence", Kind.BOOL),
        _term("capacity", "Capacity"), Column("headcount", Kind.INT), _terms("evidence"), _text("note"),
    ), aliases=_KUMU_ELEMENT, sheet_aliases=("elements",), required=True, meta=True),
    SheetLayout("links", "Links", (
        _id("from", True), _id("to", True), _term("kind", "LinkKind", True), _terms("carries", "Carry"),
        _term("strength", "Strength"), _term("character", "Character"), _terms("evidence"), _text("note"),
        _text("intended_gap"), _id("lag"), _terms("breakdowns"), _id("id"),
    ), aliases=_KUMU_CONNECTION, sheet_aliases=("connections",)),
    SheetLayout("assessments", "Assessments", (
        Column("link", Kind.LINK, True), _text("rater", True), _term("strength", "Strength", True),
        _term("character", "Character"), _terms("evidence"), Column("date", Kind.DATE), _text("note"),
    ), parent="links"),
    SheetLayout("targets", "Targets", (
        Column("link", Kind.LINK, True), _text("name", True), _term("basis", "TargetBasis"), _text("note"),
    ), parent="links"),
    SheetLayout("ignore", "Ignore", (_id("rule", True), _id("subject", True), _text("reason", True))),
    SheetLayout("views", "Views", (
        _id("id", True), _text("title"), _terms("tiers", "Tier"), _id("focus"), Column("depth", Kind.INT),
        _terms("kinds", "LinkKind"), Column("feedback_only", Kind.BOOL), Column("collapse", Kind.BOOL),
    )),
)

BY_KEY = {sheet.key: sheet for sheet in SHEETS}
#: Where each block comes in a chain file (assessments and targets come with their link).
BLOCK_ORDER = {key: rank for rank, key in enumerate(("chain", "sources", "actors", "links", "ignore", "views"))}
META_PREFIX = "meta."
#: Workbook sheets that hold nothing of the chain: those Kumu's import skips, and the lists
#: behind our own drop-downs.
LISTS_SHEET = "Lists"


def heading_key(text: str) -> str:
    """A heading as compared: 'Local presence ' -> 'local_presence'; 'Meta.Budget code' keeps its key's case."""
    text = text.strip()
    if text.lower().startswith(META_PREFIX):
        return META_PREFIX + text[len(META_PREFIX) :].strip()
    return re.sub(r"[\s\-]+", "_", text.lower())


def sheet_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


def layout_for_sheet(name: str) -> SheetLayout | None:
    """The layout a sheet's (or CSV file's) name stands for: 'Links', 'links', 'Connections', 'links.csv'."""
    key = sheet_key(name.removesuffix(".csv").removesuffix(".CSV"))
    for sheet in SHEETS:
        if key == sheet_key(sheet.name) or key in sheet.sheet_aliases:
            return sheet
    return None


_LIST_SEPARATOR = re.compile(r"\s*[,|]\s*")


def split_list(text: str) -> list[str]:
    """The items of a list cell: 'targets, metrics' or 'targets|metrics'."""
    if "," not in text and "|" not in text:
        return [text.strip()] if text.strip() else []
    return [item for item in _LIST_SEPARATOR.split(text.strip()) if item]
