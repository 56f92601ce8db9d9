"""The review page, its documents and the API, per role, on a small register written by hand.

With the disclosure threshold at 3, the 2025 new clients are three from
Nepal, three from Somalia, two from Estonia and one from Iceland: the exact
form names Iceland, the public form merges Estonia and Iceland into other
countries. So "Islanti" on a page or in a file means the exact form leaked.
"""

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings

from tests.conftest import signed_in_client
from tests.documents.flow import ask_for, content_of, download, job_urls, run_tasks_at_once
from tests.factories import user_with_role
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.documents.models import DocumentJob, JobStatus
from torju.documents.tasks import start_document_job
from torju.register.countries import country_name
from torju.register.models import Application, ExploitationEvent, Person, ReflectionPeriod
from torju.statistics.document_jobs import REVIEW_DOCUMENT
from torju.statistics.documents import CONTENT_TYPES
from torju.statistics.permissions import EXACT, PUBLIC, YearNotEndedError, year_not_ended_message
from torju.statistics.selectors import public_statistics, review_statistics

pytestmark = pytest.mark.django_db

YEAR = 2025
SMALL_COUNTRY = "IS"  # one new client: only the exact form may name the country
ICELAND = country_name(SMALL_COUNTRY, "fi")
PREPARE = f"/statistics/{YEAR}/documents/"
OTHER_ROLES = [Role.REPORTER, Role.CASEWORKER, Role.DECISION_MAKER, Role.AUDITOR]
_numbers = count(1)


def new_client(
    nationality: str,
    *,
    year: int = YEAR,
    sex: str = "F",
    born: date = date(1995, 3, 1),
    events: tuple[tuple[str, str, str], ...] = (("forced_labour", "FI", "restaurants"),),
    source: str = "self",
    residence_status: str = "work_permit",
) -> Application:
    """A victim with a positive decision in `year` and their exploitation events (form, country, sector)."""
    number = next(_numbers)
    person = Person.objects.create(
        person_id=f"REV{number}", role="victim", sex=sex, birth_date=born, nationality=nationality
    )
    application = Application.objects.create(
        application_id=f"REVA{number:05d}",
        case_number=f"HEL-{year}-{number:06d}",
        person=person,
        received_on=date(year, 3, 1),
        office="HEL",
        source=source,
        residence_status=residence_status,
        decision="positive",
        decided_on=date(year, 4, 1),
    )
    for index, (form, country, sector) in enumerate(events):
        ExploitationEvent.objects.create(
            event_id=f"REVE{number}-{index}",
            application=application,
            exploitation_form=form,
            is_primary=index == 0,
            country=country,
            sector=sector,
        )
    return application


def small_register() -> None:
    """2024: two new clients from Nepal. 2025: nine new clients of four nationalities, one of them Icelandic."""
    for _index in range(2):
        new_client("NP", year=YEAR - 1)
    for nationality in ["NP", "NP", "NP", "SO", "SO", "SO", "EE", "EE", SMALL_COUNTRY]:
        new_client(nationality, sex="M" if nationality == "SO" else "F")
    abroad = new_client("NP", events=(("sexual_exploitation", "DE", ""),), source="police")
    ReflectionPeriod.objects.create(application=abroad, granted_on=date(YEAR, 5, 1), months=3)


@pytest.fixture
def register(settings: Settings, db: None) -> None:
    settings.STATISTICS_DISCLOSURE_K = 3
    small_register()


def other_countries(language: str = "fi") -> str:
    with translation.override(language):
        return capfirst(_("other countries"))


def views_of(year: int) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(object_type="statistics.annual", object_id=str(year))
        .order_by("id")
        .values_list("action", "reason")
    )


# The page


def test_analyst_sees_the_exact_figures_and_previews_the_public_form(
    register: None, client_for: Callable[[Role], Client]
) -> None:
    client = client_for(Role.ANALYST)
    page = client.get(f"/statistics/{YEAR}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert ICELAND in html
    assert 'href="?form=public"' in html
    with translation.override("fi"):
        assert _("Preview the public form") in html
    public = client.get(f"/statistics/{YEAR}/", {"form": "public"})
    assert public.status_code == 200
    html = public.content.decode()
    assert ICELAND not in html
    assert other_countries() in html
    assert 'href="?form=exact"' in html
    assert views_of(YEAR) == [(Action.VIEW, "exact"), (Action.VIEW, "public")]


def forced_labour_by_sex(*cells: str) -> str:
    """The forms-by-sex table's row of forced labour on the page: women, men, other, total."""
    return '<th scope="row">Pakkotyö</th>' + "".join(f'<td class="number">{cell}</td>' for cell in cells)


def test_the_forms_by_sex_are_exact_for_the_analyst_and_suppressed_in_the_public_form(
    register: None, client_for: Callable[[Role], Client]
) -> None:
    """Forced labour: 6 women, 3 men; sexual exploitation: 1 woman, withheld with three complementary cells."""
    analyst = client_for(Role.ANALYST).get(f"/statistics/{YEAR}/").content.decode()
    assert forced_labour_by_sex("6", "3", "0", "9") in analyst
    with translation.override("fi"):
        title = _("Trafficking events of the new clients by form of exploitation and sex")
    for html in (
        client_for(Role.ANALYST).get(f"/statistics/{YEAR}/", {"form": "public"}).content.decode(),
        client_for(Role.COORDINATOR).get(f"/statistics/{YEAR}/").content.decode(),
    ):
        assert title in html
        assert forced_labour_by_sex("..", "..", "0", "9") in html
        assert forced_labour_by_sex("6", "3", "0", "9") not in html


def test_coordinator_sees_the_public_form_and_is_refused_the_exact_one(
    register: None, client_for: Callable[[Role], Client]
) -> None:
    client = client_for(Role.COORDINATOR)
    page = client.get(f"/statistics/{YEAR}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert ICELAND not in html and other_countries() in html
    assert "?form=exact" not in html
    assert client.get(f"/statistics/{YEAR}/", {"form": "exact"}).status_code == 403
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).exists()
    assert views_of(YEAR) == [(Action.VIEW, "public")]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_no_statistics(register: None, client_for: Callable[[Role], Client], role: Role) -> None:
    client = client_for(role)
    for path in [
        "/statistics/",
        f"/statistics/{YEAR}/",
        f"/statistics/{YEAR}/documents/",
        "/api/statistics/annual/2025/",
    ]:
        assert client.get(path).status_code == 403, path
    assert client.post(PREPARE, {"format": "csv", "language": "fi"}).status_code == 403
    assert not DocumentJob.objects.exists()
    assert views_of(YEAR) == []


def test_anonymous_visitors_are_sent_to_sign_in(register: None, client: Client) -> None:
    page = client.get(f"/statistics/{YEAR}/")
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    assert client.get(f"/api/statistics/annual/{YEAR}/").status_code == 401  # no session, no token (0010)


def test_unknown_forms_years_formats_and_languages_are_refused(
    register: None, client_for: Callable[[Role], Client]
) -> None:
    client = client_for(Role.ANALYST)
    assert client.get(f"/statistics/{YEAR}/", {"form": "raw"}).status_code == 400
    assert client.get("/statistics/2005/").status_code == 404
    assert client.get(f"/statistics/{timezone.localdate().year + 1}/").status_code == 404
    assert client.post(PREPARE, {"format": "html", "language": "fi"}).status_code == 400
    assert client.post(PREPARE, {"format": "pdf", "language": "de"}).status_code == 400
    assert client.post("/statistics/2005/documents/", {"format": "pdf", "language": "fi"}).status_code == 404
    assert client.get(f"/statistics/{YEAR}/review.pdf").status_code == 404
    assert not DocumentJob.objects.exists()
    assert client.get(f"/api/statistics/annual/{YEAR}/", {"form": "raw"}).status_code == 400
    assert client.get("/api/statistics/annual/2005/").status_code == 404
    assert views_of(YEAR) == []


def test_the_page_follows_the_language_of_the_interface(register: None, client_for: Callable[[Role], Client]) -> None:
    client = client_for(Role.ANALYST)
    client.post("/language/", {"language": "sv", "next": "/"})
    html = client.get(f"/statistics/{YEAR}/").content.decode()
    assert '<html lang="sv">' in html
    assert country_name(SMALL_COUNTRY, "sv") in html
    assert "Tvångsarbete" in html and "Pakkotyö" not in html


def test_the_index_lists_the_years_of_the_register(register: None, client_for: Callable[[Role], Client]) -> None:
    page = client_for(Role.COORDINATOR).get("/statistics/").content.decode()
    current = timezone.localdate().year
    for year in range(YEAR - 1, current):
        assert f'href="/statistics/{year}/"' in page
    assert f'href="/statistics/{YEAR - 2}/"' not in page
    assert f'href="/statistics/{current}/"' not in page, "the year in progress is the analysts' only"


# Documents, prepared in the background


@pytest.fixture
def jobs(settings: Settings, tmp_path: Path) -> None:
    """Document jobs run at once, into a DATA_DIR of the test's own."""
    run_tasks_at_once(settings, tmp_path / "data")


def test_the_page_offers_the_documents_as_a_form(register: None, client_for: Callable[[Role], Client]) -> None:
    html = client_for(Role.ANALYST).get(f"/statistics/{YEAR}/").content.decode()
    assert f'<form method="post" action="{PREPARE}" class="inline-form">' in html
    for fmt in ("pdf", "docx", "xlsx", "csv"):
        assert f'name="format" value="{fmt}"' in html
    assert "review.pdf" not in html


@pytest.mark.usefixtures("jobs")
def test_documents_are_in_the_public_form_and_each_download_is_audited_once(
    register: None, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    analyst = user_with_role(Role.ANALYST)
    client = signed_in_client(analyst)
    texts = {}
    for fmt, language in [("csv", "fi"), ("xlsx", "fi"), ("docx", "sv"), ("pdf", "en")]:
        _response, job = ask_for(
            client, django_capture_on_commit_callbacks, PREPARE, {"format": fmt, "language": language}
        )
        assert job is not None, fmt
        job.refresh_from_db()
        assert (job.status, job.kind, job.parameters, job.subject) == (
            JobStatus.SUCCEEDED,
            "statistics.review",
            {"year": YEAR},
            str(YEAR),
        )
        assert client.get(job.get_absolute_url()).status_code == 200
        response = download(client, job)
        assert response["Content-Type"] == CONTENT_TYPES[fmt]
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert f"-{YEAR}-{language}.{fmt}" in response["Content-Disposition"]
        assert response["Content-Language"] == language
        texts[fmt] = content_of(response)
    rows = list(csv.reader(io.StringIO(texts["csv"].decode("utf-8-sig"))))
    codes = {row[2] for row in rows[1:]}
    assert "NP" in codes and "other" in codes
    assert SMALL_COUNTRY not in codes and "EE" not in codes
    assert ICELAND not in texts["csv"].decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(texts["xlsx"]))
    cells = {str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    assert other_countries() in cells and ICELAND not in cells and SMALL_COUNTRY not in cells
    document = docx.Document(io.BytesIO(texts["docx"]))
    written = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert other_countries("sv") in written and country_name(SMALL_COUNTRY, "sv") not in written
    assert texts["pdf"].startswith(b"%PDF-")
    assert views_of(YEAR) == [
        (Action.EXPORT, "csv fi public"),
        (Action.EXPORT, "xlsx fi public"),
        (Action.EXPORT, "docx sv public"),
        (Action.EXPORT, "pdf en public"),
    ]
    assert AuditEvent.objects.filter(action=Action.EXPORT, actor=analyst).count() == 4


@pytest.mark.usefixtures("jobs")
def test_the_coordinator_prepares_documents_too_and_nobody_else_sees_them(
    register: None,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    client_for: Callable[[Role], Client],
) -> None:
    client = client_for(Role.COORDINATOR)
    _response, job = ask_for(client, django_capture_on_commit_callbacks, PREPARE, {"format": "csv", "language": "fi"})
    assert job is not None
    response = download(client, job)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"-{YEAR}-fi.csv" in response["Content-Disposition"]
    for other in (client_for(Role.COORDINATOR), client_for(Role.ANALYST)):
        assert [other.get(url).status_code for url in job_urls(job)] == [404, 404, 404]
    assert views_of(YEAR) == [(Action.EXPORT, "csv fi public")]


# The API


def test_api_gives_the_public_form_only_to_analysts_and_coordinators_alike(
    register: None, client_for: Callable[[Role], Client]
) -> None:
    analyst, coordinator = client_for(Role.ANALYST), client_for(Role.COORDINATOR)
    url = f"/api/statistics/annual/{YEAR}/"
    public = analyst.get(url).json()
    assert public == public_statistics(YEAR)
    assert public["year"] == YEAR
    assert public["new_clients"]["victims"] == 10
    assert public["new_clients"]["by_nationality"] == {"NP": 4, "SO": 3, "other": 3}
    assert public["reflection_periods_granted"] == 1
    assert analyst.get(url, {"form": "public"}).json() == public
    assert coordinator.get(url).json() == public
    for client in (analyst, coordinator):
        refused = client.get(url, {"form": "exact"})
        assert refused.status_code == 400
        assert "form" in refused.json() and SMALL_COUNTRY not in refused.content.decode()
    assert views_of(YEAR) == [(Action.VIEW, "api public")] * 3


def test_the_json_download_is_the_public_form_the_api_gives_to_analysts_and_coordinators(
    register: None, client_for: Callable[[Role], Client]
) -> None:
    for role in (Role.ANALYST, Role.COORDINATOR):
        client = client_for(role)
        html = client.get(f"/statistics/{YEAR}/").content.decode()
        assert f'href="/statistics/{YEAR}/statistics.json" download' in html
        response = client.get(f"/statistics/{YEAR}/statistics.json")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="auttamisjarjestelman-tilastot-{YEAR}.json"'
        downloaded = json.loads(response.content)
        assert downloaded == client.get(f"/api/statistics/annual/{YEAR}/").json()
        assert downloaded["new_clients"]["by_nationality"] == {"NP": 4, "SO": 3, "other": 3}
        assert SMALL_COUNTRY not in downloaded["new_clients"]["by_nationality"]
    exports = [reason for action, reason in views_of(YEAR) if action == Action.EXPORT]
    assert exports == ["json public", "json public"]


def test_the_web_the_api_and_the_commands_have_the_same_years(
    register: None, client_for: Callable[[Role], Client], tmp_path: Path
) -> None:
    """From the assistance system's first year, 2006, to the last one that has ended; the current one on the
    analyst's screen and in the exact JSON only."""
    client = client_for(Role.ANALYST)
    current = timezone.localdate().year
    for year, status in [(2005, 404), (2006, 200), (current - 1, 200), (current, 403), (current + 1, 404)]:
        assert client.get(f"/statistics/{year}/").status_code == (200 if year == current else status), year
        assert client.get(f"/statistics/{year}/statistics.json").status_code == status, year
        assert client.get(f"/api/statistics/annual/{year}/").status_code == status, year
        for command, arguments in [
            ("annual_statistics", ["--public"]),
            ("render_review", ["--format", "csv", "-o", str(tmp_path / "review.csv")]),
        ]:
            if status == 200:
                call_command(command, "--year", str(year), *arguments, stdout=io.StringIO())
            else:
                message = "not published before the year has ended" if status == 403 else f"2006 to {current}"
                with pytest.raises(CommandError, match=message):
                    call_command(command, "--year", str(year), *arguments, stdout=io.StringIO())


# The current year: a difference attack if published (issue 10, item 7)


def this_year_refused(response: Any, language: str = "en") -> bool:
    """The refusal that says why: a 403 whose page or JSON body carries the message of the year not yet ended."""
    with translation.override(language):
        message = year_not_ended_message(timezone.localdate().year)
    if response.status_code != 403:
        return False
    body = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        return bool(json.loads(body)["detail"] == message)
    return escape(message) in body


def test_nothing_public_is_given_of_the_year_in_progress(
    register: None,
    client_for: Callable[[Role], Client],
    settings: Settings,
    tmp_path: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """Two days' public figures of the current year differ by the persons added in between: sex, age band,
    residence status, forms and nationality of one new client. So no public output of the year is ever made."""
    run_tasks_at_once(settings, tmp_path)
    current = timezone.localdate().year
    new_client("NP", year=current)
    for role in (Role.ANALYST, Role.COORDINATOR):
        client = client_for(role)
        client.cookies["django_language"] = "en"
        assert this_year_refused(client.get(f"/api/statistics/annual/{current}/", HTTP_ACCEPT_LANGUAGE="en"))
        assert this_year_refused(client.get(f"/statistics/{current}/statistics.json"))
        assert this_year_refused(client.get(f"/statistics/{current}/?form=public"))
        response, job = ask_for(
            client,
            django_capture_on_commit_callbacks,
            f"/statistics/{current}/documents/",
            {"format": "csv", "language": "en"},
        )
        assert this_year_refused(response) and job is None
    coordinator = client_for(Role.COORDINATOR)
    assert this_year_refused(coordinator.get(f"/statistics/{current}/"), "fi"), "the coordinator's page"
    index = coordinator.get("/statistics/").content.decode()
    assert f'href="/statistics/{current}/"' not in index and f'href="/statistics/{current - 1}/"' in index
    analyst = client_for(Role.ANALYST)
    page = analyst.get(f"/statistics/{current}/")
    assert page.status_code == 200 and "statistics.json" not in page.content.decode(), "exact, and no downloads"
    assert f'href="/statistics/{current}/"' in analyst.get("/statistics/").content.decode()
    with pytest.raises(YearNotEndedError):
        public_statistics(current)
    with pytest.raises(YearNotEndedError):
        review_statistics(current, PUBLIC)
    assert review_statistics(current, EXACT).current["new_clients"]["victims"] == 1
    assert not AuditEvent.objects.filter(action=Action.EXPORT, object_id=str(current)).exists()


def test_a_document_job_of_the_year_in_progress_fails_with_the_reason(
    register: None,
    settings: Settings,
    tmp_path: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """A job queued by a caller that did not ask the page (or queued before the year began) refuses too."""
    run_tasks_at_once(settings, tmp_path)
    current = timezone.localdate().year
    with django_capture_on_commit_callbacks(execute=True):
        job = start_document_job(
            actor=Actor.for_user(user_with_role(Role.ANALYST)),
            kind=REVIEW_DOCUMENT,
            fmt="pdf",
            language="en",
            parameters={"year": current},
        )
    job.refresh_from_db()
    with translation.override("en"):
        assert (job.status, job.error) == (JobStatus.FAILED, year_not_ended_message(current))


def test_api_is_in_the_openapi_schema_as_the_public_form(client_for: Callable[[Role], Client]) -> None:
    schema = client_for(Role.ANALYST).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/statistics/annual/{year}/"]["get"]
    (form,) = [parameter for parameter in operation["parameters"] if parameter["in"] == "query"]
    assert form["name"] == "form"
    assert form["schema"]["enum"] == ["public"]
    assert "public form" in form["description"] and "exact" not in str(form["schema"]["enum"])
    assert "public form" in operation["description"]
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response == {"$ref": "#/components/schemas/AnnualStatistics"}
    properties = schema["components"]["schemas"]["AnnualStatistics"]["properties"]
    assert set(properties) == {
        "year",
        "applications",
        "decisions",
        "new_clients",
        "exploited_in_finland",
        "reflection_periods_granted",
        "clienthoods_ended",
        "clients_at_year_end",
    }
