"""Demo data of action-plan monitoring: an open round with reports in several states, and a meeting.

Fictitious people; the programme itself is the real, published 2026–2027 plan.
Created once: if the programme already has a reporting round, nothing is added.
"""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from torju.accounts.demo import demo_user
from torju.accounts.models import Organisation
from torju.actor import Actor
from torju.programme.models import (
    AgendaItem,
    GroupKind,
    Measure,
    Meeting,
    MeetingDecision,
    Participant,
    ParticipantRole,
    PriorityArea,
    Programme,
    Status,
)
from torju.programme.services import comment_on_report, open_round, save_status_report, set_priority_areas

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
    _demo_meeting(programme)
    return [f"Demo programme data: round “{reporting_round.name}” with {len(DEMO_REPORTS)} reports, one meeting."]


def _demo_meeting(programme: Programme) -> None:
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
