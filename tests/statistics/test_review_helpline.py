"""The info line in the annual review and in its releases (issue #12): a section of its own, in the helpline's
public form in every publication (no count from 1 to k−1, secondary suppression), frozen in the release and the
same in every later release; the documents in fi, sv and en are in test_review_documents.py."""

import csv
import io
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from tests.helpline.builders import adviser, contact
from tests.situation.test_picture import texts
from tests.statistics.helpline_records import record_helpline_years
from tests.statistics.test_definitions import client, event, victim
from tests.statistics.test_releases import analyst, coordinator
from tests.statistics.test_review import K
from tests.statistics.test_review_documents import public_statistics
from torju.helpline.statistics import helpline_statistics
from torju.situation.services import approve_picture, draft_picture, propose_picture, save_sections
from torju.statistics.documents import ExactFormError, render_release, render_review
from torju.statistics.release_content import content_of
from torju.statistics.review import build_review
from torju.statistics.review.model import Section, Table
from torju.statistics.selectors import review_statistics
from torju.statistics.services import approve_release, propose_annual_review, review_statistics_of

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def helpline_section(sections: list[Section]) -> Section | None:
    return next((section for section in sections if section.key == "helpline"), None)


def rows(table: object) -> dict[str, tuple[int | None, int | None]]:
    assert isinstance(table, Table)
    return {row.key: (row.count, row.previous) for row in table.all_rows}


def test_the_review_has_an_info_line_section_in_the_public_form() -> None:
    with translation.override("en"):
        review = build_review(public_statistics())
    section = helpline_section(review.sections)
    assert section is not None and review.sections[-1] is section
    assert any("recorded 39 (2024: 20) contacts" in paragraph for paragraph in section.paragraphs)
    assert any("opened .. (2024: ..) consultation cases" in paragraph for paragraph in section.paragraphs), "2: under k"
    by_type = rows(section.tables[0])
    # 2025: employers 3 and relatives 2 withheld (two cells, so no third); 2024: one NGO withheld, so the
    # smallest other (5 potential victims) with it.
    assert by_type["police"] == (12, 8) and by_type["social_services"] == (9, 6)
    assert by_type["employer"] == (None, 0) and by_type["relative"] == (None, 0)
    assert by_type["ngo"] == (6, None) and by_type["potential_victim"] == (7, None)
    assert by_type["total"] == (39, 20)
    counts = [
        value
        for table in section.tables
        if isinstance(table, Table)
        for row in table.all_rows
        for value in (row.count, row.previous)
    ]
    assert not [count for count in counts if count is not None and 0 < count < K]


def test_the_section_is_left_out_without_recorded_work_and_exact_counts_are_refused() -> None:
    with translation.override("fi"):
        assert helpline_section(build_review(public_statistics(helpline=False)).sections) is None
        empty = {"2024": helpline_statistics(2024, public=True, k=K), "2025": helpline_statistics(2025, public=True)}
        assert (
            helpline_section(build_review(replace(public_statistics(helpline=False), helpline=empty)).sections) is None
        )
    contact(adviser(), datetime(2025, 3, 3, 12, tzinfo=HELSINKI))
    exact = replace(public_statistics(helpline=False), helpline={"2025": helpline_statistics(2025)})
    with pytest.raises(ExactFormError):
        render_review(exact, language="fi", fmt="csv")


def test_the_csv_of_the_review_carries_the_info_lines_tables() -> None:
    content = render_review(public_statistics(), language="en", fmt="csv")
    found = {
        (row[0], row[2], row[4]): row[5]
        for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))
        if row[0].startswith("helpline_")
    }
    assert found[("helpline_contacts_by_contact_type", "police", "2025")] == "12"
    assert found[("helpline_contacts_by_contact_type", "employer", "2025")] == "", "withheld: an empty count"
    assert found[("helpline_contacts_by_channel", "total", "2025")] == "39"


def test_the_release_freezes_the_info_lines_figures_and_later_releases_repeat_them() -> None:
    event(client(victim(nationality="NP"), date(2025, 4, 1)), "forced_labour", "FI")
    frozen = record_helpline_years(K)
    release = approve_release(coordinator(), propose_annual_review(analyst(), 2025))
    assert content_of(release)["helpline"] == frozen
    assert review_statistics_of(release).helpline == frozen
    # The info line records more of 2025 afterwards: the live figures change, the published ones do not.
    user = adviser()
    for _ in range(5):
        contact(user, datetime(2025, 6, 1, 12, tzinfo=HELSINKI), contact_type="police")
    assert helpline_statistics(2025, public=True, k=K)["contacts"]["total"] == 44
    assert review_statistics(2025, "public").helpline == frozen, "as published: a year's figures are one"
    author = coordinator()
    picture = draft_picture(author, 2024, 2025)
    picture = save_sections(author, picture, texts(), revision=picture.revision)
    propose_picture(author, picture)
    situation = approve_picture(coordinator(), picture)
    assert content_of(situation)["helpline"] == frozen
    document = render_release(release, language="sv", fmt="csv").decode("utf-8-sig")
    assert "helpline_contacts_by_contact_type" in document
