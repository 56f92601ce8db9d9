"""The programme's sample objects for the permission matrix (see tests/matrix.py).

In the shipped 2026-2027 plan: an open reporting round on a measure of the
Ministry of Economic Affairs and Employment (TEM, the matrix reporter's body)
with that body's submitted status report (with an indicator, a milestone and a
recommendation on the measure), the working group with the matrix group
member as a member, a meeting of that group whose minutes are circulated
(with a decision and an attachment), a report circulated for comments and one
published. And a second plan circulated for comments, for the life cycle's
buttons. So whoever passes the access rule reaches a real object; others are
refused before anything is looked up, or told "not found".
"""

from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.factories import user_with_role
from torju.accounts.models import Organisation, Role, User
from torju.actor import Actor
from torju.programme import services
from torju.programme.models import (
    GroupKind,
    GroupMembership,
    Measure,
    MemberRole,
    Programme,
    RecommendationSource,
    Stage,
    Unit,
)

SHIPPED = "2026-2027"
CIRCULATED = "matrix-draft-plan"
REPORTER_BODY = "TEM"
SAMPLE_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def programme_samples(user: User | None) -> dict[str, Any]:
    programme = Programme.objects.get(slug=SHIPPED)
    measure = (
        Measure.objects.filter(programme=programme, responsibilities__organisation__code=REPORTER_BODY)
        .order_by("number")
        .first()
    )
    assert measure is not None, f"the shipped plan has no measure of {REPORTER_BODY}"
    coordinator = Actor.for_user(user_with_role(Role.COORDINATOR))
    today = timezone.localdate()
    reporting_round = services.open_round(
        actor=coordinator,
        programme=programme,
        name="Matriisin kierros",
        period_start=date(today.year, 1, 1),
        period_end=today,
        deadline=today + timedelta(days=30),
        measure_numbers=[measure.number],
    )
    indicator = services.save_indicator(
        actor=coordinator,
        measure=measure,
        indicator=None,
        data=services.IndicatorData(name_fi="Koulutukset", unit=Unit.COUNT, target=Decimal(10)),
    )
    milestone = services.save_milestone(
        actor=coordinator,
        measure=measure,
        milestone=None,
        data=services.MilestoneData(description_fi="Käsikirja valmis", due=today + timedelta(days=60)),
    )
    recommendation = services.save_recommendation(
        actor=coordinator,
        recommendation=None,
        data=services.RecommendationData(
            source=RecommendationSource.GRETA, reference="GRETA(2024)03 §1", text_fi="Suositus"
        ),
        programme=programme,
        measure_numbers=[measure.number],
    )
    report = services.save_status_report(
        actor=Actor.for_user(user_with_role(Role.REPORTER)),
        reporting_round=reporting_round,
        measure=measure,
        data={"status": "on_track", "done": "Koulutus pidetty.", "indicator_values": {str(indicator.pk): "2"}},
        revision=None,
        submit=True,
    )
    group = services.save_group(
        actor=coordinator,
        programme=programme,
        group=None,
        data=services.GroupData(kind=GroupKind.WORKING_GROUP, name_fi="Matriisin työryhmä"),
    )
    other_member = services.add_member(
        actor=coordinator, group=group, user=user_with_role(Role.GROUP_MEMBER), role=MemberRole.MEMBER
    )
    if user is not None and Role.GROUP_MEMBER in user.roles:
        GroupMembership.objects.create(group=group, user=user, role=MemberRole.MEMBER)
    meeting = services.save_meeting(
        actor=coordinator,
        meeting=None,
        data=services.MeetingData(
            group=group,
            body=GroupKind.WORKING_GROUP,
            date=today,
            start_time=time(9),
            place="Helsinki",
            participants=(services.ParticipantData(name="Aino Esimerkki", role="chair"),),
            agenda=(
                services.AgendaItemData(
                    number=1,
                    title="Tilanne",
                    decisions=(
                        services.DecisionData(
                            text="Selvitetään.",
                            owner=Organisation.objects.get(code=REPORTER_BODY),
                            deadline=today - timedelta(days=1),
                        ),
                    ),
                ),
            ),
        ),
        revision=None,
    )
    attachment = services.attach_file(actor=coordinator, name="liite.pdf", content=SAMPLE_PDF, meeting=meeting)
    services.circulate_minutes(actor=coordinator, meeting=meeting)
    circulated = services.save_publication(
        actor=coordinator,
        programme=programme,
        publication=None,
        data=services.PublicationData(kind="progress_report", as_of=today),
        revision=None,
    )
    services.circulate_publication(actor=coordinator, publication=circulated)
    published = services.save_publication(
        actor=coordinator,
        programme=programme,
        publication=None,
        data=services.PublicationData(kind="implementation_report", as_of=today),
        revision=None,
    )
    services.approve_publication(actor=coordinator, publication=published)
    services.publish_publication(actor=coordinator, publication=published)
    draft_plan = Programme.objects.create(
        slug=CIRCULATED,
        name_fi="Matriisin luonnos",
        start_year=today.year + 2,
        end_year=today.year + 3,
        stage=Stage.CIRCULATED,
    )
    return {
        "programme.programme": programme,
        "programme.measure": measure,
        "programme.round": reporting_round,
        "programme.report": report,
        "programme.meeting": meeting,
        "programme.decision": meeting.agenda_items.get().decisions.get(),
        "programme.attachment": attachment,
        "programme.group": group,
        "programme.membership": other_member,
        "programme.indicator": indicator,
        "programme.milestone": milestone,
        "programme.recommendation": recommendation,
        "programme.publication": circulated,
        "programme.published": published,
        "programme.circulated_plan": draft_plan,
    }
