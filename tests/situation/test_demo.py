"""The demo's criminal-justice figures reproduce every figure the action plan's Annex 1 states, marked as demo data."""

import pytest

from torju.demo.situation import ensure_demo_justice_figures
from torju.situation.models import JusticeFigure

pytestmark = pytest.mark.django_db

TRAFFICKING = ("trafficking", "aggravated_trafficking")
ALL_SEVEN = (
    *TRAFFICKING,
    "pandering",
    "aggravated_pandering",
    "extortionate_work_discrimination",
    "illegal_immigration_arrangement",
    "aggravated_illegal_immigration_arrangement",
)


def total(year: int, stage: str, offences: tuple[str, ...], court: str = "") -> int:
    return sum(
        JusticeFigure.objects.filter(year=year, stage=stage, offence__in=offences, court=court).values_list(
            "value", flat=True
        )
    )


def value(year: int, stage: str, offence: str, court: str = "all") -> int:
    return JusticeFigure.objects.get(year=year, stage=stage, offence=offence, court=court).value


# (the plan's words, the figure read from the demo's figures, the plan's value)
STATED = [
    (
        "2015 … yhteensä 78 ihmiskauppa- tai lähirikosten esitutkintaa",
        lambda: total(2015, "investigation_opened", ALL_SEVEN),
        78,
    ),
    ("vuonna 2023 jo yhteensä 367", lambda: total(2023, "investigation_opened", ALL_SEVEN), 367),
    ("vuonna 2015 oli ihmiskauppanimikkeitä 30", lambda: total(2015, "investigation_opened", TRAFFICKING), 30),
    ("ja vuonna 2023 yhteensä 152", lambda: total(2023, "investigation_opened", TRAFFICKING), 152),
    ("152:sta … noin 91:ssä … Suomeen", lambda: total(2023, "investigation_in_finland", TRAFFICKING), 91),
    ("2021 kummastakin yksi (ihmiskauppa)", lambda: value(2021, "court_convicted", "trafficking"), 1),
    ("2021 kummastakin yksi (törkeä)", lambda: value(2021, "court_convicted", "aggravated_trafficking"), 1),
    ("2021 … syytteitä hylättiin … yhteensä neljä", lambda: total(2021, "court_acquitted", TRAFFICKING, "all"), 4),
    ("2022 ihmiskaupasta annettiin kolme tuomiota", lambda: value(2022, "court_convicted", "trafficking"), 3),
    ("2022 … törkeästä ihmiskaupasta yksi", lambda: value(2022, "court_convicted", "aggravated_trafficking"), 1),
    (
        "2022 … törkeästä ihmiskaupasta hylättiin … kaksi",
        lambda: value(2022, "court_acquitted", "aggravated_trafficking"),
        2,
    ),
    ("2023 … ihmiskaupasta seitsemän kertaa", lambda: value(2023, "court_convicted", "trafficking"), 7),
    (
        "2023 … neljä kertaa törkeästä ihmiskaupasta",
        lambda: value(2023, "court_convicted", "aggravated_trafficking"),
        4,
    ),
    ("2023 … syytteitä hylättiin yhteensä 11", lambda: total(2023, "court_acquitted", TRAFFICKING, "all"), 11),
    (
        "noin 70 ilmoitusta, asianomistaja alle 18 (2022–2024)",
        lambda: sum(total(year, "complainant_minor", TRAFFICKING) for year in (2022, 2023, 2024)),
        70,
    ),
]


def test_the_demo_figures_are_those_the_plan_states_and_demo_data_all() -> None:
    assert ensure_demo_justice_figures()[0].startswith("Demo criminal-justice figures (demo data): ")
    differences = [(words, read(), stated) for words, read, stated in STATED if read() != stated]
    assert differences == []
    assert not JusticeFigure.objects.filter(is_demo=False).exists()
    assert set(JusticeFigure.objects.values_list("year", flat=True)) == set(range(2015, 2025))
    assert ensure_demo_justice_figures()[0].endswith("nothing was added."), "safe to run again"
