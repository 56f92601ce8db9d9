"""The review as documents, checked as their readers get them.

The PDF is turned into text (pdftotext) and into page images (pdftoppm):
the margins of every page must stay blank, so no table or chart runs off
the page. The DOCX is read with python-docx and converted by LibreOffice,
whose pages get the same margin check. The spreadsheets are read back with
openpyxl and the csv module. The figures are the fixed JSON of the 2025
review (tests/statistics/test_review.py) in the public form.
"""

import csv
import io
import shutil
import subprocess
from pathlib import Path
from typing import cast

import docx
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PIL import Image

from tests.statistics.test_review import SMALL_COUNTRIES_2025, K, statistics_2024, statistics_2025
from torju.audit.models import Action, AuditEvent
from torju.documents.charts import bar_chart
from torju.register.countries import country_name
from torju.statistics.disclosure import public_form
from torju.statistics.documents import render_review
from torju.statistics.selectors import ReviewStatistics

pytestmark = pytest.mark.django_db

LIBREOFFICE_TIMEOUT = 180
DEBIAN_PACKAGES = {"libreoffice": "libreoffice-writer-nogui", "pdftotext": "poppler-utils", "pdftoppm": "poppler-utils"}
PAGE_WIDTH_MM = 210
BLANK_MARGIN_MM = 15  # inside the 20 mm margins of both the PDF and the DOCX
IMAGE_DPI = 50
WHITE = 250


def public_statistics(*, previous: bool = True) -> ReviewStatistics:
    return ReviewStatistics(
        year=2025,
        form="public",
        threshold=K,
        current=public_form(statistics_2025(), K),
        previous=public_form(statistics_2024(), K) if previous else None,
    )


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is needed: apt-get install {DEBIAN_PACKAGES[name]}"
    return path


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def pdf_text(pdf: Path) -> str:
    result = subprocess.run([tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def page_images(pdf: Path, tmp_path: Path) -> list[Path]:
    prefix = tmp_path / f"{pdf.stem}-page"
    subprocess.run([tool("pdftoppm"), "-r", str(IMAGE_DPI), "-png", str(pdf), str(prefix)], check=True)
    return sorted(tmp_path.glob(f"{pdf.stem}-page-*.png"))


def ink_in_side_margins(image_path: Path) -> list[str]:
    """The side margins that have anything but white in them ("left", "right")."""
    with Image.open(image_path) as image:
        grey = image.convert("L")
        strip = round(grey.width * BLANK_MARGIN_MM / PAGE_WIDTH_MM)
        margins = {"left": (0, 0, strip, grey.height), "right": (grey.width - strip, 0, grey.width, grey.height)}
        extremes = {side: cast(tuple[int, int], grey.crop(box).getextrema()) for side, box in margins.items()}
        return [side for side, (darkest, _lightest) in extremes.items() if darkest < WHITE]


def libreoffice_pdf(docx_file: Path, tmp_path: Path) -> Path:
    """The DOCX as LibreOffice lays it out, converted to PDF (a fresh profile: no shared state)."""
    out = tmp_path / "converted"
    subprocess.run(
        [
            tool("libreoffice"),
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx_file),
        ],
        capture_output=True,
        check=True,
        timeout=LIBREOFFICE_TIMEOUT,
    )
    converted = out / f"{docx_file.stem}.pdf"
    assert converted.exists(), "LibreOffice did not convert the document"
    return converted


def docx_paragraphs(content: bytes) -> list[str]:
    """The document's paragraphs in order, those in tables included."""
    body = docx.Document(io.BytesIO(content)).element.body
    return ["".join(text.text or "" for text in paragraph.iter(qn("w:t"))) for paragraph in body.iter(qn("w:p"))]


def headings(language: str) -> list[str]:
    with translation.override(language):
        return [
            _("Statistics of the Assistance System for Victims of Human Trafficking %(year)s") % {"year": 2025},
            _("Key figures"),
            _("Applications and decisions in %(year)s") % {"year": 2025},
            _("New clients in %(year)s") % {"year": 2025},
            _("Forms of exploitation"),
            _("Exploitation in Finland"),
            _("Reflection periods"),
            _("All clients on %(date)s") % {"date": "31.12.2025"},
        ]


def small_country_names(language: str) -> list[str]:
    return [country_name(code, language) for code in SMALL_COUNTRIES_2025]


def test_pdf_has_every_section_nordic_letters_and_no_table_over_the_margins(tmp_path: Path) -> None:
    pdf = write(tmp_path, "review-sv.pdf", render_review(public_statistics(), language="sv", fmt="pdf"))
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = pdf_text(pdf)
    for heading in headings("sv"):
        assert heading in text
    assert "ä" in text and "ö" in text and "å" in text
    assert "Tvångsarbete" in text and "På klientens egen begäran" in text
    assert not [name for name in small_country_names("sv") if f" {name} " in text]
    with translation.override("sv"):
        assert capfirst(_("other countries")) in text
    images = page_images(pdf, tmp_path)
    assert len(images) >= 6, "a title page and the sections"
    overflowing = {image.name: sides for image in images if (sides := ink_in_side_margins(image))}
    assert overflowing == {}


def test_the_margin_check_sees_a_table_that_runs_off_the_page(tmp_path: Path) -> None:
    from torju.documents.pdf import render_pdf

    wide = "<table style='width: 260mm'><tr><td>Ylileveä taulukko</td></tr></table>"
    pdf = write(tmp_path, "wide.pdf", render_pdf(f"<!doctype html><html lang='fi'><body>{wide}</body></html>"))
    assert ink_in_side_margins(page_images(pdf, tmp_path)[0]) == ["right"]


def test_pdf_in_finnish_shows_the_comparisons_of_the_review(tmp_path: Path) -> None:
    pdf = write(tmp_path, "review-fi.pdf", render_review(public_statistics(), language="fi", fmt="pdf"))
    text = pdf_text(pdf)
    with translation.override("fi"):
        forced_labour = _("In %(year)s, the number of forced labour cases in Finland was %(count)s.") % {
            "year": 2024,
            "count": 54,
        }
    assert forced_labour in text
    assert "Pakkotyö" in text and "Metsätalous ja puunkorjuu" in text
    assert "467 (2024: 412)" in text


def test_docx_has_the_sections_tables_and_charts_and_opens_in_libreoffice(tmp_path: Path) -> None:
    content = render_review(public_statistics(), language="fi", fmt="docx")
    paragraphs = docx_paragraphs(content)
    for heading in headings("fi"):
        assert heading in paragraphs
    document = docx.Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 4, "the charts of sex, age, nationality and forms"
    assert all(shape._inline.docPr.get("descr") for shape in document.inline_shapes)
    assert len(document.tables) == 1 + 4 + 3 + 1 + 6 + 2
    assert document.core_properties.language == "fi-FI"
    assert not [name for name in small_country_names("fi") if name in paragraphs]
    converted = libreoffice_pdf(write(tmp_path, "review.docx", content), tmp_path)
    text = pdf_text(converted)
    for heading in headings("fi")[1:]:
        assert heading in text
    overflowing = {
        image.name: sides for image in page_images(converted, tmp_path) if (sides := ink_in_side_margins(image))
    }
    assert overflowing == {}


def test_xlsx_has_a_sheet_per_table_with_numbers(db: None) -> None:
    workbook = load_workbook(io.BytesIO(render_review(public_statistics(), language="en", fmt="xlsx")))
    names = workbook.sheetnames
    assert names[0] == "Review" and names[1] == "Key figures"
    assert len(names) == len(set(names)) == 1 + 1 + 4 + 3 + 1 + 6 + 2
    assert all(len(name) <= 31 for name in names)
    assert workbook["Review"]["A1"].value == headings("en")[0]
    key_figures = workbook["Key figures"]
    rows = list(key_figures.iter_rows(min_row=4, values_only=True))
    assert rows[0] == ("Figure", "Code", "2025", "2024", "Change")
    assert rows[1] == ("Applications received", "applications_received", 467, 412, 55)
    sources = workbook["Applications"]
    assert sources["A2"].value == "% of the applications received"
    assert next(sources.iter_rows(min_row=4, max_row=4, values_only=True)) == (
        "Submitted by",
        "Code",
        "2025",
        "2025, %",
        "2024",
        "2024, %",
    )
    wellbeing = next(
        row for row in sources.iter_rows(min_row=5, values_only=True) if row[1] == "wellbeing_services_county"
    )
    assert wellbeing == ("Wellbeing services county", "wellbeing_services_county", 37, 8, 17, 4)
    formulas = [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert formulas == []


def test_csv_is_long_form_open_data(db: None) -> None:
    content = render_review(public_statistics(), language="en", fmt="csv")
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Table", "Title", "Code", "Item", "Year", "Count", "Share, %"]
    figures = {(row[0], row[2], row[4]): (row[5], row[6]) for row in rows[1:]}
    assert figures[("key_figures", "applications_received", "2025")] == ("467", "")
    assert figures[("key_figures", "applications_received", "2024")] == ("412", "")
    assert figures[("decisions.negative_by_reason", "no_need_for_assistance", "2025")] == ("75", "49")
    assert figures[("new_clients.by_nationality", "other", "2025")] == ("70", "26")
    assert not {code for _table, code, _year in figures} & set(SMALL_COUNTRIES_2025)
    assert len({year for _table, _code, year in figures}) == 2


def test_without_a_previous_year_the_tables_have_one_year(db: None) -> None:
    rows = list(
        csv.reader(io.StringIO(render_review(public_statistics(previous=False), fmt="csv").decode("utf-8-sig")))
    )
    assert {row[4] for row in rows[1:]} == {"2025"}


def test_unknown_languages_and_formats_are_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        render_review(public_statistics(), language="de", fmt="pdf")
    with pytest.raises(ValueError, match="format"):
        render_review(public_statistics(), language="fi", fmt="odt")


@pytest.mark.parametrize(
    ("fmt", "magic"), [("pdf", b"%PDF-"), ("docx", b"PK"), ("xlsx", b"PK"), ("csv", b"\xef\xbb\xbf")]
)
def test_the_command_writes_each_format_and_audits_the_export(tmp_path: Path, fmt: str, magic: bytes) -> None:
    output = tmp_path / f"katsaus.{fmt}"
    call_command(
        "render_review", "--year", "2025", "--lang", "sv", "--format", fmt, "-o", str(output), stdout=io.StringIO()
    )
    assert output.read_bytes().startswith(magic)
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert (event.actor, event.object_type, event.object_id) == (None, "statistics.annual", "2025")
    assert f"{fmt} sv public" in event.reason and output.name in event.reason


def test_the_command_refuses_a_year_without_statistics(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="2005"):
        call_command("render_review", "--year", "2005", "--format", "csv", "-o", str(tmp_path / "x.csv"))
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_bar_chart_is_deterministic_and_labels_a_withheld_figure_unlike_a_zero() -> None:
    svg = bar_chart(["Nainen", "Mies", "Muu"], [165, 106, None], fmt="svg", axis_label="Henkilöä")
    assert svg == bar_chart(["Nainen", "Mies", "Muu"], [165, 106, None], fmt="svg", axis_label="Henkilöä")
    assert svg != bar_chart(["Nainen", "Mies", "Muu"], [165, 106, 0], fmt="svg", axis_label="Henkilöä")
    assert b"<dc:date>" not in svg
    png = bar_chart(["Nainen"], [1], fmt="png")
    assert png.startswith(b"\x89PNG")
    with pytest.raises(ValueError):
        bar_chart(["Nainen", "Mies"], [1], fmt="svg")
