"""A new plan's own life cycle (drafted, circulated to the bodies for comments, approved step by step with
each step dated and linked to its minutes, published), and the international recommendations its measures
answer."""

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.programme.conftest import SMALL_PROGRAMME, reporter_of
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.programme import services
from torju.programme.models import (
    ApprovalStep,
    GroupKind,
    Meeting,
    PlanComment,
    Programme,
    ProgrammeGroup,
    RecommendationSource,
    Stage,
)
from torju.programme.programme_file import store_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db: None) -> Programme:
    """The next plan, as drafted in Torju: stored from a file, not yet circulated."""
    plan: Programme = store_programme({**SMALL_PROGRAMME, "slug": "2028-2029", "start_year": 2028, "end_year": 2029})
    assert plan.stage == Stage.DRAFT
    return plan


def minutes_of(plan: Programme, coordinator: User, kind: str, day: date) -> Meeting:
    group = ProgrammeGroup.objects.get_or_create(programme=plan, kind=kind, defaults={"name_fi": f"Ryhmä {kind}"})[0]
    return services.save_meeting(
        actor=Actor.for_user(coordinator),
        meeting=None,
        data=services.MeetingData(
            group=group,
            body=kind,
            date=day,
            start_time=time(10),
            place="Helsinki",
            participants=(services.ParticipantData(name="Puheenjohtaja", role="chair"),),
            agenda=(services.AgendaItemData(number=1, title="Toimintaohjelman hyväksyminen"),),
        ),
        revision=None,
    )


def test_a_new_plan_is_circulated_approved_step_by_step_and_published(draft: Programme, coordinator: User) -> None:
    actor = Actor.for_user(coordinator)
    reporter = reporter_of("TEM")
    assert signed_in_client(reporter).get(reverse("programme:detail", args=[draft.slug])).status_code == 404
    assert Client().get(reverse("progress:programme", args=[draft.slug])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.comment_on_plan(actor=Actor.for_user(reporter), programme=draft, text="Liian aikaisin.")
    services.circulate_plan(actor=actor, programme=draft)
    response = signed_in_client(reporter).post(
        reverse("programme:plan_comment", args=[draft.slug]), {"text": "TEM:n kommentti."}
    )
    assert response.status_code == 302
    assert PlanComment.objects.get().organisation == reporter.organisation
    other_reporter = reporter_of("MIGRI")
    inbox = signed_in_client(other_reporter).get("/").context["inbox"]
    assert [plan.slug for plan in inbox.plans_to_comment] == [draft.slug], "a body's reporter is asked to comment"

    working = minutes_of(draft, coordinator, GroupKind.WORKING_GROUP, date(2027, 9, 1))
    steering = minutes_of(draft, coordinator, GroupKind.STEERING_GROUP, date(2027, 9, 15))
    with pytest.raises(ValidationError) as refused:
        services.record_approval(
            actor=actor, programme=draft, step=ApprovalStep.STEERING_GROUP, decided_on=steering.date, meeting=steering
        )
    assert set(refused.value.message_dict) == {"step"}, "the working group approves first"
    with pytest.raises(ValidationError) as refused:
        services.record_approval(
            actor=actor, programme=draft, step=ApprovalStep.WORKING_GROUP, decided_on=working.date, meeting=steering
        )
    assert set(refused.value.message_dict) == {"meeting"}, "the step's own group's minutes"
    with pytest.raises(ValidationError) as refused:
        services.record_approval(
            actor=actor, programme=draft, step=ApprovalStep.WORKING_GROUP, decided_on=working.date, meeting=None
        )
    assert set(refused.value.message_dict) == {"meeting"}
    services.record_approval(
        actor=actor, programme=draft, step=ApprovalStep.WORKING_GROUP, decided_on=working.date, meeting=working
    )
    draft.refresh_from_db()
    assert draft.stage == Stage.IN_APPROVAL
    with pytest.raises(ValidationError) as refused:
        services.record_approval(
            actor=actor,
            programme=draft,
            step=ApprovalStep.STEERING_GROUP,
            decided_on=date(2027, 8, 1),
            meeting=steering,
        )
    assert "decided_on" in refused.value.message_dict
    services.record_approval(
        actor=actor, programme=draft, step=ApprovalStep.STEERING_GROUP, decided_on=steering.date, meeting=steering
    )
    ministers = minutes_of(draft, coordinator, GroupKind.MINISTERIAL_WORKING_GROUP, date(2027, 10, 2))
    services.record_approval(
        actor=actor,
        programme=draft,
        step=ApprovalStep.MINISTERIAL_WORKING_GROUP,
        decided_on=ministers.date,
        meeting=ministers,
    )
    with pytest.raises(ValidationError):
        services.publish_plan(actor=actor, programme=draft)
    with pytest.raises(ValidationError) as refused:
        services.record_approval(
            actor=actor, programme=draft, step=ApprovalStep.GOVERNMENT, decided_on=date(2027, 10, 20), meeting=None
        )
    assert set(refused.value.message_dict) == {"reference"}
    services.record_approval(
        actor=actor,
        programme=draft,
        step=ApprovalStep.GOVERNMENT,
        decided_on=date(2027, 10, 20),
        meeting=None,
        reference="Valtioneuvoston yleisistunto 20.10.2027",
    )
    draft.refresh_from_db()
    assert draft.stage == Stage.APPROVED
    page = signed_in_client(coordinator).get(reverse("programme:detail", args=[draft.slug])).content.decode()
    for day in ("1.9.2027", "15.9.2027", "2.10.2027", "20.10.2027"):
        assert day in page
    assert reverse("programme:meeting", args=[working.pk]) in page, "each step links to the minutes that record it"
    services.publish_plan(actor=actor, programme=draft)
    assert Client().get(reverse("progress:programme", args=[draft.slug])).status_code == 200


def test_the_pages_buttons_are_the_coordinators(draft: Programme, coordinator: User) -> None:
    with pytest.raises(PermissionDenied):
        services.circulate_plan(actor=Actor.for_user(reporter_of("TEM")), programme=draft)
    response = signed_in_client(coordinator).post(reverse("programme:plan_circulate", args=[draft.slug]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.stage == Stage.CIRCULATED


def test_recommendations_list_the_measures_that_answer_them_with_their_status(
    programme: Programme, coordinator: User
) -> None:
    actor = Actor.for_user(coordinator)
    greta = services.save_recommendation(
        actor=actor,
        recommendation=None,
        data=services.RecommendationData(
            source=RecommendationSource.GRETA,
            reference="GRETA(2024)03, kohta 45",
            text_fi="Viranomaisten tulisi tunnistaa työperäisen ihmiskaupan uhrit.",
            text_en="The authorities should identify victims of trafficking for labour exploitation.",
        ),
        programme=programme,
        measure_numbers=[1, 3],
    )
    services.save_recommendation(
        actor=actor,
        recommendation=None,
        data=services.RecommendationData(
            source=RecommendationSource.EU_DIRECTIVE, reference="2024/1712, 11 art.", text_fi="X"
        ),
        programme=programme,
        measure_numbers=[4],
    )
    with pytest.raises(ValidationError) as refused:
        services.save_recommendation(
            actor=actor,
            recommendation=greta,
            data=services.RecommendationData(
                source=RecommendationSource.GRETA, reference="GRETA(2024)03, kohta 45", text_fi="X"
            ),
            programme=programme,
            measure_numbers=[99],
        )
    assert set(refused.value.message_dict) == {"measures"}
    assert sorted(greta.measures.values_list("number", flat=True)) == [1, 3]
    rapporteur = signed_in_client(user_with_role(Role.RAPPORTEUR))
    response = rapporteur.get(reverse("programme:recommendations", args=[programme.slug]), {"source": "greta"})
    assert response.status_code == 200
    [(recommendation, rows)] = response.context["rows"]
    assert recommendation == greta
    assert [(row.measure.number, row.status) for row in rows] == [(1, "not_started"), (3, "not_started")]
    html = signed_in_client(coordinator).get(reverse("programme:measure", args=[programme.slug, 3])).content.decode()
    assert "GRETA(2024)03, kohta 45" in html


def test_a_draft_plan_is_only_the_coordinators(draft: Programme, coordinator: User) -> None:
    for role in (Role.REPORTER, Role.GROUP_MEMBER, Role.RAPPORTEUR):
        assert (
            signed_in_client(user_with_role(role)).get(reverse("programme:detail", args=[draft.slug])).status_code
            == 404
        )
    assert signed_in_client(coordinator).get(reverse("programme:detail", args=[draft.slug])).status_code == 200
    listing = signed_in_client(user_with_role(Role.RAPPORTEUR)).get(reverse("programme-api:programme-list")).json()
    assert draft.slug not in [item["slug"] for item in listing["results"]]
