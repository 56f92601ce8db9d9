"""Every rule of the register on both paths: what a caseworker enters (the services) and what an import loads.

Each rule's violation is fed to a service, which must refuse it naming the
field, and to an import of the hand-written register of conftest.py, which
must refuse it naming the column. docs/register-rules.md lists the rules
and where each is enforced; docs/decisions/0016-importer-and-services-agree.md
says why the two paths ask the same.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import (
    caseworker_at,
    decided_application,
    decision_maker_at,
    new_application,
    person_details,
)
from tests.register.conftest import OPERATOR, VALID_FILES, WriteRegister, problems_of, replaced
from torju.accounts.models import User
from torju.actor import Actor
from torju.register import services
from torju.register.exchange import import_register
from torju.register.models import Application, Person

pytestmark = pytest.mark.django_db


@dataclass
class World:
    """What the services' side of a rule works on: a caseworker's pending, current and ended applications."""

    caseworker: User
    pending: Application
    client: Application  # a current clienthood
    ended: Application  # a clienthood that ended twenty days after the decision

    @property
    def actor(self) -> Actor:
        return Actor.for_user(self.caseworker)


@pytest.fixture
def world(db: None) -> World:
    caseworker, decision_maker = caseworker_at("HEL"), decision_maker_at("HEL")
    ended = decided_application(caseworker, decision_maker, first_names="Päättynyt")
    assert ended.decided_on is not None
    ended = services.end_clienthood(
        actor=Actor.for_user(caseworker),
        application=ended,
        revision=ended.revision,
        ended_on=ended.decided_on + timedelta(days=20),
        end_reason="own_request",
    )
    return World(
        caseworker=caseworker,
        pending=new_application(caseworker, first_names="Odottava"),
        client=decided_application(caseworker, decision_maker, first_names="Asiakas"),
        ended=ended,
    )


def _tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


def _new_applicant(world: World, **details: object) -> None:
    services.register_new_applicant(
        actor=world.actor,
        details=person_details(**details),  # type: ignore[arg-type]
        received_on=timezone.localdate(),
        source="self",
        residence_status="unknown",
    )


def _event(world: World, application: Application | None = None, **values: object) -> None:
    event: dict[str, object] = {"exploitation_form": "forced_begging", "is_primary": False, "country": "FI"}
    services.add_exploitation_event(
        actor=world.actor,
        application=application or world.client,
        **{**event, **values},  # type: ignore[arg-type]
    )


def _service(world: World, application: Application | None = None, **values: object) -> None:
    application = application or world.client
    service: dict[str, object] = {"service": "counselling", "started_on": application.decided_on}
    services.add_service(actor=world.actor, application=application, **{**service, **values})  # type: ignore[arg-type]


def _child(world: World, *, birth_date: date | None = date(2015, 1, 1), joined_on: date | None = None) -> None:
    services.add_child(
        actor=world.actor,
        application=world.client,
        details=person_details(first_names="Lapsi", birth_date=birth_date),
        joined_on=joined_on or timezone.localdate(),
    )


def _days(day: date | None, days: int) -> date:
    assert day is not None
    return day + timedelta(days=days)


def _child_of(world: World) -> Person:
    _child(world)
    return world.client.person.children.get()


def _two_primary_forms(world: World) -> None:
    _event(world, is_primary=True)
    _event(world, is_primary=True)


def _end_child_before_joining(world: World) -> None:
    _child(world)
    child = world.client.person.children.get()
    assert child.child_joined_on is not None
    services.end_child_clienthood(
        actor=world.actor, application=world.client, child=child, left_on=child.child_joined_on - timedelta(days=1)
    )


@dataclass(frozen=True)
class Rule:
    name: str
    service: Callable[[World], object]  # makes a service refuse the rule's violation
    field: str | None  # the field the service names; None: a refusal of the whole entry
    files: Callable[[], dict[str, str]]  # the hand-written register with the same violation
    column: tuple[str, str]  # the file and column the import names


RULES = [
    # persons.csv
    Rule(
        "sex is a code of the list",
        lambda w: _new_applicant(w, sex="Q"),
        "sex",
        lambda: {"persons": replaced("persons.csv", "P2,victim,M,", "P2,victim,Q,")},
        ("persons.csv", "sex"),
    ),
    Rule(
        "nationality is a country code",
        lambda w: _new_applicant(w, nationality="QQ"),
        "nationality",
        lambda: {"persons": replaced("persons.csv", "P2,victim,M,,SO", "P2,victim,M,,QQ")},
        ("persons.csv", "nationality"),
    ),
    Rule(
        "no birth date in the future",
        lambda w: _new_applicant(w, birth_date=_tomorrow()),
        "birth_date",
        lambda: {"persons": replaced("persons.csv", "P2,victim,M,,", f"P2,victim,M,{_tomorrow().isoformat()},")},
        ("persons.csv", "birth_date"),
    ),
    Rule(
        "a child is under 18 when joining",
        lambda w: _child(w, birth_date=date(2000, 1, 1)),
        "birth_date",
        lambda: {
            "persons": replaced("persons.csv", "C1,child_of_victim,F,2015-02-01", "C1,child_of_victim,F,2006-02-28")
        },
        ("persons.csv", "birth_date"),
    ),
    Rule(
        "a child is born before joining",
        lambda w: _child(w, birth_date=timezone.localdate(), joined_on=_days(w.client.decided_on, 1)),
        "birth_date",
        lambda: {
            "persons": replaced("persons.csv", "C1,child_of_victim,F,2015-02-01", "C1,child_of_victim,F,2024-05-01")
        },
        ("persons.csv", "birth_date"),
    ),
    Rule(
        "a child joins on or after the parent's positive decision",
        lambda w: _child(w, joined_on=_days(w.client.decided_on, -1)),
        "joined_on",
        lambda: {"persons": replaced("persons.csv", ",P1,2024-03-01,", ",P1,2024-01-20,")},
        ("persons.csv", "child_joined_on"),
    ),
    Rule(
        "a child's parent has a positive decision",
        lambda w: services.add_child(
            actor=w.actor, application=w.pending, details=person_details(), joined_on=timezone.localdate()
        ),
        None,
        lambda: {"persons": replaced("persons.csv", ",P1,2024-03-01,", ",P2,2024-03-01,")},
        ("persons.csv", "parent_person_id"),
    ),
    Rule(
        "a child does not join in the future",
        lambda w: _child(w, joined_on=_tomorrow()),
        "joined_on",
        lambda: {"persons": replaced("persons.csv", ",P1,2024-03-01,", f",P1,{_tomorrow().isoformat()},")},
        ("persons.csv", "child_joined_on"),
    ),
    Rule(
        "a child's clienthood ends after it began",
        _end_child_before_joining,
        "left_on",
        lambda: {"persons": replaced("persons.csv", ",P1,2024-03-01,", ",P1,2024-03-01,2024-02-29")},
        ("persons.csv", "child_left_on"),
    ),
    # applications.csv
    Rule(
        "the applicant is a victim",
        lambda w: services.register_application(
            actor=w.actor,
            person=_child_of(w),
            received_on=timezone.localdate(),
            office="HEL",
            source="self",
            residence_status="unknown",
        ),
        "person",
        lambda: {"applications": replaced("applications.csv", "A3,P2,", "A3,C1,")},
        ("applications.csv", "person_id"),
    ),
    Rule(
        "no application received in the future",
        lambda w: services.register_new_applicant(
            actor=w.actor, details=person_details(), received_on=_tomorrow(), source="self", residence_status="unknown"
        ),
        "received_on",
        lambda: {"applications": replaced("applications.csv", "A3,P2,2025-01-15", f"A3,P2,{_tomorrow().isoformat()}")},
        ("applications.csv", "received_on"),
    ),
    Rule(
        "the source is a code of the list",
        lambda w: services.update_application(
            actor=w.actor,
            application=w.pending,
            revision=w.pending.revision,
            received_on=w.pending.received_on,
            source="x",
            residence_status="unknown",
        ),
        "source",
        lambda: {"applications": replaced("applications.csv", ",LPR,ngo,", ",LPR,x,")},
        ("applications.csv", "source"),
    ),
    Rule(
        "the residence status is a code of the list",
        lambda w: services.update_application(
            actor=w.actor,
            application=w.pending,
            revision=w.pending.revision,
            received_on=w.pending.received_on,
            source="self",
            residence_status="x",
        ),
        "residence_status",
        lambda: {"applications": replaced("applications.csv", ",LPR,ngo,unknown,", ",LPR,ngo,x,")},
        ("applications.csv", "residence_status"),
    ),
    Rule(
        "a decision is not made before the application was received",
        lambda w: services.draft_decision(
            actor=w.actor, application=w.pending, decision="positive", decided_on=_days(w.pending.received_on, -1)
        ),
        "decided_on",
        lambda: {"applications": replaced("applications.csv", "negative,2024-04-01", "negative,2024-03-01")},
        ("applications.csv", "decided_on"),
    ),
    Rule(
        "a withdrawn or lapsed application ends after it was received",
        lambda w: services.close_without_decision(
            actor=w.actor, application=w.pending, outcome="withdrawn", on=_days(w.pending.received_on, -1)
        ),
        "on",
        lambda: {
            "applications": replaced(
                "applications.csv",
                "A3,P2,2025-01-15,LPR,ngo,unknown,,",
                "A3,P2,2025-01-15,LPR,ngo,unknown,withdrawn,2025-01-01",
            )
        },
        ("applications.csv", "decided_on"),
    ),
    Rule(
        "a negative decision has its reason",
        lambda w: services.draft_decision(
            actor=w.actor, application=w.pending, decision="negative", decided_on=timezone.localdate()
        ),
        "negative_reason",
        lambda: {
            "applications": replaced("applications.csv", "negative,2024-04-01,not_trafficking", "negative,2024-04-01,")
        },
        ("applications.csv", "negative_reason"),
    ),
    Rule(
        "the reason of a negative decision is a code of the list",
        lambda w: services.draft_decision(
            actor=w.actor,
            application=w.pending,
            decision="negative",
            negative_reason="x",
            decided_on=timezone.localdate(),
        ),
        "negative_reason",
        lambda: {
            "applications": replaced("applications.csv", "negative,2024-04-01,not_trafficking", "negative,2024-04-01,x")
        },
        ("applications.csv", "negative_reason"),
    ),
    Rule(
        "a clienthood ends on or after the decision",
        lambda w: services.end_clienthood(
            actor=w.actor,
            application=w.client,
            revision=w.client.revision,
            ended_on=_days(w.client.decided_on, -1),
            end_reason="own_request",
        ),
        "ended_on",
        lambda: {"applications": replaced("applications.csv", "2024-02-01,,2024-12-31", "2024-02-01,,2024-01-31")},
        ("applications.csv", "clienthood_ended_on"),
    ),
    Rule(
        "the end reason is a code of the list",
        lambda w: services.end_clienthood(
            actor=w.actor,
            application=w.client,
            revision=w.client.revision,
            ended_on=timezone.localdate(),
            end_reason="x",
        ),
        "end_reason",
        lambda: {"applications": replaced("applications.csv", "no_longer_needs_assistance", "x")},
        ("applications.csv", "end_reason"),
    ),
    Rule(
        "only a positive decision has a clienthood to end",
        lambda w: services.end_clienthood(
            actor=w.actor,
            application=w.pending,
            revision=w.pending.revision,
            ended_on=timezone.localdate(),
            end_reason="own_request",
        ),
        None,
        lambda: {
            "applications": replaced("applications.csv", "not_trafficking,,", "not_trafficking,2024-05-01,own_request")
        },
        ("applications.csv", "clienthood_ended_on"),
    ),
    # exploitation.csv
    Rule(
        "the form of exploitation is a code of the list",
        lambda w: _event(w, exploitation_form="x"),
        "exploitation_form",
        lambda: {"exploitation": replaced("exploitation.csv", "E2,A1,sexual_exploitation", "E2,A1,x")},
        ("exploitation.csv", "form"),
    ),
    Rule(
        "the country is a country code",
        lambda w: _event(w, country="QQ"),
        "country",
        lambda: {
            "exploitation": replaced("exploitation.csv", "sexual_exploitation,false,NP", "sexual_exploitation,false,QQ")
        },
        ("exploitation.csv", "country"),
    ),
    Rule(
        "a sector only for forced labour",
        lambda w: _event(w, sector="cleaning"),
        "sector",
        lambda: {
            "exploitation": replaced(
                "exploitation.csv", "sexual_exploitation,false,NP,,", "sexual_exploitation,false,NP,cleaning,"
            )
        },
        ("exploitation.csv", "sector"),
    ),
    Rule(
        "an event ends after it began",
        lambda w: _event(w, began_on=date(2023, 6, 1), ended_on=date(2023, 5, 1)),
        "ended_on",
        lambda: {"exploitation": replaced("exploitation.csv", "2023-06-01,2023-09-30", "2023-06-01,2023-05-01")},
        ("exploitation.csv", "ended_on"),
    ),
    Rule(
        "an event does not begin in the future",
        lambda w: _event(w, began_on=_tomorrow()),
        "began_on",
        lambda: {
            "exploitation": replaced(
                "exploitation.csv",
                "sexual_exploitation,false,NP,,,",
                f"sexual_exploitation,false,NP,,{_tomorrow().isoformat()},",
            )
        },
        ("exploitation.csv", "began_on"),
    ),
    Rule(
        "one primary form per application",
        _two_primary_forms,
        "is_primary",
        lambda: {"exploitation": replaced("exploitation.csv", "sexual_exploitation,false", "sexual_exploitation,true")},
        ("exploitation.csv", "is_primary"),
    ),
    # reflection_periods.csv
    Rule(
        "a reflection period is 1 to 6 months",
        lambda w: services.grant_reflection_period(
            actor=w.actor, application=w.pending, granted_on=timezone.localdate(), months=7
        ),
        "months",
        lambda: {"reflection_periods": replaced("reflection_periods.csv", "A2,2024-03-10,3", "A2,2024-03-10,7")},
        ("reflection_periods.csv", "months"),
    ),
    Rule(
        "a reflection period is not granted in the future",
        lambda w: services.grant_reflection_period(
            actor=w.actor, application=w.pending, granted_on=_tomorrow(), months=3
        ),
        "granted_on",
        lambda: {
            "reflection_periods": replaced(
                "reflection_periods.csv", "A2,2024-03-10,3", f"A2,{_tomorrow().isoformat()},3"
            )
        },
        ("reflection_periods.csv", "granted_on"),
    ),
    # services.csv
    Rule(
        "the service is a code of the list",
        lambda w: _service(w, service="sauna"),
        "service",
        lambda: {"services": replaced("services.csv", "A1,health_services,", "A1,sauna,")},
        ("services.csv", "service"),
    ),
    Rule(
        "a service belongs to a positive decision's clienthood",
        lambda w: _service(w, w.pending, started_on=timezone.localdate()),
        None,
        lambda: {"services": VALID_FILES["services.csv"] + "A3,counselling,2025-01-20,\n"},
        ("services.csv", "application_id"),
    ),
    Rule(
        "a service ends after it began",
        lambda w: _service(w, started_on=timezone.localdate(), ended_on=_days(timezone.localdate(), -1)),
        "ended_on",
        lambda: {"services": replaced("services.csv", "2024-02-02,2024-06-30", "2024-02-02,2024-02-01")},
        ("services.csv", "ended_on"),
    ),
    Rule(
        "a service does not begin in the future",
        lambda w: _service(w, started_on=_tomorrow()),
        "started_on",
        lambda: {
            "services": replaced(
                "services.csv", "A1,health_services,2024-02-10", f"A1,health_services,{_tomorrow().isoformat()}"
            )
        },
        ("services.csv", "started_on"),
    ),
    Rule(
        "a service begins once the application was received",
        lambda w: _service(w, started_on=_days(w.client.received_on, -1)),
        "started_on",
        lambda: {
            "services": replaced("services.csv", "A1,health_services,2024-02-10", "A1,health_services,2024-01-09")
        },
        ("services.csv", "started_on"),
    ),
    Rule(
        "a service does not begin after the clienthood ended",
        lambda w: _service(w, w.ended, started_on=_days(w.ended.clienthood_ended_on, 1)),
        "started_on",
        lambda: {
            "services": replaced("services.csv", "A1,health_services,2024-02-10", "A1,health_services,2025-01-01")
        },
        ("services.csv", "started_on"),
    ),
]


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_a_rule_is_kept_by_the_services_and_the_import_alike(
    rule: Rule, world: World, write_register: WriteRegister
) -> None:
    with pytest.raises(ValidationError) as refused:
        rule.service(world)
    if rule.field is None:
        assert not hasattr(refused.value, "error_dict"), refused.value
    else:
        assert rule.field in refused.value.error_dict, refused.value
    before = Application.objects.count()
    problems = problems_of(write_register(**rule.files()))
    assert rule.column in {(file, column) for file, _line, column, _value, _reason in problems}, problems
    assert Application.objects.count() == before  # the import wrote nothing


def test_the_hand_written_register_keeps_every_rule(write_register: WriteRegister) -> None:
    """The register the rules above break one at a time loads whole."""
    result = import_register(write_register(), actor=OPERATOR)
    assert result.created["persons.csv"] == 3
