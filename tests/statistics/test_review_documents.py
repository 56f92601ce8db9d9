"""The review as documents, checked as their readers get them.

The PDF is read as its fonts (pdffonts: every font embedded, none a Type 3
fallback), its words with their boxes (pdftotext -bbox) and its pages as
images (pdftoppm, saved in the test's tmp dir): no word may lie outside the
page's content box but the footer's, and no ink outside it but the
footer's, so no text, table or chart runs into a margin at any side. The
DOCX is read with python-docx and converted by LibreOffice, whose PDF gets
the same checks and must hold every row of every table. Both are made in
all three languages. The spreadsheets are read back with openpyxl and the
csv module. The figures are the fixed JSON of the 2025 review
(tests/statistics/test_review.py) in the public form.
"""

import csv
import io
import re
import shutil
import subprocess
import uuid
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

import docx
import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PIL import Image, ImageDraw

from tests.statistics.helpline_records import record_helpline_years
from tests.statistics.test_review import (
    SMALL_COUNTRIES_2025,
    K,
    events_by_form_and_sex_2025,
    statistics_2024,
    statistics_2025,
)
from torju.audit.models import Action, AuditEvent
from torju.documents import charts
from torju.documents.charts import bar_chart, grouped_bar_chart
from torju.documents.pdf import render_pdf
from torju.register.countries import country_name
from torju.statistics.disclosure import exact_table, public_form, public_table
from torju.statistics.documents import ExactFormError, render_review
from torju.statistics.selectors import ReviewStatistics

pytestmark = pytest.mark.django_db

LIBREOFFICE_TIMEOUT = 180
DEBIAN_PACKAGES = {
    "libreoffice": "libreoffice-writer-nogui",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdffonts": "poppler-utils",
}
LANGUAGES = ("fi", "sv", "en")
IMAGE_DPI = 50
WHITE = 250
POINTS_PER_MM = 72 / 25.4
TOLERANCE_MM = 1.0  # anti-aliasing and a border drawn on the content box's edge
FONT_FAMILIES = ("DejaVu", "Liberation")  # installed by fonts-dejavu-core and fonts-liberation
CROSS_TABLE = "new_clients.events_by_form_and_sex"


@dataclass(frozen=True)
class Margins:
    """A page's margins in millimetres: the content box is the page less these."""

    top: float
    right: float
    bottom: float
    left: float


WEASYPRINT_MARGINS = Margins(top=22, right=20, bottom=24, left=20)  # torju/documents/pdf.py
DOCX_MARGINS = Margins(top=20, right=20, bottom=22, left=20)  # torju/documents/docx.py


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class Page:
    """A page of a PDF as pdftotext -bbox gives it, in points from the top left."""

    number: int
    width: float
    height: float
    words: list[Word]

    def content_box(self, margins: Margins) -> tuple[float, float, float, float]:
        return (
            margins.left * POINTS_PER_MM,
            margins.top * POINTS_PER_MM,
            self.width - margins.right * POINTS_PER_MM,
            self.height - margins.bottom * POINTS_PER_MM,
        )

    def footer(self, margins: Margins) -> list[Word]:
        """The words wholly below the content box."""
        return [word for word in self.words if word.y_min >= self.content_box(margins)[3]]


def public_statistics(*, previous: bool = True, helpline: bool = True) -> ReviewStatistics:
    """The 2025 review's public figures, with the info line's section (tests.statistics.helpline_records)."""
    return ReviewStatistics(
        year=2025,
        publication="public",
        threshold=K,
        current=public_form(statistics_2025(), K),
        previous=public_form(statistics_2024(), K) if previous else None,
        events_by_form_and_sex=public_table(events_by_form_and_sex_2025(), K),
        helpline=record_helpline_years(K) if helpline else None,
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


def pdf_pages(pdf: Path) -> list[Page]:
    result = subprocess.run(
        [tool("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    )
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring(result.stdout)
    pages = []
    for number, page in enumerate(root.iterfind(".//x:page", namespace), start=1):
        words = [
            Word(
                word.text or "",
                *(float(word.attrib[edge]) for edge in ("xMin", "yMin", "xMax", "yMax")),
            )
            for word in page.iterfind("x:word", namespace)
        ]
        pages.append(Page(number, float(page.attrib["width"]), float(page.attrib["height"]), words))
    return pages


@dataclass(frozen=True)
class Font:
    name: str
    type: str
    embedded: bool
    unicode: bool


def pdf_fonts(pdf: Path) -> list[Font]:
    """The fonts pdffonts lists: name, type, encoding, emb, sub, uni, object number and generation."""
    result = subprocess.run([tool("pdffonts"), str(pdf)], capture_output=True, check=True, text=True)
    fonts = []
    for line in result.stdout.splitlines()[2:]:
        fields = line.split()
        name, *kind, _encoding, embedded, _subset, unicode, _object, _generation = fields
        fonts.append(Font(name, " ".join(kind), embedded == "yes", unicode == "yes"))
    return fonts


def font_problems(pdf: Path) -> list[str]:
    """What a reader could miss: a font not embedded, a Type 3 fallback, no Unicode map, an unexpected family."""
    fonts = pdf_fonts(pdf)
    problems = [] if fonts else ["no fonts"]
    for font in fonts:
        family = font.name.split("+")[-1]
        if not font.embedded:
            problems.append(f"{font.name} not embedded")
        if "Type 3" in font.type:
            problems.append(f"{font.name} is a Type 3 font")
        if not font.unicode:
            problems.append(f"{font.name} has no Unicode map")
        if not family.startswith(FONT_FAMILIES):
            problems.append(f"{font.name} is not of {FONT_FAMILIES}")
    return problems


def page_images(pdf: Path, tmp_path: Path) -> list[Path]:
    prefix = tmp_path / f"{pdf.stem}-page"
    subprocess.run([tool("pdftoppm"), "-r", str(IMAGE_DPI), "-png", str(pdf), str(prefix)], check=True)
    return sorted(tmp_path.glob(f"{pdf.stem}-page-*.png"))


def words_outside_the_content_box(page: Page, margins: Margins, footer: str) -> list[str]:
    """Words outside the content box, but for a footer reading `footer` below it ("" when the page has none)."""
    left, top, right, bottom = page.content_box(margins)
    tolerance = TOLERANCE_MM * POINTS_PER_MM
    footer_words = page.footer(margins)
    outside = [
        word.text
        for word in page.words
        if word not in footer_words
        and (
            word.x_min < left - tolerance
            or word.y_min < top - tolerance
            or word.x_max > right + tolerance
            or word.y_max > bottom + tolerance
        )
    ]
    read = " ".join(word.text for word in footer_words)
    if read != footer:
        outside.append(f"footer {read!r}, not {footer!r}")
    return outside


def ink_outside_the_content_box(image_path: Path, page: Page, margins: Margins) -> bool:
    """Whether the page image has anything but white outside the content box and the footer's words."""
    scale = IMAGE_DPI / 72
    tolerance = TOLERANCE_MM * POINTS_PER_MM
    with Image.open(image_path) as image:
        grey = image.convert("L")
    paint = ImageDraw.Draw(grey)
    left, top, right, bottom = page.content_box(margins)
    allowed = [(left, top, right, bottom), *((w.x_min, w.y_min, w.x_max, w.y_max) for w in page.footer(margins))]
    for x_min, y_min, x_max, y_max in allowed:
        box = [(x_min - tolerance) * scale, (y_min - tolerance) * scale]
        box += [(x_max + tolerance) * scale, (y_max + tolerance) * scale]
        paint.rectangle(box, fill=255)
    darkest, _lightest = cast(tuple[int, int], grey.getextrema())
    return darkest < WHITE


def layout_problems(pdf: Path, tmp_path: Path, margins: Margins, footer: re.Pattern[str]) -> dict[str, list[str]]:
    """Per page image (kept in tmp_path), what lies outside the content box; `footer` matches each footer."""
    pages = pdf_pages(pdf)
    tmp_path.mkdir(exist_ok=True)
    images = page_images(pdf, tmp_path)
    assert len(images) == len(pages)
    problems = {}
    for page, image in zip(pages, images, strict=True):
        read = " ".join(word.text for word in page.footer(margins))
        found = words_outside_the_content_box(page, margins, read if footer.fullmatch(read) else f"<{footer.pattern}>")
        if ink_outside_the_content_box(image, page, margins):
            found.append("ink in a margin")
        if found:
            problems[image.name] = found
    return problems


def footer_pattern(language: str, *, title: bool, pages: int) -> re.Pattern[str]:
    """The footer of every page: the running title (the PDF's), then "page N / M" in the language."""
    with translation.override(language):
        label = pgettext("page number in a document's footer, before 'N / M'", "page")
        running = (
            _("Statistics of the Assistance System for Victims of Human Trafficking %(year)s") % {"year": 2025} + " "
        )
    numbers = "|".join(str(number) for number in range(1, pages + 1))
    return re.compile(f"{re.escape(running) if title else ''}{re.escape(label)} ({numbers}) / {pages}")


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


def word_parts(text: str) -> list[str]:
    return [part for part in re.split(r"[\s-]+", text) if part]


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
            _("The info line: advice, consultations and referrals"),
        ]


def forms_by_sex(language: str) -> tuple[str, str]:
    """The cross-table's title and its chart's, in the language."""
    with translation.override(language):
        return (
            _("Trafficking events of the new clients by form of exploitation and sex"),
            _("Forms of exploitation of the new clients by sex"),
        )


def small_country_names(language: str) -> list[str]:
    return [country_name(code, language) for code in SMALL_COUNTRIES_2025]


NORDIC_LETTERS = {"fi": "äö", "sv": "äöå", "en": ""}  # the English review has none to show


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_in_each_language_has_its_sections_embedded_fonts_and_nothing_outside_the_content_box(
    tmp_path: Path, language: str
) -> None:
    pdf = write(tmp_path, f"review-{language}.pdf", render_review(public_statistics(), language=language, fmt="pdf"))
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert font_problems(pdf) == []
    text = pdf_text(pdf)
    for heading in [*headings(language), *forms_by_sex(language)]:
        assert heading in text
    with translation.override(language):
        assert capfirst(_("other countries")) in text
    assert all(letter in text for letter in NORDIC_LETTERS[language])
    assert not [name for name in small_country_names(language) if f" {name} " in text]
    pages = pdf_pages(pdf)
    assert len(pages) >= 6, "a title page and the sections"
    footer = footer_pattern(language, title=True, pages=len(pages))
    assert layout_problems(pdf, tmp_path, WEASYPRINT_MARGINS, footer) == {}
    assert len(list(tmp_path.glob(f"review-{language}-page-*.png"))) == len(pages), "the page images are kept"


def test_pdf_in_swedish_has_the_words_of_the_code_lists(tmp_path: Path) -> None:
    text = pdf_text(write(tmp_path, "review-sv.pdf", render_review(public_statistics(), language="sv", fmt="pdf")))
    assert "Tvångsarbete" in text and "På klientens egen begäran" in text


def test_the_layout_check_sees_a_table_off_the_page_and_a_figure_into_the_bottom_margin(tmp_path: Path) -> None:
    wide = (
        "<table style='width: 240mm'><tr><td style='width: 170mm'>Ylileveä taulukko</td><td>oikealla</td></tr></table>"
    )
    tall = "<p>Korkea kuva</p><svg width='100' height='1200' style='display: block'><rect width='100' height='1200'/>"
    tall += "</svg>"
    footer = footer_pattern("fi", title=False, pages=1)
    for name, body, expected in [("wide", wide, "oikealla"), ("tall", tall, "ink in a margin")]:
        with translation.override("fi"):
            pdf = write(
                tmp_path, f"{name}.pdf", render_pdf(f"<!doctype html><html lang='fi'><body>{body}</body></html>")
            )
        problems = layout_problems(pdf, tmp_path / name, WEASYPRINT_MARGINS, footer)
        assert f"{name}-page-1.png" in problems
        assert expected in [problem for found in problems.values() for problem in found]
    with translation.override("fi"):
        fine = write(tmp_path, "fine.pdf", render_pdf("<!doctype html><html lang='fi'><body><p>Ää</p></body></html>"))
    assert layout_problems(fine, tmp_path / "fine", WEASYPRINT_MARGINS, footer) == {}
    assert font_problems(fine) == []


def test_the_font_check_sees_a_type_3_font(tmp_path: Path) -> None:
    """matplotlib writes its text in Type 3 fonts unless told otherwise: the kind of fallback the check is for."""
    from matplotlib.figure import Figure

    figure = Figure()
    figure.text(0.5, 0.5, "Ää")
    figure.savefig(tmp_path / "type3.pdf", format="pdf")
    assert any("Type 3" in problem for problem in font_problems(tmp_path / "type3.pdf"))


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


@pytest.mark.parametrize("language", LANGUAGES)
def test_docx_in_each_language_has_the_sections_tables_and_charts(language: str) -> None:
    content = render_review(public_statistics(), language=language, fmt="docx")
    paragraphs = docx_paragraphs(content)
    for heading in [*headings(language), *forms_by_sex(language)]:
        assert heading in paragraphs
    document = docx.Document(io.BytesIO(content))
    assert len(document.inline_shapes) == 6, "the charts of sex, age, nationality, forms by sex, forms, info line"
    assert all(shape._inline.docPr.get("descr") for shape in document.inline_shapes)
    assert len(document.tables) == 1 + 4 + 3 + 2 + 6 + 2 + 5
    assert document.core_properties.language == {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}[language]
    assert not [name for name in small_country_names(language) if name in paragraphs]
    (by_sex,) = [table for table in document.tables if table.rows[0].cells[1].text == forms_by_sex_header(language)]
    rows = [[cell.text for cell in row.cells] for row in by_sex.rows]
    assert rows[3][1:] == ["42", "..", "..", "45"], "forced marriage: 3 men, withheld with a complementary cell"
    assert rows[-1][1:] == ["175", "138", "1", "314"]


def forms_by_sex_header(language: str) -> str:
    with translation.override(language):
        return _("Women and girls")


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_libreoffice_lays_out_the_docx_with_every_table_row_and_nothing_outside_the_content_box(
    tmp_path: Path, language: str
) -> None:
    content = render_review(public_statistics(), language=language, fmt="docx")
    converted = libreoffice_pdf(write(tmp_path, f"review-{language}.docx", content), tmp_path)
    assert font_problems(converted) == []
    text = pdf_text(converted)
    for heading in headings(language)[1:]:
        assert heading in text
    pages = pdf_pages(converted)
    # Every word, as LibreOffice may break a line at a hyphen: a lost table row, or a word broken because its
    # column is too narrow for it, leaves words missing.
    laid_out = Counter(part for page in pages for word in page.words for part in word_parts(word.text))
    written = Counter(part for paragraph in docx_paragraphs(content) for part in word_parts(paragraph))
    assert written - laid_out == Counter(), "words that LibreOffice lost or broke"
    footer = footer_pattern(language, title=False, pages=len(pages))
    assert layout_problems(converted, tmp_path, DOCX_MARGINS, footer) == {}


def test_xlsx_has_a_sheet_per_table_with_numbers(db: None) -> None:
    workbook = load_workbook(io.BytesIO(render_review(public_statistics(), language="en", fmt="xlsx")))
    names = workbook.sheetnames
    assert names[0] == "Review" and names[1] == "Key figures"
    assert len(names) == len(set(names)) == 1 + 1 + 4 + 3 + 2 + 6 + 2 + 5
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
    by_sex = workbook["Forms of exploitation by sex"]
    assert by_sex["A1"].value == "Trafficking events of the new clients by form of exploitation and sex"
    by_code = {row[1]: row for row in by_sex.iter_rows(min_row=4, values_only=True)}
    assert by_code["Code"] == (
        "Form of exploitation",
        "Code",
        "Women and girls",
        "Men and boys",
        "Other or unknown",
        "Total",
    )
    assert by_code["forced_labour"] == ("Forced labour", "forced_labour", 60, 110, 0, 170)
    assert by_code["forced_marriage"] == ("Forced marriage", "forced_marriage", 42, "..", "..", 45)
    assert by_code["total"] == ("Trafficking events of the new clients", "total", 175, 138, 1, 314)
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
    by_sex = {(table, code): count for (table, code, year), (count, _share) in figures.items() if CROSS_TABLE in table}
    assert by_sex[(f"{CROSS_TABLE}.F", "forced_labour")] == "60"
    assert by_sex[(f"{CROSS_TABLE}.M", "forced_marriage")] == "", "withheld: an empty count"
    assert by_sex[(f"{CROSS_TABLE}.X", "forced_marriage")] == ""
    assert by_sex[(f"{CROSS_TABLE}.total", "forced_marriage")] == "45"
    assert [by_sex[(f"{CROSS_TABLE}.{sex}", "total")] for sex in ("F", "M", "X", "total")] == ["175", "138", "1", "314"]
    assert {year for (table, _code, year) in figures if CROSS_TABLE in table} == {"2025"}, "no previous year"
    cells = [count for (table, code), count in by_sex.items() if code != "total" and not table.endswith(".total")]
    shown = [int(count) for count in cells if count]
    assert not [count for count in shown if 0 < count < K]


def test_without_a_previous_year_the_tables_have_one_year(db: None) -> None:
    rows = list(
        csv.reader(io.StringIO(render_review(public_statistics(previous=False), fmt="csv").decode("utf-8-sig")))
    )
    assert {row[4] for row in rows[1:]} == {"2025"}


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx", "csv"])
def test_the_exact_statistics_are_refused_whatever_they_are_labelled(fmt: str) -> None:
    """Documents leave the system: render_review itself makes them of the public form only."""
    exact = ReviewStatistics(
        year=2025,
        publication="exact",
        threshold=K,
        current=statistics_2025(),
        previous=statistics_2024(),
        events_by_form_and_sex=exact_table(events_by_form_and_sex_2025()),
    )
    with pytest.raises(ExactFormError):
        render_review(exact, language="fi", fmt=fmt)
    labelled_public = replace(exact, publication="public")
    with pytest.raises(ExactFormError):
        render_review(labelled_public, language="fi", fmt=fmt)
    exact_cells = replace(public_statistics(), events_by_form_and_sex=exact.events_by_form_and_sex)
    with pytest.raises(ExactFormError):
        render_review(exact_cells, language="fi", fmt=fmt)
    exact_previous_year = replace(public_statistics(), previous=statistics_2024())
    with pytest.raises(ExactFormError):
        render_review(exact_previous_year, language="fi", fmt=fmt)


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


@pytest.mark.django_db
def test_a_drawn_chart_is_kept_in_the_shared_cache_for_every_process(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    save = charts._saved

    def counted(figure: Any, fmt: charts.ChartFormat) -> bytes:
        drawn.append(fmt)
        return save(figure, fmt)

    monkeypatch.setattr(charts, "_saved", counted)
    categories = [f"a category of this test only {uuid.uuid4()}"]
    first = bar_chart(categories, [3], fmt="svg")
    charts._bar_chart.cache_clear()  # another process (a worker, a server): nothing kept in its memory
    assert bar_chart(categories, [3], fmt="svg") == first
    assert drawn == ["svg"]  # drawn once, by the first
    cache.clear()
    charts._bar_chart.cache_clear()
    assert bar_chart(categories, [3], fmt="svg") == first  # drawn again, the same bytes
    assert drawn == ["svg", "svg"]


def test_bar_chart_is_deterministic_and_labels_a_withheld_figure_unlike_a_zero() -> None:
    svg = bar_chart(["Nainen", "Mies", "Muu"], [165, 106, None], fmt="svg", axis_label="Henkilöä")
    assert svg == bar_chart(["Nainen", "Mies", "Muu"], [165, 106, None], fmt="svg", axis_label="Henkilöä")
    assert svg != bar_chart(["Nainen", "Mies", "Muu"], [165, 106, 0], fmt="svg", axis_label="Henkilöä")
    assert b"<dc:date>" not in svg
    png = bar_chart(["Nainen"], [1], fmt="png")
    assert png.startswith(b"\x89PNG")
    with pytest.raises(ValueError):
        bar_chart(["Nainen", "Mies"], [1], fmt="svg")


def test_grouped_bar_chart_is_deterministic_and_labels_a_withheld_figure_unlike_a_zero() -> None:
    series: list[tuple[str, str, list[int | None]]] = [
        ("Naiset ja tytöt", "#D55E00", [60, None]),
        ("Miehet ja pojat", "#0072B2", [110, 0]),
    ]
    svg = grouped_bar_chart(["Pakkotyö", "Pakkoavioliitto"], series, fmt="svg", axis_label="Tapahtumat")
    assert svg == grouped_bar_chart(["Pakkotyö", "Pakkoavioliitto"], series, fmt="svg", axis_label="Tapahtumat")
    zero: list[tuple[str, str, list[int | None]]] = [("Naiset ja tytöt", "#D55E00", [60, 0]), series[1]]
    assert svg != grouped_bar_chart(["Pakkotyö", "Pakkoavioliitto"], zero, fmt="svg", axis_label="Tapahtumat")
    assert b"<dc:date>" not in svg
    assert grouped_bar_chart(["Pakkotyö"], [("Naiset", "#D55E00", [1])], fmt="png").startswith(b"\x89PNG")
    with pytest.raises(ValueError):
        grouped_bar_chart(["Pakkotyö", "Pakkoavioliitto"], [("Naiset", "#D55E00", [1])], fmt="svg")
