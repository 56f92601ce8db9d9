"""Demo data of action-plan monitoring: an open round with reports in several states, a meeting of the
steering group with its minutes circulated to its members and an overdue decision, indicators, a milestone,
a recommendation, and a progress report circulated for comments.

Fictitious people; the programme itself is the real, published 2026–2027 plan.
Created once: if the programme already has a reporting round, nothing is added.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from torju.accounts.models import Organisation, User
from torju.actor import Actor
from torju.demo.users import demo_user
from torju.programme.models import (
    AgendaItem,
    GroupKind,
    Measure,
    Meeting,
    MeetingDecision,
    MemberRole,
    Participant,
    ParticipantRole,
    PriorityArea,
    Programme,
    RecommendationSource,
    Status,
    Unit,
)
from torju.programme.services import (
    GroupData,
    IndicatorData,
    MilestoneData,
    PublicationData,
    RecommendationData,
    add_member,
    circulate_minutes,
    circulate_publication,
    comment_on_report,
    open_round,
    save_group,
    save_indicator,
    save_milestone,
    save_publication,
    save_recommendation,
    save_status_report,
    set_priority_areas,
)

DEMO_SLUG = "2026-2027"

# (reporter, measure number, status, what was done, submit?)
DEMO_REPORTS = [
    (
        "demo-reporter",
        4,
        Status.ON_TRACK,
        "Muistion luonnos työntekijyyden ja yrittäjyyden rajanvedosta on valmis.",
        True,
    ),
    ("demo-reporter", 12, Status.NOT_STARTED, "Ohjauskirjeen valmistelu alkaa keväällä.", False),
    ("demo-reporter-migri", 5, Status.DELAYED, "Ohjeistuksen päivitys viivästyy henkilöstövaihdosten vuoksi.", True),
    ("demo-reporter-migri", 6, Status.ON_TRACK, "Pakkoavioliiton tunnistamisen koulutus pidettiin kahdesti.", True),
    ("demo-reporter-sm", 7, Status.ON_TRACK, "Lakiluonnos lausuntokierroksella.", False),
    ("demo-reporter-okm", 11, Status.AT_RISK, "Viestintä on alkanut, mutta resurssit ovat niukat.", True),
]
DEMO_PRIORITY_TAGS = {2: ["children_and_young_people"], 6: ["forced_marriage"], 10: ["children_and_young_people"]}


@transaction.atomic
def ensure_demo_programme_data() -> list[str]:
    programme = Programme.objects.filter(slug=DEMO_SLUG).first()
    if programme is None or programme.rounds.exists():
        return []
    coordinator = demo_user("demo-coordinator")
    today = timezone.localdate()
    values = _demo_implementation_plan(programme, coordinator)
    reporting_round = open_round(
        actor=Actor.for_user(coordinator),
        programme=programme,
        name=f"Tilanneraportointi {today.year}",
        period_start=today.replace(month=1, day=1),
        period_end=today,
        deadline=today + timedelta(days=21),
        measure_numbers=list(Measure.objects.filter(programme=programme).values_list("number", flat=True)),
    )
    for username, number, status, done, submit in DEMO_REPORTS:
        measure = Measure.objects.get(programme=programme, number=number)
        save_status_report(
            actor=Actor.for_user(demo_user(username)),
            reporting_round=reporting_round,
            measure=measure,
            data={
                "status": status,
                "done": done,
                "next_steps": "Jatketaan suunnitelman mukaan.",
                "funding": "",
                "links": "",
                "indicator_values": values.get(number, {}),
                "public_summary": done if submit else "",
            },
            revision=None,
            submit=submit,
        )
    returned = reporting_round.reports.get(measure__number=11)
    comment_on_report(
        actor=Actor.for_user(coordinator),
        report=returned,
        text="Kertokaa vielä, mitä viestintäkanavia on käytetty ja kenelle viesti on kohdistettu.",
        return_for_completion=True,
    )
    for number, codes in DEMO_PRIORITY_TAGS.items():
        set_priority_areas(
            actor=Actor.for_user(coordinator),
            measure=Measure.objects.get(programme=programme, number=number),
            areas=PriorityArea.objects.filter(code__in=codes),
        )
    meeting = _demo_meeting(programme)
    _demo_groups(programme, coordinator, meeting)
    return [f"Demo programme data: round “{reporting_round.name}” with {len(DEMO_REPORTS)} reports, one meeting."]


def _demo_implementation_plan(programme: Programme, coordinator: User) -> dict[int, dict[str, str]]:
    """Indicators of measures 2 and 4, a milestone of measure 5, a GRETA recommendation; the values the demo
    reports give (by measure number: indicator id: value)."""
    actor = Actor.for_user(coordinator)
    today = timezone.localdate()

    def measure(number: int) -> Measure:
        return Measure.objects.get(programme=programme, number=number)

    for name_fi, name_en, target in [
        ("NRM-käsikirjan koulutustilaisuuksia", "Training sessions on the NRM handbook", 20),
        ("Verkkokoulutuksen suorittaneita", "People who completed the e-learning", 500),
    ]:
        save_indicator(
            actor=actor,
            measure=measure(2),
            indicator=None,
            data=IndicatorData(
                name_fi=name_fi, name_en=name_en, unit=Unit.COUNT, target=Decimal(target), baseline=Decimal(0)
            ),
        )
    memo = save_indicator(
        actor=actor,
        measure=measure(4),
        indicator=None,
        data=IndicatorData(
            name_fi="Muistion valmiusaste", name_en="The memorandum done", unit=Unit.PERCENT, target=Decimal(100)
        ),
    )
    save_milestone(
        actor=actor,
        measure=measure(5),
        milestone=None,
        data=MilestoneData(description_fi="Päivitetty ohjeistus julkaistu", due=today + timedelta(days=60)),
    )
    save_recommendation(
        actor=actor,
        recommendation=None,
        data=RecommendationData(
            source=RecommendationSource.GRETA,
            reference="GRETA(2024)03, kohta 45",
            text_fi="Viranomaisten tulisi tunnistaa työperäisen ihmiskaupan uhrit nykyistä paremmin.",
            text_en="The authorities should better identify victims of trafficking for labour exploitation.",
        ),
        programme=programme,
        measure_numbers=[2, 3, 5],
    )
    return {4: {str(memo.pk): "60"}}


def _demo_groups(programme: Programme, coordinator: User, meeting: Meeting) -> None:
    """The working group and the steering group, demo-member in both; the steering group's minutes circulated;
    the decision of its meeting owned by Migri and overdue; a progress report circulated for comments."""
    actor = Actor.for_user(coordinator)
    member = demo_user("demo-member")
    groups = {}
    for kind, name_fi, name_sv, name_en in [
        (
            GroupKind.WORKING_GROUP,
            "Toimintaohjelman työryhmä",
            "Arbetsgruppen för handlingsplanen",
            "The action plan's working group",
        ),
        (GroupKind.STEERING_GROUP, meeting.body_name, "Styrgruppen", "The steering group"),
    ]:
        groups[kind] = save_group(
            actor=actor,
            programme=programme,
            group=None,
            data=GroupData(kind=kind, name_fi=name_fi, name_sv=name_sv, name_en=name_en),
        )
        add_member(actor=actor, group=groups[kind], user=member, role=MemberRole.MEMBER)
    Meeting.objects.filter(pk=meeting.pk).update(group=groups[GroupKind.STEERING_GROUP])
    MeetingDecision.objects.filter(agenda_item__meeting=meeting).update(
        owner=Organisation.objects.get(code="MIGRI"), deadline=timezone.localdate() - timedelta(days=5)
    )
    circulate_minutes(actor=actor, meeting=Meeting.objects.get(pk=meeting.pk))
    report = save_publication(
        actor=actor,
        programme=programme,
        publication=None,
        data=PublicationData(
            kind="progress_report",
            as_of=timezone.localdate(),
            summary_fi="Toimeenpano on käynnistynyt suunnitellusti. Toimenpiteet 5 ja 11 vaativat huomiota.",
            publisher="Oikeusministeriö",
        ),
        revision=None,
    )
    circulate_publication(actor=actor, publication=report)


def _demo_meeting(programme: Programme) -> Meeting:
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        programme=programme,
        body=GroupKind.STEERING_GROUP,
        body_name="Ihmiskaupan vastaisen toimintaohjelman toimeenpanoa seuraava ohjausryhmä",
        number=1,
        date=today - timedelta(days=30),
        start_time=time(14, 0),
        end_time=time(16, 0),
        place="Teams-kokous",
    )
    organisation = {
        org.code: org for org in Organisation.objects.filter(code__in=["OM", "KOORDINAATIO", "SM", "TEM", "STM"])
    }
    participants = [
        ("Aino Esimerkki", "Kansliapäällikkö", "OM", ParticipantRole.CHAIR, "", None),
        ("Ville Varanen", "Osastopäällikkö", "OM", ParticipantRole.VICE_CHAIR, "", None),
        (
            "Kaisa Koordinaattori",
            "Ihmiskaupan vastaisen työn koordinaattori",
            "KOORDINAATIO",
            ParticipantRole.SECRETARY,
            "pääsihteeri",
            None,
        ),
        ("Simo Sisänen", "Poliisiylitarkastaja", "SM", ParticipantRole.MEMBER, "", None),
        ("Terttu Työmaa", "Hallitusneuvos", "TEM", ParticipantRole.MEMBER, "", time(15, 0)),
        ("Sari Sosiaalinen", "Erityisasiantuntija", "STM", ParticipantRole.DEPUTY, "", None),
        ("Laura Lakimies", "Lakimies", "STM", ParticipantRole.INVITED, "", None),
    ]
    for position, (name, title, code, role, note, left_at) in enumerate(participants):
        Participant.objects.create(
            meeting=meeting,
            position=position,
            name=name,
            title=title,
            organisation=organisation.get(code),
            role=role,
            role_note=note,
            left_at=left_at,
        )
    items = [
        (
            "Kokouksen avaus ja asialistan hyväksyminen",
            "Puheenjohtaja avasi kokouksen klo 14.00. Asialista hyväksyttiin muutoksitta.",
            "",
        ),
        (
            "Toimintaohjelman toimeenpanon tilanne",
            "Pääsihteeri esitteli tilanneraportoinnin tulokset.",
            "Ohjausryhmä pyytää Maahanmuuttovirastolta selvityksen toimenpiteen 5 viivästymisestä.",
        ),
        ("Kokouksen päättäminen", "Puheenjohtaja päätti kokouksen klo 15.40.", ""),
    ]
    for number, (title, minutes, decision) in enumerate(items, start=1):
        item = AgendaItem.objects.create(meeting=meeting, number=number, title=title, minutes=minutes)
        if decision:
            MeetingDecision.objects.create(agenda_item=item, text=decision).measures.set(
                Measure.objects.filter(programme=programme, number=5)
            )
    return meeting
