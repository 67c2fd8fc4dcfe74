"""The Word report, read back with python-docx: real Word styles, the findings table with a
repeated header row, the diagram as a picture with alt text on a landscape page, a team's
reference document, and the same bytes on every run."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import RGBColor

import deliverychain
from deliverychain.reports.board.api import assemble, report
from deliverychain.reports.board.errors import ReportError
from tests.conftest import ROOT

CHAIN = ROOT / "chains" / "cancer.yaml"


@pytest.fixture(scope="module")
def chain() -> deliverychain.Chain:
    return deliverychain.load(CHAIN)


@pytest.fixture(scope="module")
def docx_bytes(chain: deliverychain.Chain) -> bytes:
    return report(chain, "docx", engine="wasm")


def headings(document: object, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]  # type: ignore[attr-defined]


def test_headings_are_word_headings(docx_bytes: bytes) -> None:
    document = Document(io.BytesIO(docx_bytes))
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == ["Earlier cancer diagnosis under the NHS Long Term Plan (England, 2019 onwards)"]
    assert headings(document, 1) == [
        "Delivery confidence in the chain's design: Amber/Red", "Summary", "Findings",
        "The chain, with the findings numbered", "Notes", "Decisions recorded in the chain", "Evidence",
        "About this assessment",
    ]
    assert headings(document, 2) == ["Accepted findings", "Intended gaps"]


def test_the_findings_table_has_a_repeated_header_row_and_a_row_per_finding(
        docx_bytes: bytes, chain: deliverychain.Chain) -> None:
    document = Document(io.BytesIO(docx_bytes))
    section = assemble([chain], engine="wasm").sections[0]
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "No.")
    assert [cell.text for cell in table.rows[0].cells] == ["No.", "Finding", "Why it matters", "What to do"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.style.name == "Table Grid"
    rows = table.rows[1:]
    assert len(rows) == len(section.findings)
    for row, item in zip(rows, section.findings, strict=True):
        assert row.cells[0].text == str(item.number)
        assert row.cells[1].paragraphs[0].text.startswith(item.plain.headline)
        assert row.cells[2].text == item.plain.why
        assert "DC" not in row.cells[1].paragraphs[0].text  # rule ids only in the small print


def test_each_diagram_page_is_a_picture_with_alt_text_on_a_landscape_page(
        docx_bytes: bytes, chain: deliverychain.Chain) -> None:
    from PIL import Image

    document = Document(io.BytesIO(docx_bytes))
    pages = assemble([chain], engine="wasm").sections[0].diagram.pages
    assert len(document.inline_shapes) == len(pages) == 3  # the cancer chain prints legibly on A4 in three parts
    for n, (shape, page) in enumerate(zip(document.inline_shapes, pages, strict=True), start=1):
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = document.part.related_parts[blip.embed]
        assert image.content_type == "image/png" and image.blob.startswith(b"\x89PNG")
        picture = Image.open(io.BytesIO(image.blob))
        for pixels, points in zip(picture.size, page.size, strict=True):  # the whole page at 150 dpi
            assert abs(pixels - points / 72 * 150) <= 1
        assert shape._inline.docPr.get("descr") == page.alt
        assert page.alt.startswith(f"Diagram of the chain, page {n} of 3: ")
        assert shape._inline.docPr.get("title").endswith(f"page {n} of 3")
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, *[WD_ORIENT.LANDSCAPE] * 3, WD_ORIENT.PORTRAIT]
    sizes = [(round(s.page_width.cm, 1), round(s.page_height.cm, 1)) for s in document.sections]
    assert sizes == [(21.0, 29.7), *[(29.7, 21.0)] * 3, (21.0, 29.7)]


def test_text_from_the_chain_stays_text(tmp_path: Path) -> None:
    text = (ROOT / "chains" / "cancer-plan-2005.yaml").read_text(encoding="utf-8")
    chain = deliverychain.loads(text.replace("name: Department of Health\n", "name: A&E <Department>\n"), "x.yaml")
    document = Document(io.BytesIO(report(chain, "docx", engine="wasm")))
    everything = "\n".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "A&E <Department>" in everything
    assert "&amp;" not in everything


def test_the_same_chain_gives_the_same_file(docx_bytes: bytes, chain: deliverychain.Chain) -> None:
    assert report(chain, "docx", engine="wasm") == docx_bytes
    properties = Document(io.BytesIO(docx_bytes)).core_properties
    assert properties.created.year == properties.modified.year == 2000


def test_a_reference_document_lends_its_styles_and_loses_its_text(tmp_path: Path, chain: deliverychain.Chain) -> None:
    house = Document()
    heading = house.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.color.rgb = RGBColor(0x00, 0x5E, 0xB8)
    house.sections[0].header.paragraphs[0].text = "Our trust board, part 2"
    house.add_paragraph("Delete me: the template's own text")
    reference = tmp_path / "house.docx"
    house.save(str(reference))
    document = Document(io.BytesIO(report(chain, "docx", template=reference, engine="wasm")))
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x00, 0x5E, 0xB8)
    assert document.sections[0].header.paragraphs[0].text == "Our trust board, part 2"
    assert not any("Delete me" in p.text for p in document.paragraphs)
    assert "Delivery confidence in the chain's design: Amber/Red" in headings(document, 1)


@pytest.mark.parametrize(("name", "content", "says"), [
    ("house.html", b"<p>not Word</p>", "is not a Word reference document"),
    ("missing.docx", None, "does not exist"),
    ("broken.docx", b"this is not a zip", "cannot open"),
])
def test_a_reference_that_is_not_a_word_document_is_refused(tmp_path: Path, chain: deliverychain.Chain, name: str,
                                                            content: bytes | None, says: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReportError, match=says):
        report(chain, "docx", template=path, engine="wasm")


def test_a_chain_drawn_on_a_portrait_page_gets_a_portrait_page() -> None:
    # The maternity chain would split across two landscape pages; on a portrait one it fits whole.
    chain = deliverychain.load(ROOT / "chains" / "maternity-safety-2024.yaml")
    document = Document(io.BytesIO(report(chain, "docx")))
    assert len(document.inline_shapes) == 1
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT] * 3
    width, height = document.inline_shapes[0].width, document.inline_shapes[0].height
    assert height > width
