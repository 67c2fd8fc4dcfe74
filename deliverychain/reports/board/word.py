"""The report as a Word document, with real Word styles so a team can edit it into their own.

Headings are Word's Heading styles, tables use a table style and repeat their header row
on every page, and each page of the diagram is a picture (the board drawing as PDFium draws
it, with alt text) on a landscape page of its own.
A team's reference document (`--template house.docx`) lends its styles, page set-up,
headers and footers: its body is replaced by the report. The file is the same bytes on
every run: fixed document dates, and fixed times inside the zip.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deliverychain.reports.board.content import ESCALATED, BoardReport, Item, Section
from deliverychain.reports.board.errors import ReportError
from deliverychain.reports.board.rating import Rating
from deliverychain.rules.wording import count
from deliverychain.usertext import shown

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table

    from deliverychain.reports.board.diagram import DiagramPage

#: Rating colours (as in the HTML): a square of each beside the rating's name.
GREEN, AMBER, RED = "2E7D32", "F2A900", "C62828"
RATING_COLOURS = {Rating.GREEN: (GREEN,), Rating.AMBER_GREEN: (AMBER, GREEN), Rating.AMBER: (AMBER,),
                  Rating.AMBER_RED: (AMBER, RED), Rating.RED: (RED,)}
MUTED = "4D4D4D"
#: A page of the diagram: narrow margins (the picture carries the board page's own), and room
#: kept below the picture for its caption and, on the first, above it for the heading.
MARGINS = ("left_margin", "right_margin", "top_margin", "bottom_margin")
DIAGRAM_MARGIN_CM, CAPTION_CM, HEADING_CM = 0.8, 1.3, 1.5
#: The document's own dates: fixed, so that the same report is the same file.
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def check_reference(template: str | Path | None) -> None:
    """A Word reference document must be a .docx that Word (and python-docx) can open."""
    if template is None:
        return
    path = Path(template)
    if path.suffix.lower() != ".docx":
        raise ReportError(f"'{path}' is not a Word reference document",
                          "a Word report takes a .docx whose styles it uses; HTML and PDF reports take a "
                          "Jinja2 template (.html or .j2)")
    if not path.is_file():
        raise ReportError(f"reference document '{path}' does not exist", "check the path given to --template")


def render_docx(report: BoardReport, template: str | Path | None = None) -> bytes:
    from docx import Document as open_document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = open_document(str(template)) if template else open_document()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ReportError(f"cannot open '{template}' as a Word document: {error}",
                          "save the reference document from Word as .docx") from None
    writer = _Writer(document, fresh=template is None)
    writer.write(report)
    writer.fit_widths()
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every member's time fixed, in the same order: byte-identical on every run."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


class _Writer:
    def __init__(self, document: Document, fresh: bool) -> None:
        self.doc = document
        self.widths: list[tuple[Table, list[Any]]] = []
        if fresh:
            self._page_setup()
        else:
            self._clear_body()

    # --- set-up -------------------------------------------------------------------

    def _page_setup(self) -> None:
        """A4 portrait with 2 cm margins (python-docx's own template is US Letter)."""
        from docx.shared import Cm, Pt

        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))
        normal = self.doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10)

    def _clear_body(self) -> None:
        """Keep the reference document's styles and page set-up; drop its text."""
        from docx.oxml.ns import qn

        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)

    def _style(self, name: str, fallback: str = "Normal") -> str:
        names = {style.name for style in self.doc.styles}
        return name if name in names else fallback

    # --- the document ---------------------------------------------------------------

    def write(self, report: BoardReport) -> None:
        properties = self.doc.core_properties
        properties.title = shown(report.title, limit=255)  # Word's limit for a document property
        properties.subject = "Board paper annex: delivery chain review"
        properties.author = properties.last_modified_by = report.generator
        properties.created = properties.modified = properties.last_printed = FIXED_TIME
        properties.revision = 1
        properties.comments = ""
        self.doc.add_paragraph(report.title, style=self._style("Title", "Heading 1"))
        self._paragraph("Board paper annex: delivery chain review", style=self._style("Subtitle"))
        if report.several:
            self._comparison(report.sections)
            for section in report.sections:
                self.doc.add_heading(f"{section.number}. {section.title}", level=1)
                self._section(section, level=2)
        elif report.sections:
            self._section(report.sections[0], level=1)
        self._paragraph(f"Made with chain report ({report.generator}).", size=8, colour=MUTED)

    def _comparison(self, sections: Sequence[Section]) -> None:
        self.doc.add_heading("The chains compared", level=1)
        table = self._table(["Chain", "Delivery confidence (design)", "Actors", "Links", "Major", "Significant",
                             "Most serious finding"], [4.2, 2.6, 1.4, 1.4, 1.3, 1.7, 4.4])
        for s in sections:
            self._row(table, [s.title, s.rating.value, f"{s.actors:,}", f"{s.links:,}", str(s.counts["Major"]),
                              str(s.counts["Significant"]), s.top.plain.headline if s.top else "None"])

    def _section(self, s: Section, level: int) -> None:
        self._paragraph(_meta(s), colour=MUTED)
        self.doc.add_heading(f"Delivery confidence in the chain's design: {s.rating.value}", level=level)
        rating = self.doc.add_paragraph()
        for colour in RATING_COLOURS[s.rating]:
            swatch = rating.add_run("■")
            _colour(swatch, colour)
            _size(swatch, 16)
        rating.add_run(" ")
        name = rating.add_run(s.rating.value)
        name.bold = True
        _size(name, 16)
        scale = rating.add_run("   (scale: " + ", ".join(r.value for r in Rating) + ")")
        _colour(scale, MUTED)
        _size(scale, 8)
        self._paragraph(s.confidence.meaning)
        self._paragraph(f"{s.rating.value}, because {s.confidence.reason}."
                        + (" It rests mainly on:" if s.drivers else ""))
        for item in s.drivers:
            self._paragraph(f"{item.number}. {item.plain.headline}", style=self._style("List Bullet"))
        self._paragraph(f"This is deliverychain's assessment of the design of the chain as written down in {s.file}, "
                        "on the five-point scale of the Infrastructure and Projects Authority's delivery confidence "
                        "assessments, by the rule published in its documentation. It is not an assessment of "
                        "delivery itself, or of any organisation.", size=8, colour=MUTED)
        self.doc.add_heading("Summary", level=level)
        self._paragraph(s.summary)
        self._findings(s, level)
        self._diagram(s, level)
        if s.notes:
            self.doc.add_heading("Notes", level=level)
            self._paragraph("Points worth knowing that do not count against the rating.")
            for item in s.notes:
                self._paragraph(f"{item.plain.headline}. {item.plain.detail}", style=self._style("List Bullet"))
        if s.accepted or s.gaps:
            self.doc.add_heading("Decisions recorded in the chain", level=level)
        if s.accepted:
            self.doc.add_heading("Accepted findings", level=level + 1)
            table = self._table(["What was found", "Why it is accepted"], [7.5, 9.5])
            for item in s.accepted:
                self._row(table, [item.plain.headline, item.reason])
        if s.gaps:
            self.doc.add_heading("Intended gaps", level=level + 1)
            table = self._table(["Link", "State", "Why it is left out"], [6.5, 2.5, 8])
            for gap in s.gaps:
                self._row(table, [gap.link[:1].upper() + gap.link[1:], gap.state, gap.reason])
        self._evidence(s, level)
        self.doc.add_heading("About this assessment", level=level)
        self._paragraph(f"{s.rules_checked} checks drawn from the delivery-chain literature were run on the chain "
                        f"file {s.file}. A finding is major when it is an error, or a weakness on which at least "
                        "half of the front line depends; the rating counts major and significant findings by area "
                        "(reaching the front line, learning from it, and the relationships along the chain). "
                        "Notes, accepted findings and intended gaps do not lower it. The audit checks the chain as "
                        "written down, not whether the file is a true picture.", size=8, colour=MUTED)

    def _findings(self, s: Section, level: int) -> None:
        self.doc.add_heading("Findings", level=level)
        if not s.findings:
            self._paragraph("The audit found no major or significant issue in this chain's design.")
            return
        self._paragraph(f"{count(s.counts['Major'], 'major issue')} and "
                        f"{count(s.counts['Significant'], 'significant issue')}, most serious first. The "
                        "numbers match the markers on the diagram.")
        table = self._table(["No.", "Finding", "Why it matters", "What to do"], [1.1, 7.4, 4.3, 4.2])
        for item in s.findings:
            cells = table.add_row().cells
            self._finding_cell(cells[1], item)
            for cell, text in zip(cells, [str(item.number), "", item.plain.why, item.plain.action], strict=True):
                if text:
                    cell.paragraphs[0].add_run(text)
            cells[0].paragraphs[0].runs[0].bold = True

    def _finding_cell(self, cell: Any, item: Item) -> None:
        title = cell.paragraphs[0]
        headline = title.add_run(item.plain.headline)
        headline.bold = True
        severity = title.add_run(f"  {item.severity}")
        _size(severity, 8)
        _colour(severity, "A4161A" if item.severity_class == "error" else "8A4B00")
        cell.add_paragraph(item.plain.detail)
        if item.escalated:
            note = cell.add_paragraph().add_run(ESCALATED)
            note.bold = True
        if item.plain.about:
            who = cell.add_paragraph()
            who.add_run("Who: ").bold = True
            who.add_run(item.plain.about)
        rule = cell.add_paragraph()
        small = rule.add_run(f"For the analyst: rule {item.rule} (chain explain {item.finding.rule_id})")
        _size(small, 7.5)
        _colour(small, MUTED)

    def _diagram(self, s: Section, level: int) -> None:
        """Each page of the diagram as a picture on a page of its own, turned as it is drawn; then back to portrait."""
        from docx.enum.section import WD_ORIENT, WD_SECTION
        from docx.shared import Cm

        from deliverychain.reports.board.diagram import pictures

        # The numbers, not the section: python-docx's last section is whichever section comes last.
        last = self.doc.sections[-1]
        width, height = last.page_width, last.page_height
        margins = {side: getattr(last, side) for side in MARGINS}
        heading = "The chain" + (", with the findings numbered" if s.findings else "")
        total = len(s.diagram.pages)
        for n, (page, png) in enumerate(zip(s.diagram.pages, pictures(s.diagram), strict=True), start=1):
            turned = self.doc.add_section(WD_SECTION.NEW_PAGE)
            if page.orientation == "landscape":
                turned.orientation = WD_ORIENT.LANDSCAPE
                turned.page_width, turned.page_height = height, width
            else:
                turned.orientation = WD_ORIENT.PORTRAIT
                turned.page_width, turned.page_height = width, height
            for side in MARGINS:  # the picture is a whole page, its own white margin drawn in
                setattr(turned, side, Cm(DIAGRAM_MARGIN_CM))
            if n == 1:
                self.doc.add_heading(heading, level=level)
            width_cm = (turned.page_width - turned.left_margin - turned.right_margin) / 360000
            reserved = CAPTION_CM + (HEADING_CM if n == 1 else 0.0)
            height_cm = (turned.page_height - turned.top_margin - turned.bottom_margin) / 360000 - reserved
            w, h = page.size
            scale = min(width_cm / (w or 1), height_cm / (h or 1))
            self.doc.add_picture(io.BytesIO(png), width=Cm(w * scale))
            inline = self.doc.inline_shapes[-1]._inline
            inline.docPr.set("descr", page.alt)
            inline.docPr.set("title", f"Diagram: {s.title}" + (f", page {n} of {total}" if total > 1 else ""))
            self._paragraph(_caption(s, page, n, total), style=self._style("Caption"), size=8)
        back = self.doc.add_section(WD_SECTION.NEW_PAGE)
        back.orientation = WD_ORIENT.PORTRAIT
        back.page_width, back.page_height = width, height
        for side, value in margins.items():
            setattr(back, side, value)

    def _evidence(self, s: Section, level: int) -> None:
        evidence = s.evidence
        self.doc.add_heading("Evidence", level=level)
        text = f"{count(evidence.rated, 'link')} rated strong, adequate, weak or broken; "
        text += (f"{evidence.unevidenced:,} of them rest on no cited source." if evidence.unevidenced
                 else "every rating cites a source.")
        if evidence.unassessed:
            text += f" {count(evidence.unassessed, 'link')} not yet assessed."
        self._paragraph(text)
        if evidence.sources:
            table = self._table(["Source", "Published", "Ratings citing it"], [11, 3.5, 2.5])
            for source in evidence.sources:
                cells = table.add_row().cells
                title = cells[0].paragraphs[0]
                title.add_run(source.title + (f", {source.publisher}" if source.publisher else ""))
                if source.url:
                    _hyperlink(cells[0].add_paragraph(), source.url)
                cells[1].paragraphs[0].add_run(source.date or "no date")
                cells[2].paragraphs[0].add_run(str(source.cited))
        else:
            self._paragraph("The chain cites no sources.")
        if evidence.items:
            self.doc.add_heading("Ratings that rest on no evidence", level=level + 1)
            for item in evidence.items:
                self._paragraph(item.plain.headline, style=self._style("List Bullet"))

    # --- small parts ----------------------------------------------------------------

    def _paragraph(self, text: str, style: str | None = None, size: float | None = None,
                   colour: str | None = None) -> Any:
        paragraph = self.doc.add_paragraph(style=style)
        run = paragraph.add_run(text)
        if size:
            _size(run, size)
        if colour:
            _colour(run, colour)
        return paragraph

    def _table(self, headings: list[str], widths_cm: list[float]) -> Table:
        """A table in the document's table style, its header row bold and repeated on every page."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm

        table = self.doc.add_table(rows=1, cols=len(headings))
        table.style = self._style("Table Grid", "Normal Table")
        header = table.rows[0]
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(marker)
        for cell, heading in zip(header.cells, headings, strict=True):
            cell.paragraphs[0].add_run(heading).bold = True
        table.autofit = False
        for column, width in zip(table.columns, widths_cm, strict=True):
            column.width = Cm(width)
        self.widths.append((table, [Cm(w) for w in widths_cm]))
        return table

    def fit_widths(self) -> None:
        """Word reads a column's width from each of its cells: give every cell its column's width."""
        for table, widths in self.widths:
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = width

    @staticmethod
    def _row(table: Table, texts: list[str]) -> None:
        for cell, text in zip(table.add_row().cells, texts, strict=True):
            cell.paragraphs[0].add_run(text)


def _caption(s: Section, page: DiagramPage, n: int, total: int) -> str:
    where = ""
    if total > 1:
        where = f"Page {n} of {total} of the diagram" + (f": {page.title}" if page.title else "") + ". "
    marked = f" The numbered markers on this page show {page.marked}." if page.marked else ""
    return (f"{where}{s.title}: tiers from the top of the chain to the public. Line weight shows how strong a link "
            f"is, colour and a mark its character; the key beside the drawing explains every mark.{marked}")


def _meta(s: Section) -> str:
    parts = []
    if s.version:
        parts.append(f"Version {s.version}" + (f", published {s.published}" if s.published else ""))
    elif s.published:
        parts.append(f"Published {s.published}")
    parts += [f"Owner: {s.owner}", f"Chain file: {s.file}"]
    return ". ".join(parts) + "."


def _size(run: Any, points: float) -> None:
    from docx.shared import Pt

    run.font.size = Pt(points)


def _colour(run: Any, hex_colour: str) -> None:
    from docx.shared import RGBColor

    run.font.color.rgb = RGBColor.from_string(hex_colour)


def _hyperlink(paragraph: Any, url: str) -> None:
    """A clickable link (python-docx has no API for one): a w:hyperlink to an external relationship."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    for tag, value in (("w:color", "0B4F8A"), ("w:u", "single"), ("w:sz", "16")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        properties.append(element)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
