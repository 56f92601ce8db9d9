"""The answer "already registered" is a search (issue 10, hole 4): audited after the rollback, throttled.

A new applicant, a person edit and a child with the identity code of a person
registered anywhere are refused inside a transaction that rolls back; the
audit row of that answer must stay, and the answers count against the person
search's limit, on pages and in the API.
"""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.conftest import signed_in_client
from tests.factories import caseworker_at, decided_application, decision_maker_at, new_application, person_details
from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register import services
from torju.register.models import Application, Person
from torju.throttling import PERSON_SEARCH

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu(day: date, number: int) -> str:
    """A valid personal identity code of someone born in the 1900s."""
    digits = f"{day:%d%m%y}{number:03d}"
    return f"{day:%d%m%y}-{number:03d}{CHECK_CHARACTERS[int(digits) % 31]}"


REGISTERED = hetu(date(1985, 6, 1), 101)


def answers(user: User) -> list[tuple[str, dict[str, object] | None]]:
    """The audited "already registered" answers the user got."""
    return [
        (event.object_id, event.changes)
        for event in AuditEvent.objects.filter(actor=user, action=Action.SEARCH).order_by("pk")
        if (event.changes or {}).get("what") == "already_registered"
    ]


def applicant_form(identity_code: str) -> dict[str, str]:
    return {
        "person-first_names": "Uusi",
        "person-last_name": "Hakija",
        "person-hetu": identity_code,
        "person-sex": "F",
        "person-nationality": "NP",
        "application-received_on": date.today().strftime("%d.%m.%Y"),
        "application-source": "self",
        "application-residence_status": "unknown",
    }


@pytest.fixture
def registered() -> Application:
    """A person of the Tampere office with the identity code REGISTERED."""
    return new_application(caseworker_at("TRE"), hetu=REGISTERED, birth_date=None)


@pytest.mark.django_db(transaction=True)
def test_the_new_applicant_page_answer_is_audited_although_the_write_rolls_back(registered: Application) -> None:
    caseworker = caseworker_at("HEL")
    response = signed_in_client(caseworker).post(reverse("register:applicant_new"), applicant_form(REGISTERED))
    assert response.status_code == 400
    assert response.context["person_form"].errors["hetu"]
    assert Person.objects.count() == 1, "nothing saved"
    assert answers(caseworker) == [
        (str(registered.person_id), {"what": "already_registered", "criteria": ["hetu"], "found": 1})
    ]


@pytest.mark.django_db(transaction=True)
def test_the_api_person_edit_answer_is_audited_although_the_write_rolls_back(registered: Application) -> None:
    caseworker = caseworker_at("HEL")
    own = new_application(caseworker, first_names="Oma")
    response = signed_in_client(caseworker).patch(
        reverse("register_api:person-detail", args=[own.person_id]),
        {"hetu": REGISTERED, "birth_date": None, "revision": own.person.revision},
        content_type="application/json",
    )
    assert response.status_code == 400 and "hetu" in response.json()
    assert answers(caseworker) == [
        (str(registered.person_id), {"what": "already_registered", "criteria": ["hetu"], "found": 1})
    ]


@pytest.mark.django_db(transaction=True)
def test_adding_a_child_with_a_registered_identity_code_is_audited(registered: Application) -> None:
    caseworker = caseworker_at("HEL")
    case = decided_application(caseworker, decision_maker_at("HEL"))
    with pytest.raises(services.AlreadyRegisteredError):
        services.add_child(
            actor=Actor.for_user(caseworker),
            application=case,
            details=person_details(hetu=REGISTERED, birth_date=None),
            joined_on=date.today(),
        )
    assert [object_id for object_id, _changes in answers(caseworker)] == [str(registered.person_id)]


@pytest.fixture
def three_a_day(settings: Settings) -> None:
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, PERSON_SEARCH: ["3/day"]}


@pytest.mark.django_db
@pytest.mark.usefixtures("three_a_day")
def test_identity_code_answers_share_the_person_search_limit_on_pages_and_in_the_api(registered: Application) -> None:
    caseworker = caseworker_at("HEL")
    client: Client = signed_in_client(caseworker)
    page = reverse("register:applicant_new")
    assert client.post(page, applicant_form(REGISTERED)).status_code == 400
    assert client.post(page, applicant_form(hetu(date(1990, 1, 2), 202))).status_code == 302  # a "no" counts too
    search = client.post(reverse("register:person_search"), {"hetu": REGISTERED})
    assert search.status_code == 200  # the third of the day
    refused = client.post(page, applicant_form(hetu(date(1990, 1, 3), 303)))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    api = client.post(
        reverse("register_api:application-list"),
        {
            "received_on": date.today().isoformat(),
            "source": "self",
            "residence_status": "unknown",
            "person_details": {"hetu": REGISTERED, "sex": "F", "nationality": "NP"},
        },
        content_type="application/json",
    )
    assert api.status_code == 429 and int(api["Retry-After"]) > 0
    assert len(answers(caseworker)) == 1, "a refused request is not looked up"
    # Writes without an identity code, or with the person's own, ask nothing and are not limited.
    assert client.post(page, applicant_form("")).status_code == 302


@pytest.mark.django_db
@pytest.mark.usefixtures("three_a_day")
def test_an_edit_keeping_the_persons_own_identity_code_asks_nothing() -> None:
    caseworker = caseworker_at("HEL")
    own = new_application(caseworker, hetu=REGISTERED, birth_date=None)
    person = own.person
    for number in range(5):
        person = services.update_person(
            actor=Actor.for_user(caseworker),
            person=person,
            revision=person.revision,
            details=person_details(hetu=REGISTERED, birth_date=None, phone=f"+358 40 000 000{number}"),
        )
    assert person.revision == 6
