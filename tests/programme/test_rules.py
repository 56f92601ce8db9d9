"""The rules of action-plan monitoring hold in the services, whoever calls them (issue 9, item 1).

The pages and the API only parse input; these tests call the services as a
command or a task would, with no form in between, and check that each rule
refuses bad data, names the field and writes nothing.
"""

from datetime import date, time
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.programme.conftest import open_whole_round, reporter_of
from torju.accounts.models import User
from torju.actor import Actor
from torju.programme import services
from torju.programme.models import Measure, Meeting, Programme, ReportComment, ReportingRound, StatusReport

pytestmark = pytest.mark.django_db


def fields_of(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(error.value.message_dict)


def round_values(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Syksy",
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 10, 31),
        "deadline": date(2026, 11, 30),
        "measure_numbers": [1, 2],
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"deadline": date(2026, 10, 30)}, {"deadline"}),
        ({"period_end": date(2025, 12, 31), "deadline": date(2025, 12, 31)}, {"period_end"}),
        ({"measure_numbers": [1, 99]}, {"measures"}),
        ({"measure_numbers": []}, {"measures"}),
        ({"name": "  "}, {"name"}),
        ({"deadline": date(2026, 1, 1), "measure_numbers": [99], "name": ""}, {"deadline", "measures", "name"}),
    ],
)
def test_a_round_is_refused_by_the_service_with_every_field_named(
    programme: Programme, coordinator: User, overrides: dict[str, Any], fields: set[str]
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.open_round(actor=Actor.for_user(coordinator), programme=programme, **round_values(**overrides))
    assert fields_of(refused) == fields
    assert not ReportingRound.objects.exists()


def test_a_round_due_on_the_last_day_of_its_period_is_accepted(programme: Programme, coordinator: User) -> None:
    opened = services.open_round(
        actor=Actor.for_user(coordinator),
        programme=programme,
        **round_values(period_end=date(2026, 11, 30), deadline=date(2026, 11, 30)),
    )
    assert sorted(opened.measures.values_list("number", flat=True)) == [1, 2]


@pytest.fixture
def reporting_round(programme: Programme, coordinator: User) -> ReportingRound:
    return open_whole_round(
        programme,
        coordinator,
        name="Syksy",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 10, 31),
        deadline=date(2026, 11, 30),
    )


def save(reporting_round: ReportingRound, **data: str) -> StatusReport:
    return services.save_status_report(
        actor=Actor.for_user(reporter_of("TEM")),
        reporting_round=reporting_round,
        measure=Measure.objects.get(programme=reporting_round.programme, number=1),
        data=data,
        revision=None,
        submit="status" in data,
    )


def test_links_that_are_not_web_addresses_are_refused_by_the_service(reporting_round: ReportingRound) -> None:
    with pytest.raises(ValidationError) as refused:
        save(reporting_round, done="Tehty.", links="https://tem.fi\nftp://palvelin/tiedosto")
    assert fields_of(refused) == {"links"}
    assert not StatusReport.objects.exists()
    assert save(reporting_round, done="Tehty.", links="https://tem.fi\n\nhttp://example.fi/a").links


def test_a_submission_without_a_status_is_refused_by_the_service(reporting_round: ReportingRound) -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_status_report(
            actor=Actor.for_user(reporter_of("TEM")),
            reporting_round=reporting_round,
            measure=Measure.objects.get(programme=reporting_round.programme, number=1),
            data={"done": "Tehty."},
            revision=None,
            submit=True,
        )
    assert fields_of(refused) == {"status"}
    assert not StatusReport.objects.exists()


def test_an_empty_comment_is_refused_by_the_service(reporting_round: ReportingRound, coordinator: User) -> None:
    report = save(reporting_round, status="on_track", done="Tehty.")
    with pytest.raises(ValidationError) as refused:
        services.comment_on_report(
            actor=Actor.for_user(coordinator), report=report, text="   ", return_for_completion=False
        )
    assert fields_of(refused) == {"text"}
    assert not ReportComment.objects.exists()


def meeting_data(programme: Programme, **overrides: Any) -> services.MeetingData:
    values: dict[str, Any] = {
        "programme": programme,
        "body": "working_group",
        "date": date(2026, 5, 4),
        "start_time": time(10),
        "end_time": time(11),
        "place": "Helsinki",
        "participants": (services.ParticipantData(name="Aino Esimerkki", role="chair"),),
        "agenda": (
            services.AgendaItemData(
                number=1, title="Tilanne", decisions=(services.DecisionData(text="Selvitetään.", measures=(3,)),)
            ),
        ),
        **overrides,
    }
    return services.MeetingData(**values)


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"end_time": time(9)}, {"end_time"}),
        ({"end_time": time(10)}, {"end_time"}),
        ({"participants": ()}, {"participants"}),
        ({"agenda": ()}, {"agenda"}),
        (
            {
                "agenda": (
                    services.AgendaItemData(number=1, title="Avaus"),
                    services.AgendaItemData(
                        number=1, title="Tilanne", decisions=(services.DecisionData(text="X", measures=(3, 99)),)
                    ),
                )
            },
            {"agenda.1.number", "agenda.1.decision_measures"},
        ),
    ],
)
def test_a_meeting_is_refused_by_the_service_with_the_row_named(
    programme: Programme, coordinator: User, overrides: dict[str, Any], fields: set[str]
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_meeting(
            actor=Actor.for_user(coordinator), meeting=None, data=meeting_data(programme, **overrides), revision=None
        )
    assert fields_of(refused) == fields
    assert not Meeting.objects.exists()


def test_a_meeting_cannot_take_over_another_meetings_rows(programme: Programme, coordinator: User) -> None:
    actor = Actor.for_user(coordinator)
    other = services.save_meeting(actor=actor, meeting=None, data=meeting_data(programme), revision=None)
    mine = services.save_meeting(actor=actor, meeting=None, data=meeting_data(programme), revision=None)
    stolen = other.participants.get()
    with pytest.raises(ValidationError) as refused:
        services.save_meeting(
            actor=actor,
            meeting=mine,
            data=meeting_data(
                programme, participants=(services.ParticipantData(name="X", role="member", id=stolen.pk),)
            ),
            revision=mine.revision,
        )
    assert fields_of(refused) == {"participants.0.name"}
    stolen.refresh_from_db()
    assert (stolen.meeting, stolen.name) == (other, "Aino Esimerkki")


def test_editing_a_decision_keeps_it_and_renumbering_items_works(programme: Programme, coordinator: User) -> None:
    actor = Actor.for_user(coordinator)
    meeting = services.save_meeting(actor=actor, meeting=None, data=meeting_data(programme), revision=None)
    item = meeting.agenda_items.get()
    decision = item.decisions.get()
    edited = meeting_data(
        programme,
        agenda=(
            services.AgendaItemData(number=1, title="Avaus"),
            services.AgendaItemData(
                id=item.pk,
                number=2,
                title="Tilanne",
                decisions=(
                    services.DecisionData(id=decision.pk, text="Selvitetään kesään mennessä.", measures=(3, 4)),
                ),
            ),
        ),
    )
    services.save_meeting(actor=actor, meeting=meeting, data=edited, revision=meeting.revision)
    decision.refresh_from_db()
    assert decision.text == "Selvitetään kesään mennessä."
    assert decision.agenda_item.number == 2
    assert sorted(decision.measures.values_list("number", flat=True)) == [3, 4]
    assert list(meeting.agenda_items.order_by("number").values_list("title", flat=True)) == ["Avaus", "Tilanne"]


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [({"slug": "my-reports"}, {"slug"}), ({"slug": "a b"}, {"slug"}), ({"end_year": 2027}, {"end_year"})],
)
def test_a_programme_is_refused_by_the_service(coordinator: User, overrides: dict[str, Any], fields: set[str]) -> None:
    values = {"slug": "2028-2031", "name_fi": "Uusi", "start_year": 2028, "end_year": 2031, **overrides}
    with pytest.raises(ValidationError) as refused:
        services.create_programme(actor=Actor.for_user(coordinator), **values)
    assert fields_of(refused) == fields
    assert not Programme.objects.filter(slug=values["slug"]).exists()
