"""The situational picture: drafted by a coordinator, approved by another (four eyes) into a frozen release; the
document in fi, sv and en reads as a publication (cover with publisher and date, contents, charts with their
sources, no overflow: rendered to PNG and checked as the review's are), and LibreOffice converts its DOCX."""

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tests.factories import user_with_role
from tests.situation.test_import import GOOD, csv_of
from tests.statistics.helpline_records import record_helpline_years
from tests.statistics.test_definitions import client, event, victim
from tests.statistics.test_review_documents import (
    DOCX_MARGINS,
    WEASYPRINT_MARGINS,
    font_problems,
    layout_problems,
    libreoffice_pdf,
    pdf_pages,
    pdf_text,
    write,
)
from torju.accounts.models import Role
from torju.actor import Actor
from torju.situation.importing import read_csv
from torju.situation.models import SECTION_KEYS, PictureStatus, SituationalPicture
from torju.situation.services import approve_picture, draft_picture, import_figures, propose_picture, save_sections
from torju.statistics.documents import render_release
from torju.statistics.models import Release, ReleaseStatus
from torju.statistics.release_content import content_of

pytestmark = pytest.mark.django_db

LANGUAGES = ("fi", "sv", "en")


def coordinator() -> Actor:
    return Actor.for_user(user_with_role(Role.COORDINATOR))


def texts() -> dict[str, dict[str, str]]:
    return {key: {language: f"{key} {language}: teksti, text, text." for language in LANGUAGES} for key in SECTION_KEYS}


def published_picture() -> Release:
    for year in range(2020, 2025):
        for index in range(6):
            application = client(victim(sex="F" if index % 2 else "M", nationality="NP"), date(year, 5, 1))
            event(application, "forced_labour", "FI" if index % 3 else "NP", "restaurants")
    record_helpline_years(5)  # the info line's chapter (issue #12): contacts of 2024, some withheld
    author = coordinator()
    import_figures(author, read_csv(csv_of(*GOOD)))
    picture = draft_picture(author, 2020, 2024)
    picture = save_sections(author, picture, texts(), revision=picture.revision)
    propose_picture(author, picture)
    return approve_picture(coordinator(), picture)


def test_a_coordinator_drafts_and_another_approves_the_picture_into_a_frozen_release() -> None:
    author = coordinator()
    picture = draft_picture(author, 2020, 2024)
    with pytest.raises(ValidationError):
        propose_picture(author, picture)  # the sections are not written yet
    picture = save_sections(author, picture, texts(), revision=picture.revision)
    propose_picture(author, picture)
    with pytest.raises(PermissionDenied):
        approve_picture(author, picture)
    with pytest.raises(PermissionDenied):
        approve_picture(Actor.for_user(user_with_role(Role.ANALYST)), picture)
    release = approve_picture(coordinator(), picture)
    assert release.status == ReleaseStatus.PUBLISHED and release.approved_by != release.proposed_by
    assert SituationalPicture.objects.get(pk=picture.pk).status == PictureStatus.PUBLISHED
    content = content_of(release)
    assert list(content["years"]) == ["2020", "2021", "2022", "2023", "2024"]
    assert Client().get(f"/public/statistics/{release.pk}/").status_code == 200


def test_a_draft_cannot_be_written_over_from_a_stale_form() -> None:
    author = coordinator()
    picture = draft_picture(author, 2020, 2024)
    save_sections(author, picture, texts(), revision=picture.revision)
    from torju.concurrency import EditConflictError

    with pytest.raises(EditConflictError):
        save_sections(author, picture, texts(), revision=picture.revision)
    with pytest.raises(ValidationError):
        draft_picture(author, 2020, date.today().year)


def headings(language: str) -> list[str]:
    with translation.override(language):
        return [
            _("Contents"),
            _("The Assistance System for Victims of Human Trafficking"),
            _("The criminal process in trafficking cases"),
            _("The info line: advice, consultations and referrals"),
            _("Conclusions"),
            _("The National Coordinator against Trafficking in Human Beings, Ministry of Justice"),
        ]


def footer(language: str, title: str, pages: int) -> re.Pattern[str]:
    with translation.override(language):
        label = pgettext("page number in a document's footer, before 'N / M'", "page")
    numbers = "|".join(str(number) for number in range(1, pages + 1))
    return re.compile(f"{re.escape(title)} {re.escape(label)} ({numbers}) / {pages}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_reads_as_a_publication_in_each_language(tmp_path: Path, language: str) -> None:
    release = published_picture()
    pdf = write(tmp_path, f"picture-{language}.pdf", render_release(release, language=language, fmt="pdf"))
    assert font_problems(pdf) == []
    text = " ".join(pdf_text(pdf).split())
    for heading in headings(language):
        assert heading in text, heading
    with translation.override(language):
        for number in range(1, 10):  # Annex 1's figures 1-7 and the info line's 8 and 9
            assert f"{pgettext('a chart in a document', 'Figure')} {number}." in text
        assert _("Source: %(sources)s.").split("%")[0].strip() in text
    assert "Oikeusrekisterikeskus" in text and "Poliisihallitus" in text, "the sources under the charts"
    assert f"conclusions {language}: teksti" in text
    pages = pdf_pages(pdf)
    assert len(pages) >= 6
    with translation.override(language):
        title = release.title
    assert layout_problems(pdf, tmp_path / "pages", WEASYPRINT_MARGINS, footer(language, title, len(pages))) == {}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_libreoffice_converts_the_docx_with_nothing_outside_the_content_box(tmp_path: Path, language: str) -> None:
    release = published_picture()
    content = render_release(release, language=language, fmt="docx")
    document = docx.Document(io.BytesIO(content))
    paragraphs = " ".join(paragraph.text for paragraph in document.paragraphs)
    for heading in headings(language):
        assert heading in paragraphs
    assert len(document.inline_shapes) == 9, "figures 1-7 and the info line's 8 and 9"
    converted = libreoffice_pdf(write(tmp_path, f"picture-{language}.docx", content), tmp_path)
    assert "Poliisihallitus" in pdf_text(converted)
    pages = pdf_pages(converted)
    problems = layout_problems(converted, tmp_path / "pages", DOCX_MARGINS, re.compile(r".*"))
    assert problems == {}, problems
    assert len(pages) >= 5


def test_the_open_data_of_the_picture_is_csv_and_xlsx() -> None:
    release = published_picture()
    csv = render_release(release, language="en", fmt="csv").decode("utf-8")
    assert "New clients of the assistance system 2020–2024" in csv
    assert "Contacts to the info line by who contacted 2024" in csv
    assert render_release(release, language="fi", fmt="xlsx").startswith(b"PK")
