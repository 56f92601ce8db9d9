"""Torju's Word documents in Torju's own styles (torju/documents/docx_styles.py), read with python-docx, and
laid out by LibreOffice without a blank page: the implementation report of the action plan and the annual
review of the statistics."""

import io
import itertools
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from tests.programme.page_checks import DOCX, POINTS_PER_MM, libreoffice_pdf, pages_of, tool
from tests.programme.test_documents import Plan, plan  # noqa: F401 (the fixture)
from tests.statistics.test_review_documents import public_statistics
from torju.documents.docx import FONT, heading, new_document, page_break, to_bytes
from torju.documents.docx_styles import BRAND, FACTS_STYLE, GRID, HEADER_FILL, TABLE_STYLE
from torju.programme.documents.report_layout import implementation_report
from torju.statistics.documents import render_review

pytestmark = pytest.mark.django_db

HEADINGS = ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4")
Build = Callable[[pytest.FixtureRequest, str], bytes]


def report(request: pytest.FixtureRequest, language: str) -> bytes:
    """The implementation report of a plan with reports from three bodies (tests/programme/test_documents.py)."""
    shown: Plan = request.getfixturevalue("plan")
    return implementation_report(shown.programme, language=language, fmt="docx")


def review(_request: pytest.FixtureRequest, language: str) -> bytes:
    """The annual review of 2025 (tests/statistics/test_review_documents.py)."""
    return render_review(public_statistics(), language=language, fmt="docx")


BUILDS = pytest.mark.parametrize("build", [report, review], ids=["implementation report", "annual review"])


def opened(content: bytes) -> Document:
    return docx.Document(io.BytesIO(content))


def style_of(block: Paragraph | Table) -> str:
    return block.style.name if block.style is not None else ""


def headings(document: Document) -> list[Paragraph]:
    return [paragraph for paragraph in document.paragraphs if style_of(paragraph) in HEADINGS]


@BUILDS
def test_the_title_headings_and_tables_use_torjus_styles(request: pytest.FixtureRequest, build: Build) -> None:
    document = opened(build(request, "fi"))
    assert style_of(document.paragraphs[0]) == "Title"
    used = {style_of(paragraph) for paragraph in headings(document)}
    assert {"Title", "Heading 1"} <= used
    for name in used:
        style = document.styles[name]
        assert (style.font.name, style.font.bold, style.font.italic) == (FONT, True, False), name
        assert style.element.rPr.find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None, name
        colour = style.element.rPr.find(qn("w:color"))
        assert colour.get(qn("w:themeColor")) is None, f"{name} keeps the template's theme colour"
    assert document.styles["Title"].font.color.rgb == BRAND
    assert document.styles["Title"].element.pPr.find(qn("w:pBdr")) is None, "the template's blue rule"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:ascii")) == FONT  # body text, which "Normal" inherits

    assert document.tables
    assert {style_of(table) for table in document.tables} <= {TABLE_STYLE, FACTS_STYLE}
    style = document.styles[TABLE_STYLE].element
    borders = style.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert {border.get(qn("w:color")) for border in borders} == {GRID}
    assert {border.get(qn("w:sz")) for border in borders} == {"4"}, "a light grid: half-point lines"
    (header_style,) = style.findall(qn("w:tblStylePr"))
    assert header_style.get(qn("w:type")) == "firstRow"
    assert header_style.find(qn("w:tcPr")).find(qn("w:shd")).get(qn("w:fill")) == HEADER_FILL
    grids = [table for table in document.tables if style_of(table) == TABLE_STYLE]
    assert grids
    for table in grids:
        first_row = table.rows[0]._tr.trPr
        assert first_row is not None and first_row.find(qn("w:tblHeader")) is not None, "a header row"


@BUILDS
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_no_heading_is_followed_by_the_same_words(request: pytest.FixtureRequest, build: Build, language: str) -> None:
    """Neither a heading of the same words nor a caption repeating the heading (the key figures' table)."""
    document = opened(build(request, language))
    shown = [paragraph for paragraph in document.paragraphs if paragraph.text.strip()]
    assert len(headings(document)) > 3
    repeated = [
        after.text
        for before, after in itertools.pairwise(shown)
        if style_of(before) in HEADINGS and before.text.strip().casefold() == after.text.strip().casefold()
    ]
    assert repeated == []


def image_pages(pdf: Path) -> set[int]:
    listing = subprocess.run([tool("pdfimages"), "-list", str(pdf)], capture_output=True, check=True, text=True)
    return {int(line.split()[0]) for line in listing.stdout.splitlines()[2:] if line.strip()}


def blank_pages(docx_file: Path, out: Path) -> tuple[list[int], int]:
    """The pages of LibreOffice's PDF with neither a word above the footer nor a picture, and the page count."""
    converted = libreoffice_pdf(docx_file, out)
    pages = pages_of(converted)
    with_images = image_pages(converted)
    blank = []
    for number, (_width, height, words) in enumerate(pages, start=1):
        content_bottom = height - DOCX.bottom * POINTS_PER_MM
        if not [word for word in words if word.box[1] < content_bottom] and number not in with_images:
            blank.append(number)
    return blank, len(pages)


@BUILDS
def test_libreoffice_lays_it_out_without_a_blank_page(
    request: pytest.FixtureRequest, build: Build, tmp_path: Path
) -> None:
    source = tmp_path / "document.docx"
    source.write_bytes(build(request, "fi"))
    blank, pages = blank_pages(source, tmp_path)
    assert pages > 2
    assert blank == [], f"blank pages of {pages}"


def test_the_blank_page_check_sees_a_blank_page(tmp_path: Path) -> None:
    document = new_document(title="Testi", language="fi")
    heading(document, "Ensimmäinen sivu")
    page_break(document)
    page_break(document)
    heading(document, "Kolmas sivu")
    source = tmp_path / "blank.docx"
    source.write_bytes(to_bytes(document))
    assert blank_pages(source, tmp_path) == ([2], 3)
