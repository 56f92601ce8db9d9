"""The demo register reproduces every figure of the published statistics review 2025.

PUBLISHED transcribes the review (seeds/assistance-system-statistics-2025.txt,
"Ihmiskaupan uhrien auttamisjärjestelmän tilastot 2025"): each line quotes the
sentence a figure comes from, and says how that figure is read from the
spec's JSON. Percentages are rounded half up to whole percent of the base the
review names (spec/annual-statistics.md).
"""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Count, Max, Q

from torju.demo.register_data import load_demo_register, write_demo_register
from torju.demo.register_figures import REFERENCE_DATE
from torju.register.models import Application, ExploitationEvent, Person, ReflectionPeriod, ServiceProvided
from torju.statistics.computation import annual_statistics
from torju.statistics.disclosure import OTHER, public_form

Statistics = dict[str, Any]


def percent(part: int, base: int) -> int:
    """Whole percent, rounded half up."""
    return (200 * part + base) // (2 * base)


def share(statistics: Statistics, section: str, breakdown: str, key: str, base: str) -> int:
    return percent(statistics[section][breakdown][key], statistics[section][base])


def top(counts: dict[str, int], how_many: int, *, leave_out: tuple[str, ...] = ()) -> list[str]:
    ranked = sorted((key for key in counts if key not in leave_out), key=lambda key: -counts[key])
    return ranked[:how_many]


def wellbeing_share(statistics: Statistics) -> float:
    applications = statistics["applications"]
    return applications["by_source"]["wellbeing_services_county"] / applications["received"]


# (the review's wording, the figure read from this year's and the previous year's statistics, the review's value)
Figure = tuple[str, Callable[[Statistics, Statistics], object], object]
PUBLISHED: list[Figure] = [
    # Hakemukset ja päätökset vuonna 2025
    (
        "Vuonna 2025 ihmiskaupan uhrien auttamisjärjestelmään kirjattiin 467 hakemusta.",
        lambda year, _previous: year["applications"]["received"],
        467,
    ),
    (
        "Hakijoista 271 otettiin auttamisjärjestelmän asiakkaiksi.",
        lambda year, _previous: year["new_clients"]["victims"],
        271,
    ),
    (
        "Hakemuksista puolet tuli Maahanmuuttovirastosta ja vastaanottokeskuksista.",
        lambda year, _previous: percent(
            year["applications"]["by_source"]["migri_or_reception_centre"], year["applications"]["received"]
        ),
        50,
    ),
    (
        "Joka viides hakemus oli uhrin itsensä tekemä.",
        lambda year, _previous: percent(year["applications"]["by_source"]["self"], year["applications"]["received"]),
        20,
    ),
    (
        "Hyvinvointialueiden tekemien hakemusten osuus kaksinkertaistui edellisvuodesta.",
        lambda year, previous: round(wellbeing_share(year) / wellbeing_share(previous), 1),
        2.0,
    ),
    (
        "Hyvinvointialueiden … osuus kaksinkertaistui (in whole percent)",
        lambda year, previous: (
            percent(year["applications"]["by_source"]["wellbeing_services_county"], year["applications"]["received"])
            / percent(
                previous["applications"]["by_source"]["wellbeing_services_county"], previous["applications"]["received"]
            )
        ),
        2.0,
    ),
    ("Myönteisiä päätöksiä tehtiin 271.", lambda year, _previous: year["decisions"]["positive"], 271),
    ("Kielteisiä päätöksiä tehtiin 154.", lambda year, _previous: year["decisions"]["negative"], 154),
    (
        "Suurimpana syinä kielteiselle päätökselle olivat auttamistoimien tarpeen puuttuminen (49 %)",
        lambda year, _previous: share(year, "decisions", "negative_by_reason", "no_need_for_assistance", "negative"),
        49,
    ),
    (
        "… ja ettei kyseessä ollut ihmiskauppa (40 %).",
        lambda year, _previous: share(year, "decisions", "negative_by_reason", "not_trafficking", "negative"),
        40,
    ),
    (
        "Suurimpana syinä … (the two largest reasons)",
        lambda year, _previous: top(year["decisions"]["negative_by_reason"], 2),
        ["no_need_for_assistance", "not_trafficking"],
    ),
    ("Asiakkuus päättyi 169 henkilön osalta.", lambda year, _previous: year["clienthoods_ended"]["total"], 169),
    (
        "Yleisin syy asiakkuuden päättämiselle oli se, ettei asiakkaalla ollut enää auttamistoimien tarvetta (58 %).",
        lambda year, _previous: share(year, "clienthoods_ended", "by_reason", "no_longer_needs_assistance", "total"),
        58,
    ),
    (
        "Yleisin syy asiakkuuden päättämiselle … (the most common reason)",
        lambda year, _previous: top(year["clienthoods_ended"]["by_reason"], 1),
        ["no_longer_needs_assistance"],
    ),
    (
        "Maasta eri tavoin poistuneita tai kadonneita oli asiakkuudesta poistetuista 36 %.",
        lambda year, _previous: share(year, "clienthoods_ended", "by_reason", "left_country_or_disappeared", "total"),
        36,
    ),
    # Uudet asiakkaat 2025
    (
        "Vuonna 2025 asiakkaaksi tuli 271 ihmiskaupan uhria sekä 32 uhrien lasta.",
        lambda year, _previous: (year["new_clients"]["victims"], year["new_clients"]["children_of_victims"]),
        (271, 32),
    ),
    (
        "Uhreista 61 % oli naisia ja tyttöjä.",
        lambda year, _previous: share(year, "new_clients", "by_sex", "F", "victims"),
        61,
    ),
    (
        "Uusista asiakkaista 4 % oli alaikäisiä, 42 % oli iältään 18–29-vuotiaita, 35 % 30–39-vuotiaita, "
        "15 % 40–49-vuotiaita ja 3 % 50–59-vuotiaita.",
        lambda year, _previous: [
            share(year, "new_clients", "by_age_band", band, "victims")
            for band in ("0-17", "18-29", "30-39", "40-49", "50-59")
        ],
        [4, 42, 35, 15, 3],
    ),
    ("Kolme asiakasta oli tätä vanhempia.", lambda year, _previous: year["new_clients"]["by_age_band"]["60+"], 3),
    (
        "Uudet asiakkaat edustivat 50 eri kansalaisuutta.",
        lambda year, _previous: year["new_clients"]["nationalities"],
        50,
    ),
    (
        "Nepal ja Somalia olivat yleisimmät kansalaisuudet.",
        lambda year, _previous: list(year["new_clients"]["by_nationality"])[:2],
        ["NP", "SO"],
    ),
    (
        "Myös suomalaisia oli hyväksikäytettyjen joukossa. Heitä oli kaikkiaan 18 henkilöä (7 %).",
        lambda year, _previous: (
            year["new_clients"]["by_nationality"]["FI"],
            share(year, "new_clients", "by_nationality", "FI", "victims"),
        ),
        (18, 7),
    ),
    (
        "Yksi oli joutunut ulkomailla hyväksikäytetyksi, muut Suomessa.",
        lambda year, _previous: year["exploited_in_finland"]["by_nationality"]["FI"],
        17,
    ),
    (
        "Kaikista uusista asiakkaista alaikäisiä oli 10 henkilöä.",
        lambda year, _previous: year["new_clients"]["minors"],
        10,
    ),
    (
        "Muut maat -kohdassa (26 %) ovat kaikki ne kansalaisuudet, joita oli vähemmän kuin viisi henkilöä.",
        lambda year, _previous: percent(
            sum(persons for persons in year["new_clients"]["by_nationality"].values() if persons < 5),
            year["new_clients"]["victims"],
        ),
        26,
    ),
    (
        "Muut maat (26 %), in the public form with k = 5",
        lambda year, _previous: share(public_form(year, 5), "new_clients", "by_nationality", OTHER, "victims"),
        26,
    ),
    # Hyväksikäyttömuodot
    (
        "Uusia asiakkaita oli 271, mutta heihin kohdistui yhteensä 314 ihmiskauppatapahtumaa",
        lambda year, _previous: (year["new_clients"]["victims"], year["new_clients"]["events"]),
        (271, 314),
    ),
    # Suomessa tapahtunut hyväksikäyttö
    (
        "Vuonna 2025 141 henkilöä joutui Suomessa ihmiskaupan uhriksi. Heistä 86 oli miehiä ja 55 naisia.",
        lambda year, _previous: (
            year["exploited_in_finland"]["victims"],
            year["exploited_in_finland"]["by_sex"]["M"],
            year["exploited_in_finland"]["by_sex"]["F"],
        ),
        (141, 86, 55),
    ),
    (
        "Uhrit edustivat 31 kansalaisuutta.",
        lambda year, _previous: year["exploited_in_finland"]["nationalities"],
        31,
    ),
    (
        "Heihin kohdistui yhteensä 149 ihmiskauppatapahtumaa.",
        lambda year, _previous: year["exploited_in_finland"]["events"],
        149,
    ),
    (
        "Henkilöt, joihin kohdistui ihmiskauppaa toistuvasti, tai useampaa ihmiskaupan muotoa kerralla, "
        "olivat naisia (8 henkilöä).",
        lambda year, _previous: year["exploited_in_finland"]["multiple_events"],
        {"victims": 8, "by_sex": {"F": 8, "M": 0, "X": 0}},
    ),
    (
        "Suomessa uhriksi joutuneista suurin osa (101 tapausta, 68 %) oli joutunut pakkotyöhön.",
        lambda year, _previous: (
            year["exploited_in_finland"]["events_by_form"]["forced_labour"],
            share(year, "exploited_in_finland", "events_by_form", "forced_labour", "events"),
        ),
        (101, 68),
    ),
    (
        "Yleisimpinä aloina olivat metsätalous- ja puunkorjuualat, ravitsemustoiminta, maatalous- ja "
        "puutarhanhoito sekä rakennusala.",
        lambda year, _previous: top(year["exploited_in_finland"]["forced_labour_by_sector"], 4, leave_out=("unknown",)),
        ["forestry_and_logging", "restaurants", "agriculture_and_horticulture", "construction"],
    ),
    (
        "Vuonna 2024 pakkotyön uhreja Suomessa oli 54.",
        lambda _year, previous: previous["exploited_in_finland"]["events_by_form"]["forced_labour"],
        54,
    ),
    (
        "Vuonna 2025 Suomessa uhreiksi joutuneista 42 % oli nepalilaisia (59 henkilöä).",
        lambda year, _previous: (
            year["exploited_in_finland"]["by_nationality"]["NP"],
            share(year, "exploited_in_finland", "by_nationality", "NP", "victims"),
        ),
        (59, 42),
    ),
    (
        "Suomen kansalaisia oli 12 % (17 henkilöä).",
        lambda year, _previous: (
            year["exploited_in_finland"]["by_nationality"]["FI"],
            share(year, "exploited_in_finland", "by_nationality", "FI", "victims"),
        ),
        (17, 12),
    ),
    (
        "Auttamisjärjestelmä antoi vuoden 2025 aikana 35 ihmiskaupan uhrin harkinta-aikaa.",
        lambda year, _previous: year["reflection_periods_granted"],
        35,
    ),
    (
        "Suomessa uhriksi joutuneista valtaosa (68 %) oli erilaisilla luvilla laillisesti maassa.",
        lambda year, _previous: percent(
            year["exploited_in_finland"]["with_residence_permit"], year["exploited_in_finland"]["victims"]
        ),
        68,
    ),
    (
        "Suurimmalla osalla oli kausityölupa (50 henkilöä), työntekoon oikeuttava lupa (21) tai perhesidelupa "
        "(13 henkilöä).",
        lambda year, _previous: [
            year["exploited_in_finland"]["by_residence_status"][status]
            for status in ("seasonal_work_permit", "work_permit", "family_ties_permit")
        ],
        [50, 21, 13],
    ),
    (
        "Suurimmalla osalla oli … (the three largest statuses)",
        lambda year, _previous: top(year["exploited_in_finland"]["by_residence_status"], 3),
        ["seasonal_work_permit", "work_permit", "finnish_citizen"],
    ),
    (
        "Kansainvälistä suojelua hakeneita oli yhdeksän henkilöä eli 6 % kaikista Suomessa uhriksi joutuneista.",
        lambda year, _previous: (
            year["exploited_in_finland"]["by_residence_status"]["international_protection_applicant"],
            share(year, "exploited_in_finland", "by_residence_status", "international_protection_applicant", "victims"),
        ),
        (9, 6),
    ),
    (
        "14 henkilöä oleskeli laittomasti maassa.",
        lambda year, _previous: year["exploited_in_finland"]["by_residence_status"]["no_legal_residence"],
        14,
    ),
    # Kaikki asiakkaat 31.12.2025
    (
        "31.12.2025 auttamisjärjestelmässä oli 1634 henkilöä, joista tunnistettuja uhreja oli 1424 ja heidän "
        "alaikäisiä lapsiaan 210.",
        lambda year, _previous: (
            year["clients_at_year_end"]["total"],
            year["clients_at_year_end"]["victims"],
            year["clients_at_year_end"]["children_of_victims"],
        ),
        (1634, 1424, 210),
    ),
    (
        "85 henkilöä oli otettu järjestelmän piiriin alaikäisenä.",
        lambda year, _previous: year["clients_at_year_end"]["victims_entered_as_minors"],
        85,
    ),
    (
        "Lapsia uhrien joukossa oli 10.",
        lambda year, _previous: year["clients_at_year_end"]["victims_under_18"],
        10,
    ),
    (
        "Noin 61 % ihmiskaupan uhreista oli naisia.",
        lambda year, _previous: share(year, "clients_at_year_end", "victims_by_sex", "F", "victims"),
        61,
    ),
]


@pytest.mark.django_db
def test_the_demo_register_reproduces_every_figure_of_the_published_review() -> None:
    assert load_demo_register().startswith("Demo register (fictitious): ")
    year, previous = annual_statistics(2025), annual_statistics(2024)
    differences = [
        (wording, figure(year, previous), published)
        for wording, figure, published in PUBLISHED
        if figure(year, previous) != published
    ]
    assert differences == []
    # Those exploited in Finland are some of the year's new clients.
    new_clients = year["new_clients"]["by_nationality"]
    assert all(
        new_clients[country] >= persons for country, persons in year["exploited_in_finland"]["by_nationality"].items()
    )


@pytest.mark.django_db
def test_forms_of_exploitation_by_sex_are_as_the_review_says() -> None:
    """ "Pakkoavioliitto ja seksuaalinen hyväksikäyttö kohdistuvat useimmiten naisiin. Miehet olivat suuremmassa
    vaarassa joutua pakkotyön uhreiksi." The JSON has no forms by sex; this reads the register (in the demo every
    new client of 2025 has one positive decision in 2025)."""
    load_demo_register()
    events = ExploitationEvent.objects.filter(application__decision="positive", application__decided_on__year=2025)
    by_form = dict(
        events.values_list("exploitation_form")
        .annotate(women=Count("pk", filter=Q(application__person__sex="F")), all=Count("pk"))
        .values_list("exploitation_form", "women")
    )
    totals = dict(
        events.values_list("exploitation_form").annotate(all=Count("pk")).values_list("exploitation_form", "all")
    )
    assert by_form["forced_marriage"] > totals["forced_marriage"] / 2
    assert by_form["sexual_exploitation"] > totals["sexual_exploitation"] / 2
    new_clients = Application.objects.filter(decision="positive", decided_on__year=2025)
    persons = dict(new_clients.values_list("person__sex").annotate(n=Count("pk")).values_list("person__sex", "n"))
    in_forced_labour = dict(
        new_clients.filter(exploitation_events__exploitation_form="forced_labour")
        .values_list("person__sex")
        .annotate(n=Count("pk", distinct=True))
        .values_list("person__sex", "n")
    )
    assert in_forced_labour["M"] / persons["M"] > in_forced_labour["F"] / persons["F"]


@pytest.mark.django_db
def test_the_demo_register_loads_once_and_has_work_in_progress_up_to_the_reference_date() -> None:
    load_demo_register()
    persons = Person.objects.count()
    assert load_demo_register() == "Demo register: the register has persons already; nothing was loaded."
    assert Person.objects.count() == persons
    assert not Person.objects.exclude(person_id__startswith="DEMO-").exists()

    latest = [
        Application.objects.aggregate(
            received=Max("received_on"), decided=Max("decided_on"), ended=Max("clienthood_ended_on")
        ),
        Person.objects.aggregate(joined=Max("child_joined_on"), left=Max("child_left_on"), born=Max("birth_date")),
        ReflectionPeriod.objects.aggregate(granted=Max("granted_on")),
        ServiceProvided.objects.aggregate(started=Max("started_on"), ended=Max("ended_on")),
        ExploitationEvent.objects.aggregate(began=Max("began_on"), ended=Max("ended_on")),
    ]
    assert max(day for dates in latest for day in dates.values()) <= REFERENCE_DATE
    this_year = Application.objects.filter(received_on__year=2026)
    assert this_year.filter(decision="").count() >= 40  # waiting for a decision
    assert this_year.filter(decision="positive").exists() and this_year.filter(decision="negative").exists()
    assert Application.objects.filter(decision="positive", clienthood_ended_on__isnull=True).count() > 1000
    assert Application.objects.filter(clienthood_ended_on__year=2026).exists()
    assert ReflectionPeriod.objects.filter(granted_on__year=2026).exists()
    assert ServiceProvided.objects.filter(started_on__year=2026, ended_on__isnull=True).exists()
    assert Person.objects.filter(child_joined_on__year=2026).exists()
    # Someone refused in 2025 who was taken in as a client in 2026.
    assert (
        Person.objects.filter(applications__decision="negative", applications__decided_on__year=2025)
        .filter(applications__decision="positive", applications__decided_on__year=2026)
        .exists()
    )


def test_the_demo_register_is_the_same_files_every_time(tmp_path: Path) -> None:
    write_demo_register(tmp_path / "first")
    write_demo_register(tmp_path / "second")
    names = sorted(path.name for path in (tmp_path / "first").iterdir())
    assert names == ["applications.csv", "exploitation.csv", "persons.csv", "reflection_periods.csv", "services.csv"]
    for name in names:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()
    assert date.fromisoformat("2026-11-20") == REFERENCE_DATE
