"""The programme's documents: the implementation report (a document job) and meeting minutes, as DOCX and PDF.

The documents are checked as their readers get them: DOCX opened with
python-docx and converted by LibreOffice, PDF turned to text with poppler's
pdftotext (fonts checked with pdffonts).
"""

import io
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx.oxml.ns import qn
from PIL import Image, ImageColor
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from tests.conftest import signed_in_client
from tests.documents.flow import ask_for, content_of, download, job_urls, run_tasks_at_once, stored_files
from tests.factories import user_with_role
from tests.programme.conftest import open_whole_round, reporter_of
from torju.accounts.models import Organisation, Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.documents.charts import stacked_bar_chart
from torju.documents.models import DocumentJob, JobStatus
from torju.documents.pdf import LocalOnlyFetcher
from torju.programme import documents, services
from torju.programme.models import (
    AgendaItem,
    GroupKind,
    Measure,
    Meeting,
    MeetingDecision,
    Objective,
    Participant,
    ParticipantRole,
    Programme,
    ReportingRound,
    Responsibility,
    Status,
    StatusReportVersion,
)

pytestmark = pytest.mark.django_db

LIBREOFFICE_TIMEOUT = 180

# (number, objective, text, bodies with the lead first, funding-dependent); measure 4 gets no report.
MEASURES = [
    (1, 1, "Koulutetaan työsuojelutarkastajat tunnistamaan ihmiskauppa.", ["TEM", "MIGRI"], False),
    (2, 1, "Päivitetään Maahanmuuttoviraston ohjeistus.", ["MIGRI"], False),
    (3, 2, "Selvitetään auttamisjärjestelmän resurssit Ålandissa.", ["OM", "TEM"], True),
    (4, 2, "Järjestetään yhteistyöpäivä.", ["KOORDINAATIO"], False),
]
OLD_TEM_TEXT = "Ensimmäinen raportti, jonka uudempi korvaa."
TEM_DONE = "Koulutus pidettiin kolmesti; palaute oli myönteistä."
TEM_NEXT = "Seuraava koulutus järjestetään Åbossa."
MIGRI_DONE = "Ohjeistuksen luonnos on lausunnolla."
MIGRI_ON_ONE = "Migri osallistui koulutusten suunnitteluun."
TEM_ON_THREE = "Resurssiselvityksen tarjouspyyntö on julkaistu."
TEM_LINKS = ["https://tem.fi/ihmiskauppa", "https://example.fi/raportit/resurssiselvitys?vuosi=2026&osa=1"]


@dataclass
class Plan:
    programme: Programme
    coordinator: User
    reporter: User


def submit(user: User, reporting_round: ReportingRound, number: int, **data: str) -> None:
    measure = Measure.objects.get(programme=reporting_round.programme, number=number)
    existing = measure.reports.filter(round=reporting_round, organisation=user.organisation).first()
    services.save_status_report(
        actor=Actor.for_user(user),
        reporting_round=reporting_round,
        measure=measure,
        data={"next_steps": "", "funding": "", "links": "", **data},
        revision=existing.revision if existing else None,
        submit=True,
    )


@pytest.fixture
def plan(db: None) -> Plan:
    """A programme running this year and next, with submitted reports from three bodies."""
    year = timezone.localdate().year
    programme = Programme.objects.create(
        slug="documents-plan",
        name_fi="Asiakirjaohjelma – ihmiskaupan vastainen työ",
        name_sv="Dokumentprogram – arbetet mot människohandel",
        name_en="Documents programme – anti-trafficking work",
        start_year=year,
        end_year=year + 1,
    )
    objectives = {
        1: Objective.objects.create(
            programme=programme, number=1, title_fi="Uhrit tunnistetaan", title_sv="Offren identifieras"
        ),
        2: Objective.objects.create(
            programme=programme, number=2, title_fi="Uhrit saavat apua", title_sv="Offren får hjälp"
        ),
    }
    for number, objective, text, bodies, funding_dependent in MEASURES:
        measure = Measure.objects.create(
            programme=programme,
            objective=objectives[objective],
            number=number,
            text_fi=text,
            schedule_start=year,
            schedule_end=year + 1,
            funding_dependent=funding_dependent,
            funding_note_fi="Edellyttää lisärahoitusta." if funding_dependent else "",
        )
        for position, code in enumerate(bodies):
            Responsibility.objects.create(
                measure=measure, organisation=Organisation.objects.get(code=code), position=position
            )
    coordinator = user_with_role(Role.COORDINATOR)
    reporting_round = open_whole_round(
        programme,
        coordinator,
        name="Kevät",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        deadline=date(year, 12, 31),
    )
    tem, migri = reporter_of("TEM"), reporter_of("MIGRI")
    submit(tem, reporting_round, 1, status=Status.DELAYED, done=OLD_TEM_TEXT)
    submit(tem, reporting_round, 1, status=Status.ON_TRACK, done=TEM_DONE, next_steps=TEM_NEXT)
    submit(migri, reporting_round, 1, status=Status.ON_TRACK, done=MIGRI_ON_ONE)
    submit(migri, reporting_round, 2, status=Status.AT_RISK, done=MIGRI_DONE, funding="Ei lisärahoitusta.")
    submit(tem, reporting_round, 3, status=Status.COMPLETED, done=TEM_ON_THREE, links="\n".join(TEM_LINKS))
    return Plan(programme=programme, coordinator=coordinator, reporter=tem)


@pytest.fixture
def meeting(plan: Plan) -> Meeting:
    """A steering-group meeting like the one of 14 December 2020 (a Monday)."""
    meeting = Meeting.objects.create(
        programme=plan.programme,
        body=GroupKind.STEERING_GROUP,
        body_name="Toimeenpanoa seuraava ohjausryhmä",
        number=2,
        date=date(2020, 12, 14),
        start_time=time(14, 0),
        end_time=time(16, 0),
        place="Skype-kokous",
    )
    people = [
        ("Pekka Puheenjohtaja", "Kansliapäällikkö", "OM", ParticipantRole.CHAIR, None),
        ("Mia Sihteeri", "Erityisasiantuntija", "OM", ParticipantRole.SECRETARY, None),
        ("Jari Jäsen", "Johtaja", "TEM", ParticipantRole.MEMBER, time(15, 0)),
        ("Laura Lakimies", "Lakimies", "MIGRI", ParticipantRole.INVITED, None),
    ]
    for position, (name, title, code, role, left_at) in enumerate(people):
        Participant.objects.create(
            meeting=meeting,
            position=position,
            name=name,
            title=title,
            organisation=Organisation.objects.get(code=code),
            role=role,
            left_at=left_at,
        )
    AgendaItem.objects.create(
        meeting=meeting, number=1, title="Kokouksen avaus", minutes="Puheenjohtaja avasi kokouksen klo 14:00."
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        title="Toimenpiteiden rahoitustarpeet",
        minutes="Keskusteltiin rahoituksesta.\n\nTodettiin, että selvitys tarvitaan.",
    )
    decision = MeetingDecision.objects.create(agenda_item=item, text="Ohjausryhmä pyytää selvityksen.")
    decision.measures.set(Measure.objects.filter(programme=plan.programme, number__in=[3, 1]))
    AgendaItem.objects.create(meeting=meeting, number=3, title="Kokouksen päättäminen")
    return meeting


def docx_text(content: bytes) -> list[str]:
    """The document's paragraphs in order, those in tables included."""
    body = docx.Document(io.BytesIO(content)).element.body
    return ["".join(text.text or "" for text in paragraph.iter(qn("w:t"))) for paragraph in body.iter(qn("w:p"))]


DEBIAN_PACKAGES = {
    "libreoffice": "libreoffice-writer-nogui",
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdfimages": "poppler-utils",
    "pdftoppm": "poppler-utils",
}


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is needed: apt-get install {DEBIAN_PACKAGES[name]}"
    return path


def pdf_text(pdf: Path) -> str:
    result = subprocess.run([tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return result.stdout.decode()


def pdf_lines(pdf: Path) -> list[str]:
    return [line.strip() for line in pdf_text(pdf).splitlines()]


def pdf_fonts(pdf: Path) -> list[list[str]]:
    """Rows of pdffonts: name, type..., emb, sub, uni, object id."""
    result = subprocess.run([tool("pdffonts"), str(pdf)], capture_output=True, check=True, text=True)
    return [line.split() for line in result.stdout.splitlines()[2:]]


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


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


def pdf_images(pdf: Path) -> list[list[str]]:
    """Rows of `pdfimages -list`: one per picture in the PDF."""
    result = subprocess.run([tool("pdfimages"), "-list", str(pdf)], capture_output=True, check=True, text=True)
    return [line.split() for line in result.stdout.splitlines()[2:]]


def pdf_page_with(pdf: Path, text: str) -> int:
    """The number of the first page whose text has the line `text`."""
    pages = pdf_text(pdf).split("\f")
    return next(number for number, page in enumerate(pages, start=1) if text in page.splitlines())


def status_pixels(pdf: Path, page: int, tmp_path: Path) -> dict[str, int]:
    """How many pixels of each status colour the page has, rendered at 50 dpi."""
    stem = tmp_path / f"page-{page}"
    subprocess.run(
        [tool("pdftoppm"), "-r", "50", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf), str(stem)],
        check=True,
        capture_output=True,
    )
    colours: dict[object, str] = {
        ImageColor.getrgb(colour): status for status, colour in documents.STATUS_COLOURS.items()
    }
    with Image.open(stem.with_suffix(".png")) as picture:
        found = Counter(colours.get(pixel) for pixel in picture.convert("RGB").get_flattened_data())
    return {status.value: found.get(status, 0) for status in Status}


def today_as_written() -> str:
    today = timezone.localdate()
    return f"{today.day}.{today.month}.{today.year}"


REPORTED = (1, 2, 3)
UNREPORTED = (4,)


def docx_tables(content: bytes) -> list[list[list[str]]]:
    """Each table of the document as rows of cell texts."""
    return [
        [[cell.text for cell in row.cells] for row in table.rows] for table in docx.Document(io.BytesIO(content)).tables
    ]


def table_after(content: bytes, header: str, heading: str) -> list[list[str]]:
    """The rows of the first table whose first header cell is `header` after the last paragraph `heading` (the
    section's heading, not its line in the table of contents)."""
    document = docx.Document(io.BytesIO(content))
    found: list[list[str]] | None = None
    seen = False
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p") and "".join(text.text or "" for text in block.iter(qn("w:t"))) == heading:
            seen, found = True, None
        elif seen and found is None and block.tag == qn("w:tbl"):
            rows = [
                ["".join(text.text or "" for text in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                for row in block.iter(qn("w:tr"))
            ]
            if rows and rows[0][0] == header:
                found = rows[1:]
    assert found is not None, f"no table under {heading!r}"
    return found


def measure_heading(number: int, language: str) -> str:
    with translation.override(language):
        return _("Measure %(number)s") % {"number": number}


def labels(language: str, *messages: str) -> list[str]:
    with translation.override(language):
        return [_(message) for message in messages]


# The implementation report


def test_report_docx_has_every_measure_and_the_latest_reports(plan: Plan) -> None:
    content = documents.implementation_report(plan.programme, fmt="docx")
    lines = docx_text(content)
    text = "\n".join(lines)
    for number, _objective, measure_text, _bodies, _funding in MEASURES:
        assert lines.count(measure_heading(number, "fi")) == (1 if number in REPORTED else 0)
        assert measure_text in text
    assert TEM_DONE in text and TEM_NEXT in text and MIGRI_DONE in text and MIGRI_ON_ONE in text
    assert TEM_ON_THREE in text
    assert OLD_TEM_TEXT not in text, "a superseded version is not the latest report"
    with translation.override("fi"):
        assert _("%(body)s (lead)") % {"body": "Työ- ja elinkeinoministeriö"} in text
    number_label, summary, without = labels(
        "fi", "No.", "Summary of the measures", "Measures without a status report by the end of the period"
    )
    assert [row[0] for row in table_after(content, number_label, summary)] == ["1", "2", "3", "4"], "every measure once"
    assert [row[0] for row in table_after(content, number_label, without)] == ["4"], "the unreported, in one list"
    properties = docx.Document(io.BytesIO(content)).core_properties
    assert plan.programme.name_fi in properties.title
    assert properties.language == "fi-FI"
    assert properties.author == "" and properties.last_modified_by == "" and properties.comments == ""


def test_report_lead_body_is_listed_first(plan: Plan) -> None:
    with translation.override("fi"):
        row = documents.implementation_report_content(plan.programme)
    third = next(entry for entry in row.measures if entry.number == 3)
    assert third.lead == "Oikeusministeriö"
    assert third.bodies.index("Oikeusministeriö") < third.bodies.index("Työ- ja elinkeinoministeriö")
    assert [entry.status for entry in row.measures] == [
        Status.ON_TRACK,
        Status.AT_RISK,
        Status.COMPLETED,
        Status.NOT_STARTED,
    ]
    counts = {label: values for label, _colour, values in row.chart_series}
    with translation.override("fi"):
        assert counts[str(Status.ON_TRACK.label)] == [1, 0]
        assert counts[str(Status.NOT_STARTED.label)] == [0, 1]


def test_report_docx_in_swedish_has_swedish_labels_and_names(plan: Plan) -> None:
    lines = docx_text(documents.implementation_report(plan.programme, language="sv", fmt="docx"))
    text = "\n".join(lines)
    for number in REPORTED:
        assert lines.count(measure_heading(number, "sv")) == 1
    with translation.override("sv"):
        expected = [
            _("Implementation report"),
            _("Summary of the measures"),
            _("Latest status reports"),
            str(Status.AT_RISK.label),
            _("%(body)s, submitted %(date)s") % {"body": "Migrationsverket", "date": today_as_written()},
        ]
    for label in expected:
        assert label in text
    assert plan.programme.name_sv in text
    assert "Offren får hjälp" in text
    assert "Arbets- och näringsministeriet" in text
    assert MIGRI_DONE in text


def test_report_until_leaves_out_later_reports(plan: Plan) -> None:
    year = plan.programme.start_year
    lines = docx_text(documents.implementation_report(plan.programme, until=date(year, 1, 1), fmt="docx"))
    text = "\n".join(lines)
    if timezone.localdate() > date(year, 1, 1):
        assert TEM_DONE not in text
        assert labels("fi", "Measures without a status report by the end of the period")[0] in text
    assert f"1.1.{year}–1.1.{year}" in text
    with pytest.raises(ValueError):
        documents.implementation_report(plan.programme, until=date(year - 1, 12, 31), fmt="docx")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_report_of_a_programme_without_measures_is_still_a_document(db: None, fmt: str) -> None:
    year = timezone.localdate().year
    empty = Programme.objects.create(slug="empty", name_fi="Tyhjä ohjelma", start_year=year, end_year=year)
    content = documents.implementation_report(empty, fmt=fmt)
    assert content.startswith(b"%PDF-" if fmt == "pdf" else b"PK")


def test_report_pdf_has_every_measure_with_extractable_embedded_text(plan: Plan, tmp_path: Path) -> None:
    pdf = write(tmp_path, "report.pdf", documents.implementation_report(plan.programme, fmt="pdf"))
    assert pdf.read_bytes().startswith(b"%PDF-")
    lines = pdf_lines(pdf)
    text = " ".join(" ".join(lines).split())
    for number in REPORTED:
        assert lines.count(measure_heading(number, "fi")) == 1
    for expected in (TEM_DONE, TEM_NEXT, MIGRI_DONE, TEM_ON_THREE, plan.programme.name_fi):
        assert expected in text
    assert "ä" in text and "ö" in text and "Å" in text
    fonts = pdf_fonts(pdf)
    assert fonts, "the PDF has text in fonts"
    assert all(row[-5:-2] == ["yes", "yes", "yes"] for row in fonts), f"fonts not embedded with Unicode: {fonts}"


@pytest.mark.slow
def test_report_docx_opens_in_libreoffice_with_one_entry_per_measure(plan: Plan, tmp_path: Path) -> None:
    docx_file = write(tmp_path, "report.docx", documents.implementation_report(plan.programme, fmt="docx"))
    lines = pdf_lines(libreoffice_pdf(docx_file, tmp_path))
    for number in REPORTED:
        assert lines.count(measure_heading(number, "fi")) == 1
    text = " ".join(" ".join(lines).split())
    assert TEM_DONE in text and MIGRI_DONE in text


def test_report_docx_in_english_has_english_labels_and_names(plan: Plan) -> None:
    content = documents.implementation_report(plan.programme, language="en", fmt="docx")
    lines = docx_text(content)
    text = "\n".join(lines)
    for number in REPORTED:
        assert lines.count(f"Measure {number}") == 1
    for label in (
        "Implementation report",
        "Summary of the measures",
        "Status of the measures by objective",
        "Measures by objective",
        "Latest status reports",
        "Lead body",
        "On track",
        "At risk",
        "Ministry of Economic Affairs and Employment (lead)",
        f"Finnish Immigration Service, submitted {today_as_written()}",
    ):
        assert label in text, label
    assert plan.programme.name_en in text
    assert "Uhrit tunnistetaan" in text, "an objective without an English title keeps its Finnish one"
    assert MIGRI_DONE in text, "the reports' texts are as written"
    with translation.override("fi"):
        finnish = [_("Implementation report"), _("Latest status reports"), _("Lead body")]
    assert not any(label in text for label in finnish)
    assert docx.Document(io.BytesIO(content)).core_properties.language == "en-GB"


def test_report_prints_the_links_of_the_status_reports(plan: Plan, tmp_path: Path) -> None:
    lines = docx_text(documents.implementation_report(plan.programme, fmt="docx"))
    links_label = labels("fi", "links")[0]
    at = lines.index(links_label[:1].upper() + links_label[1:])
    assert lines[at + 1 : at + 3] == TEM_LINKS
    pdf = write(tmp_path, "report.pdf", documents.implementation_report(plan.programme, fmt="pdf"))
    text = "".join(pdf_text(pdf).split())
    for link in TEM_LINKS:
        assert link in text


def test_report_period_may_start_later_than_the_plan(plan: Plan) -> None:
    """The status is the one reported by the end of the period; the texts are those submitted in it."""
    year = plan.programme.start_year
    submitted_on = {
        ("TEM", 1, 1): date(year, 2, 1),  # the first version, superseded
        ("TEM", 1, 2): date(year, 6, 15),
        ("MIGRI", 1, 1): date(year, 3, 1),
        ("MIGRI", 2, 1): date(year, 9, 1),  # after the period
        ("TEM", 3, 1): date(year, 1, 15),  # before the period: completed stays completed
    }
    for (code, number, version), day in submitted_on.items():
        StatusReportVersion.objects.filter(
            report__organisation__code=code, report__measure__number=number, number=version
        ).update(submitted_at=timezone.make_aware(datetime.combine(day, time(12, 0))))
    since, until = date(year, 6, 1), date(year, 6, 30)
    with translation.override("fi"):
        content = documents.implementation_report_content(plan.programme, since=since, until=until)
        no_reports = _("Measures without a status report in the period")
    entries = {entry.number: entry for entry in content.measures}
    assert [entries[number].status for number in (1, 2, 3, 4)] == [
        Status.ON_TRACK,
        Status.NOT_STARTED,
        Status.COMPLETED,
        Status.NOT_STARTED,
    ]
    assert [report.done for report in entries[1].reports] == [TEM_DONE], "Migri reported on 1 before the period"
    assert entries[2].reports == [] and entries[3].reports == []
    assert content.period == f"1.6.{year}–30.6.{year}"
    text = "\n".join(docx_text(documents.implementation_report(plan.programme, since=since, until=until, fmt="docx")))
    assert TEM_DONE in text and f"1.6.{year}–30.6.{year}" in text and no_reports in text
    for left_out in (OLD_TEM_TEXT, MIGRI_ON_ONE, MIGRI_DONE, TEM_ON_THREE):
        assert left_out not in text
    with pytest.raises(ValueError):
        documents.implementation_report(plan.programme, since=date(year, 7, 1), until=until, fmt="docx")
    assert documents.implementation_report_filename(
        plan.programme, language="fi", since=since, until=until, fmt="pdf"
    ).endswith(f"-{plan.programme.slug}-{year}-06-01-{year}-06-30.pdf")


@pytest.mark.slow
def test_report_docx_embeds_the_chart_picture(plan: Plan, tmp_path: Path) -> None:
    with translation.override("fi"):
        content = documents.implementation_report_content(plan.programme)
        docx_bytes = documents.write_implementation_report(content, "docx")
    document = docx.Document(io.BytesIO(docx_bytes))
    blip = next(document.element.body.iter(qn("a:blip")))
    picture = document.part.related_parts[blip.get(qn("r:embed"))]
    assert picture.content_type == "image/png"
    assert picture.blob == content.chart("png"), "the chart of the report's own counts"
    properties = next(document.element.body.iter(qn("wp:docPr")))
    assert properties.get("descr") == content.chart_description
    assert content.chart_description.startswith(content.chart_title)
    converted = libreoffice_pdf(write(tmp_path, "report.docx", docx_bytes), tmp_path)
    assert pdf_images(converted), "LibreOffice shows the picture too"


def test_report_pdf_draws_the_chart(plan: Plan, tmp_path: Path) -> None:
    """The chart is SVG, drawn as vectors: the page under its heading has its bars in the status colours."""
    pdf = write(tmp_path, "report.pdf", documents.implementation_report(plan.programme, fmt="pdf"))
    with translation.override("fi"):
        heading = _("Status of the measures by objective")
    page = pdf_page_with(pdf, heading)
    pixels = status_pixels(pdf, page, tmp_path)
    # measure 1 on track, 2 at risk, 3 completed, 4 not started: one bar segment each, far more than a swatch
    for status in (Status.ON_TRACK, Status.AT_RISK, Status.COMPLETED, Status.NOT_STARTED):
        assert pixels[status] > 1000, (status, pixels)
    assert pixels[Status.DELAYED] < 100, "a status no measure has is only in the legend"
    others = status_pixels(pdf, pdf_page_with(pdf, measure_heading(1, "fi")), tmp_path)
    assert max(others.values(), default=0) < 100, "pages without the chart have swatches only"


@pytest.mark.slow
def test_the_shipped_programme_report_opens_in_libreoffice_with_all_43_measures(db: None, tmp_path: Path) -> None:
    programme = Programme.objects.get(slug="2026-2027")
    coordinator = user_with_role(Role.COORDINATOR)
    reporting_round = open_whole_round(
        programme,
        coordinator,
        name="Syksy 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 10, 31),
        deadline=date(2026, 12, 15),
    )
    submit(reporter_of("TEM"), reporting_round, 3, status=Status.ON_TRACK, done=TEM_DONE)
    submit(reporter_of("MIGRI"), reporting_round, 5, status=Status.DELAYED, done=MIGRI_DONE)
    content = documents.implementation_report(programme, until=date(2027, 12, 31), fmt="docx")
    docx_lines = docx_text(content)
    lines = pdf_lines(libreoffice_pdf(write(tmp_path, "toimeenpanoraportti.docx", content), tmp_path))
    for number in range(1, 44):
        reported = 1 if number in (3, 5) else 0
        assert docx_lines.count(measure_heading(number, "fi")) == reported, number
        assert lines.count(measure_heading(number, "fi")) == reported, number
    number_label, summary, without = labels(
        "fi", "No.", "Summary of the measures", "Measures without a status report by the end of the period"
    )
    assert [row[0] for row in table_after(content, number_label, summary)] == [str(n) for n in range(1, 44)]
    unreported = [str(n) for n in range(1, 44) if n not in (3, 5)]
    assert [row[0] for row in table_after(content, number_label, without)] == unreported
    text = " ".join(" ".join(lines).split())
    assert TEM_DONE in text and MIGRI_DONE in text
    start_of_13 = " ".join(Measure.objects.get(programme=programme, number=13).text_fi.split())[:80]
    assert start_of_13 in text, "a measure without a report is in the list, with the start of its text"


# Meeting minutes


def test_minutes_follow_the_steering_group_layout(meeting: Meeting) -> None:
    with translation.override("fi"):
        content = documents.minutes_content(meeting)
        left = _("(left at %(time)s)") % {"time": "15:00"}
        measures = ngettext("measure %(numbers)s", "measures %(numbers)s", 2) % {"numbers": "1, 3"}
        member = str(ParticipantRole.MEMBER.label)
    assert content.body == "Toimeenpanoa seuraava ohjausryhmä"
    assert content.time.startswith("Maanantai 14.12.2020 ")
    assert "14:00–16:00" in content.time
    officers, members = content.participant_groups
    assert officers[0].startswith("Kansliapäällikkö Pekka Puheenjohtaja (")
    assert officers[0].endswith("), Oikeusministeriö")
    role = member[:1].lower() + member[1:]
    assert members == [f"Johtaja Jari Jäsen ({role}), Työ- ja elinkeinoministeriö {left}"]
    assert content.invited == ["Lakimies Laura Lakimies, Maahanmuuttovirasto"]
    assert [item.heading for item in content.items] == [
        "1) Kokouksen avaus",
        "2) Toimenpiteiden rahoitustarpeet",
        "3) Kokouksen päättäminen",
    ]
    assert content.items[1].decisions == [f"Ohjausryhmä pyytää selvityksen. ({measures})"]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_minutes_docx_has_translated_labels(meeting: Meeting, language: str) -> None:
    lines = docx_text(documents.meeting_minutes(meeting, language=language, fmt="docx"))
    time_label, place, participants, invited, decision = labels(
        language, "Time", "Place", "Participants", "Invited", "Decision"
    )
    for label in (time_label, place, participants, invited):
        assert label in lines
    with translation.override(language):
        assert _("Minutes").upper() in lines
        assert _("Meeting %(number)s") % {"number": 2} in lines
    weekday = {"fi": "Maanantai", "sv": "Måndag"}[language]
    assert any(line.startswith(f"{weekday} 14.12.2020") for line in lines)
    assert "2) Toimenpiteiden rahoitustarpeet" in lines
    assert any(line.startswith(f"{decision}: Ohjausryhmä pyytää selvityksen.") for line in lines)
    assert "Keskusteltiin rahoituksesta." in lines and "Todettiin, että selvitys tarvitaan." in lines


@pytest.mark.slow
def test_minutes_pdf_and_libreoffice_conversion_list_every_agenda_item(meeting: Meeting, tmp_path: Path) -> None:
    pdf = write(tmp_path, "minutes.pdf", documents.meeting_minutes(meeting, fmt="pdf"))
    docx_file = write(tmp_path, "minutes.docx", documents.meeting_minutes(meeting, fmt="docx"))
    for lines in (pdf_lines(pdf), pdf_lines(libreoffice_pdf(docx_file, tmp_path))):
        for heading in ("1) Kokouksen avaus", "2) Toimenpiteiden rahoitustarpeet", "3) Kokouksen päättäminen"):
            assert lines.count(heading) == 1
        text = " ".join(lines)
        assert "Skype-kokous" in text and "Laura Lakimies" in text and "Jari Jäsen" in text
    assert all(row[-5:-2] == ["yes", "yes", "yes"] for row in pdf_fonts(pdf))


# Downloads, the command and the audit trail


@pytest.fixture
def jobs(settings: Settings, tmp_path: Path) -> None:
    """Document jobs run at once, into a DATA_DIR of the test's own."""
    run_tasks_at_once(settings, tmp_path / "data")


def report_url(plan: Plan) -> str:
    return reverse("programme-documents:implementation_report", args=[plan.programme.slug])


def report_exports() -> list[tuple[User | None, str, str]]:
    exports = AuditEvent.objects.filter(action=Action.EXPORT, object_type="programme.programme").order_by("id")
    return [(event.actor, event.object_id, event.reason) for event in exports]


@pytest.mark.usefixtures("jobs")
def test_coordinator_prepares_the_report_downloads_it_and_the_export_is_audited_once(
    plan: Plan, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    client = signed_in_client(plan.coordinator)
    _response, job = ask_for(
        client, django_capture_on_commit_callbacks, report_url(plan), {"format": "pdf", "language": "fi"}
    )
    assert job is not None
    job.refresh_from_db()
    assert (job.status, job.kind, job.fmt, job.language) == (
        JobStatus.SUCCEEDED,
        "programme.implementation_report",
        "pdf",
        "fi",
    )
    assert job.parameters == {"programme": plan.programme.pk, "since": None, "until": None}
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    with translation.override("fi"):
        assert _("The document is ready.") in html
        assert f"<h1>{_('Implementation report')}: {plan.programme.name_fi}</h1>" in html
    assert reverse("documents:download", args=[job.pk]) in html
    assert report_exports() == [], "preparing is not yet an export"
    response = download(client, job)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert f"{plan.programme.slug}-{timezone.localdate().isoformat()}.pdf" in response["Content-Disposition"]
    assert content_of(response).startswith(b"%PDF-")
    assert report_exports() == [(plan.coordinator, str(plan.programme.pk), "pdf")]

    until = timezone.localdate().isoformat()
    _response, swedish = ask_for(
        client,
        django_capture_on_commit_callbacks,
        report_url(plan),
        {"format": "docx", "language": "sv", "until": until},
    )
    assert swedish is not None
    response = download(client, swedish)
    assert response["Content-Type"] == documents.CONTENT_TYPES["docx"]
    assert until in response["Content-Disposition"]
    assert plan.programme.name_sv in "\n".join(docx_text(content_of(response)))
    assert report_exports() == [
        (plan.coordinator, str(plan.programme.pk), "pdf"),
        (plan.coordinator, str(plan.programme.pk), "docx"),
    ]
    # Another coordinator finds neither the job nor its file.
    other = signed_in_client(user_with_role(Role.COORDINATOR))
    assert [other.get(url).status_code for url in job_urls(swedish)] == [404, 404, 404]
    assert len(report_exports()) == 2


def test_the_report_form_refuses_bad_parameters_and_names_the_field(plan: Plan) -> None:
    client = signed_in_client(plan.coordinator)
    url = report_url(plan)
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="until"' in form.content.decode() and 'name="format"' in form.content.decode()
    before = f"{plan.programme.start_year - 1}-12-31"
    with translation.override("fi"):
        period_end, language, fmt = _("Period end"), _("Language"), _("Format")
        too_early = _("The period must end on or after the programme starts (%(date)s).") % {
            "date": f"1.1.{plan.programme.start_year}"
        }
    for data, field in [
        ({"format": "xlsx"}, fmt),
        ({"format": "pdf", "language": "de"}, language),
        ({"format": "pdf", "language": "fi", "until": "2026-13-45"}, period_end),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert f"{field}: " in response.content.decode(), data
    response = client.post(url, {"format": "pdf", "language": "fi", "until": before})
    assert response.status_code == 400
    assert f"{period_end}: {too_early}" in response.content.decode()
    missing = client.post("/programme/no-such-plan/implementation-report/", {"format": "pdf", "language": "fi"})
    assert missing.status_code == 404
    assert client.get(f"/programme/{plan.programme.slug}/implementation-report.pdf").status_code == 404
    assert not DocumentJob.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


@pytest.mark.usefixtures("jobs")
def test_the_report_fails_with_the_reason_when_the_plan_starts_after_the_period_meanwhile(
    plan: Plan, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    client = signed_in_client(plan.coordinator)
    until = date(plan.programme.start_year, 6, 30)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(report_url(plan), {"format": "pdf", "language": "en", "until": until.isoformat()})
    assert response.status_code == 302
    Programme.objects.filter(pk=plan.programme.pk).update(start_year=plan.programme.start_year + 1)
    for run in queued:
        run()
    job = DocumentJob.objects.get()
    assert (job.status, job.stored_name) == (JobStatus.FAILED, "")
    with translation.override("en"):
        reason = _("The period must end on or after the programme starts (%(date)s).") % {
            "date": f"1.1.{plan.programme.start_year + 1}"
        }
    assert job.error == reason
    html = client.get(job.get_absolute_url()).content.decode()
    assert f'<span lang="en">{reason}</span>' in html
    assert client.get(reverse("documents:download", args=[job.pk])).status_code == 404
    assert stored_files() == []


@pytest.mark.usefixtures("jobs")
def test_coordinator_chooses_the_start_and_end_of_the_period(
    plan: Plan, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    client = signed_in_client(plan.coordinator)
    page = client.get(f"/programme/{plan.programme.slug}/").content.decode()
    assert 'name="since"' in page and 'name="until"' in page
    year = plan.programme.start_year
    since, until = date(year, 1, 1), timezone.localdate()  # given: the file name says so
    _response, job = ask_for(
        client,
        django_capture_on_commit_callbacks,
        report_url(plan),
        {"format": "docx", "language": "fi", "since": since.isoformat(), "until": until.isoformat()},
    )
    assert job is not None
    assert job.parameters == {"programme": plan.programme.pk, "since": since.isoformat(), "until": until.isoformat()}
    response = download(client, job)
    assert f"{plan.programme.slug}-{since.isoformat()}-{until.isoformat()}.docx" in response["Content-Disposition"]
    text = "\n".join(docx_text(content_of(response)))
    assert f"1.1.{year}–{until.day}.{until.month}.{until.year}" in text
    assert TEM_DONE in text, "submitted today, within the period"

    with translation.override("fi"):
        period_start, message = _("Period start"), _("The period must not end before it starts.")
    after_the_end = client.post(
        report_url(plan),
        {"format": "pdf", "language": "fi", "since": f"{year}-06-02", "until": f"{year}-06-01"},
    )
    assert after_the_end.status_code == 400
    assert f"{period_start}: {message}" in after_the_end.content.decode()
    assert DocumentJob.objects.count() == 1


def test_command_takes_the_start_of_the_period(plan: Plan, tmp_path: Path) -> None:
    output = tmp_path / "raportti.docx"
    year = plan.programme.start_year
    today = timezone.localdate()
    call_command(
        "implementation_report",
        "--programme",
        plan.programme.slug,
        "--format",
        "docx",
        "--since",
        f"{year}-01-01",
        "-o",
        str(output),
        stdout=io.StringIO(),
    )
    text = "\n".join(docx_text(output.read_bytes()))
    assert f"1.1.{year}–{today.day}.{today.month}.{today.year}" in text
    assert TEM_DONE in text
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert f"since {year}-01-01" in event.reason and "until default" in event.reason
    with pytest.raises(CommandError):
        call_command(
            "implementation_report",
            "--programme",
            plan.programme.slug,
            "--format",
            "pdf",
            "--since",
            f"{year}-06-02",
            "--until",
            f"{year}-06-01",
            "-o",
            str(output),
        )
    assert AuditEvent.objects.filter(action=Action.EXPORT).count() == 1


def test_reporter_may_not_prepare_or_download_documents(plan: Plan, meeting: Meeting) -> None:
    client = signed_in_client(plan.reporter)
    assert client.post(report_url(plan), {"format": "pdf", "language": "fi"}).status_code == 403
    assert client.get(report_url(plan)).status_code == 403
    assert client.get(reverse("programme-documents:minutes", args=[meeting.pk, "docx"])).status_code == 403
    assert not DocumentJob.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_plans_page_offers_the_report_as_a_form(plan: Plan) -> None:
    html = signed_in_client(plan.coordinator).get(f"/programme/{plan.programme.slug}/").content.decode()
    assert f'<form method="post" action="{report_url(plan)}">' in html
    assert 'name="format" value="pdf"' in html and 'name="format" value="docx"' in html
    assert "implementation-report.pdf" not in html


def test_coordinator_downloads_minutes_and_the_export_is_audited(plan: Plan, meeting: Meeting) -> None:
    client = signed_in_client(plan.coordinator)
    response = client.get(reverse("programme-documents:minutes", args=[meeting.pk, "docx"]), {"lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == documents.CONTENT_TYPES["docx"]
    assert "2020-12-14" in response["Content-Disposition"]
    assert labels("en", "Participants")[0] in docx_text(response.content)
    response = client.get(reverse("programme-documents:minutes", args=[meeting.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert client.get(reverse("programme-documents:minutes", args=[meeting.pk + 1000, "pdf"])).status_code == 404
    exports = AuditEvent.objects.filter(action=Action.EXPORT).order_by("id")
    assert [(event.object_type, event.object_id, event.reason) for event in exports] == [
        ("programme.meeting", str(meeting.pk), "docx"),
        ("programme.meeting", str(meeting.pk), "pdf"),
    ]


def test_command_writes_the_report_and_audits_the_export(plan: Plan, tmp_path: Path) -> None:
    output = tmp_path / "raportti.docx"
    call_command(
        "implementation_report",
        "--programme",
        plan.programme.slug,
        "--format",
        "docx",
        "--lang",
        "sv",
        "-o",
        str(output),
        stdout=io.StringIO(),
    )
    lines = docx_text(output.read_bytes())
    assert lines.count(measure_heading(3, "sv")) == 1
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.actor is None
    assert event.object_id == str(plan.programme.pk)
    assert "implementation_report" in event.reason and "docx" in event.reason
    with pytest.raises(CommandError):
        call_command("implementation_report", "--programme", "no-such", "--format", "pdf", "-o", str(output))


# The building blocks


def test_chart_is_deterministic_and_labelled() -> None:
    series = [("Etenee", "#56B4E9", [2, 0]), ("Valmis", "#009E73", [1, 3])]
    first = stacked_bar_chart(["1) Yksi", "2) Kaksi"], series, title="Tilanne", fmt="svg")
    assert first == stacked_bar_chart(["1) Yksi", "2) Kaksi"], series, title="Tilanne", fmt="svg")
    assert b"<dc:date>" not in first
    png = stacked_bar_chart(["1) Yksi", "2) Kaksi"], series, title="Tilanne", fmt="png")
    assert png.startswith(b"\x89PNG")
    assert png == stacked_bar_chart(["1) Yksi", "2) Kaksi"], series, title="Tilanne", fmt="png")
    with pytest.raises(ValueError):
        stacked_bar_chart(["1) Yksi"], series, title="Tilanne", fmt="svg")


@pytest.mark.parametrize("url", ["http://example.com/logo.png", "https://example.com/a.css", "file:///etc/passwd"])
def test_pdf_rendering_never_fetches_from_the_network_or_reads_other_files(url: str) -> None:
    with pytest.raises(ValueError):
        LocalOnlyFetcher().fetch(url)
