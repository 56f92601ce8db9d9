"""The implementation report and the progress report, rendered as their readers see them: each page drawn to a
PNG, nothing outside the page's content box but the footer, the Nordic letters ä, ö and å present as text in
embedded fonts; and the DOCX of each converted by LibreOffice, with the same checks on its pages."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation

from tests.programme.conftest import SMALL_PROGRAMME, open_whole_round, reporter_of
from tests.programme.page_checks import (
    DOCX,
    WEASYPRINT,
    fonts_embedded_with_unicode,
    libreoffice_pdf,
    overflow,
    text_of,
)
from torju.accounts.models import User
from torju.actor import Actor
from torju.documents.pdf import render_pdf
from torju.programme import documents, services
from torju.programme.documents.report_layout import write_publication
from torju.programme.models import Measure, Programme, Publication, RecommendationSource, Status, Unit
from torju.programme.programme_file import store_programme

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LONG_LINK = "https://example.fi/raportit/ihmiskaupan-vastainen-työ/toimeenpano/" + "alakohta-" * 12 + "loppu?vuosi=2026"


@pytest.fixture
def plan(coordinator: User) -> Programme:
    """A plan running this year with reports in every state, Swedish translations (å), indicators, milestones,
    a recommendation, and a long link in a report."""
    year = timezone.localdate().year
    plan: Programme = store_programme({**SMALL_PROGRAMME, "slug": "sivut", "start_year": year, "end_year": year + 1})
    actor = Actor.for_user(coordinator)
    for measure in Measure.objects.filter(programme=plan):
        measure.text_sv = f"Åtgärd {measure.number}: myndigheterna förbättrar identifieringen på Åland och i Åbo."
        measure.save()
    first = Measure.objects.get(programme=plan, number=1)
    trainings = services.save_indicator(
        actor=actor,
        measure=first,
        indicator=None,
        data=services.IndicatorData(
            name_fi="Koulutetut työsuojelutarkastajat",
            name_sv="Utbildade inspektörer",
            unit=Unit.COUNT,
            target=Decimal(120),
            baseline=Decimal(10),
        ),
    )
    services.save_milestone(
        actor=actor,
        measure=first,
        milestone=None,
        data=services.MilestoneData(description_fi="Verkkokoulutus käytössä", due=date(year, 12, 31)),
    )
    services.save_recommendation(
        actor=actor,
        recommendation=None,
        data=services.RecommendationData(
            source=RecommendationSource.GRETA,
            reference="GRETA(2024)03, kohta 45",
            text_fi="Työperäisen ihmiskaupan tunnistaminen.",
        ),
        programme=plan,
        measure_numbers=[1],
    )
    today = timezone.localdate()
    reporting_round = open_whole_round(
        plan,
        coordinator,
        name="Syksyn kierros",
        period_start=date(year, 1, 1),
        period_end=today,
        deadline=today + timedelta(days=14),
    )
    for code, number, status, done in [
        ("TEM", 1, Status.ON_TRACK, "Työsuojelutarkastajia koulutettiin Ålandissa ja Äänekoskella; palaute oli hyvää."),
        ("MIGRI", 3, Status.DELAYED, "Ohjeistuksen päivitys viivästyi henkilöstövaihdosten vuoksi."),
        ("OM", 4, Status.AT_RISK, "Rahoitusta ei ole löytynyt; työ on keskeytyksissä."),
    ]:
        services.save_status_report(
            actor=Actor.for_user(reporter_of(code)),
            reporting_round=reporting_round,
            measure=Measure.objects.get(programme=plan, number=number),
            data={
                "status": status,
                "done": done,
                "next_steps": "Jatketaan yhteistyössä hyvinvointialueiden kanssa.",
                "links": LONG_LINK,
                "indicator_values": {str(trainings.pk): "48"} if number == 1 else {},
            },
            revision=None,
            submit=True,
        )
    return plan


def progress_report(plan: Programme, coordinator: User) -> Publication:
    publication = services.save_publication(
        actor=Actor.for_user(coordinator),
        programme=plan,
        publication=None,
        data=services.PublicationData(
            kind="progress_report",
            as_of=timezone.localdate(),
            summary_fi="Toimeenpano etenee. Kaksi toimenpidettä on viivästynyt tai vaarassa: ne käsitellään ensin.",
            summary_sv="Genomförandet framskrider. Två åtgärder är försenade eller hotade: de behandlas först.",
            publisher="Oikeusministeriö",
            series="Oikeusministeriön julkaisuja, Selvityksiä ja ohjeita 2026:1",
        ),
        revision=None,
    )
    return services.approve_publication(actor=Actor.for_user(coordinator), publication=publication)


def check(pdf: Path, out: Path, margins: object, language: str) -> None:
    out.mkdir(exist_ok=True)
    problems = overflow(pdf, out, margins)  # type: ignore[arg-type]
    assert problems == {}, f"outside the content box: {problems}"
    assert len(list(out.glob(f"{pdf.stem}-page-*.png"))) > 3, "the page images are kept"
    text = text_of(pdf)
    letters = "äöå" if language == "sv" else "äö"
    assert all(letter in text for letter in letters), f"{letters} in the text"
    assert "Å" in text or "å" in text, "the Swedish letter å, in the plan's or the report's own text"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_implementation_report_renders_within_its_pages(plan: Programme, tmp_path: Path, language: str) -> None:
    pdf = tmp_path / f"toimeenpanoraportti-{language}.pdf"
    pdf.write_bytes(documents.implementation_report(plan, language=language, fmt="pdf"))
    check(pdf, tmp_path / "pdf", WEASYPRINT, language)
    assert fonts_embedded_with_unicode(pdf)
    docx_file = tmp_path / f"toimeenpanoraportti-{language}.docx"
    docx_file.write_bytes(documents.implementation_report(plan, language=language, fmt="docx"))
    converted = libreoffice_pdf(docx_file, tmp_path / "lo")
    check(converted, tmp_path / "lo-pages", DOCX, language)
    with translation.override(language):
        heading = documents.implementation_report_content(plan).labels["without_report"]
    assert heading in " ".join(text_of(converted).split()), "LibreOffice lays out the list of unreported measures"


def test_the_progress_report_renders_within_its_pages(plan: Programme, coordinator: User, tmp_path: Path) -> None:
    publication = progress_report(plan, coordinator)
    content = services.content_of(publication, "sv")
    assert [entry.number for entry in content.attention] == [3, 4]
    with translation.override("sv"):
        pdf = tmp_path / "lagesrapport.pdf"
        pdf.write_bytes(write_publication(content, "pdf"))
        docx_file = tmp_path / "lagesrapport.docx"
        docx_file.write_bytes(write_publication(content, "docx"))
    check(pdf, tmp_path / "pdf", WEASYPRINT, "sv")
    text = " ".join(text_of(pdf).split())
    for expected in (
        "Genomförandet framskrider.",
        "Oikeusministeriön julkaisuja",
        "Utbildade inspektörer",
        "GRETA(2024)03",
    ):
        assert expected in text, expected
    converted = libreoffice_pdf(docx_file, tmp_path / "lo")
    check(converted, tmp_path / "lo-pages", DOCX, "sv")
    assert "Genomförandet framskrider." in " ".join(text_of(converted).split())


def test_the_check_sees_text_running_off_the_page(tmp_path: Path) -> None:
    """The overflow check itself: a line that cannot wrap runs into the margin and is found."""
    pdf = tmp_path / "yli.pdf"
    line = f"<p style='white-space: nowrap'>{LONG_LINK * 2} äöå</p>"
    pdf.write_bytes(render_pdf(f"<html lang='fi'><head><title>Yli</title></head><body>{line}</body></html>"))
    problems = overflow(pdf, tmp_path, WEASYPRINT)
    assert list(problems) == ["yli-page-1.png"], "the line that runs off the page is found"
    assert "ink in a margin" in problems["yli-page-1.png"]
