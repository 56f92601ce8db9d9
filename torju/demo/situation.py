"""The demo's criminal-justice figures (torju.situation): those the action plan's Annex 1 states, and plausible
ones for the rest of 2015–2024, every one marked as demo data.

Stated by the plan ("Liite 1. Tilannekuva tilastotiedon valossa", spec/situational-picture.md § 2):
investigations opened of trafficking and related offences 78 in 2015 and 367
in 2023, of trafficking offences 30 and 152, of those 152 about 91 at least
partly in Finland; convictions for trafficking and aggravated trafficking 1
and 1 in 2021 (4 charges rejected together), 3 and 1 in 2022 (2 rejected for
aggravated trafficking), 7 and 4 in 2023 (11 rejected together); about 70
reports with a complainant under 18 in 2022–2024. Where the plan gives a
total of two offences, the demo splits it (2021: 3 + 1 rejected; 2023: 8 + 3;
2022–2024 minors: 24 + 23 + 23). The other figures are invented, plausible,
and drawn with a fixed seed, so every run gives the same ones.
"""

import random
from datetime import date

from torju.actor import Actor
from torju.situation.importing import Reading, check_row
from torju.situation.models import JusticeFigure
from torju.situation.services import import_figures

SEED = 39  # measure 39 of the action plan
YEARS = range(2015, 2025)
RETRIEVED_ON = date(2025, 6, 30)
SOURCES = {
    "police_recorded": "Tilastokeskus, poliisin tietoon tulleet rikokset (demo)",
    "investigation_opened": "Poliisihallitus, esitutkinnat (demo)",
    "investigation_in_finland": "Keskusrikospoliisi, esitutkinnat (demo)",
    "complainant_minor": "Poliisihallitus, rikosilmoitukset (demo)",
    "prosecutor_received": "Syyttäjälaitos (demo)",
    "charged": "Syyttäjälaitos (demo)",
    "not_charged": "Syyttäjälaitos (demo)",
    "court_convicted": "Tilastokeskus, syyttäjät ja tuomioistuimet (demo)",
    "court_acquitted": "Tilastokeskus, syyttäjät ja tuomioistuimet (demo)",
}
TRAFFICKING = ("trafficking", "aggravated_trafficking")
RELATED = (
    "pandering",
    "aggravated_pandering",
    "extortionate_work_discrimination",
    "illegal_immigration_arrangement",
    "aggravated_illegal_immigration_arrangement",
)

# (year, stage, offence, court): value, as the plan states them.
STATED: dict[tuple[int, str, str, str], int] = {
    (2021, "court_convicted", "trafficking", "all"): 1,
    (2021, "court_convicted", "aggravated_trafficking", "all"): 1,
    (2021, "court_acquitted", "trafficking", "all"): 3,
    (2021, "court_acquitted", "aggravated_trafficking", "all"): 1,
    (2022, "court_convicted", "trafficking", "all"): 3,
    (2022, "court_convicted", "aggravated_trafficking", "all"): 1,
    (2022, "court_acquitted", "trafficking", "all"): 0,
    (2022, "court_acquitted", "aggravated_trafficking", "all"): 2,
    (2023, "court_convicted", "trafficking", "all"): 7,
    (2023, "court_convicted", "aggravated_trafficking", "all"): 4,
    (2023, "court_acquitted", "trafficking", "all"): 8,
    (2023, "court_acquitted", "aggravated_trafficking", "all"): 3,
    (2015, "investigation_opened", "trafficking", ""): 22,
    (2015, "investigation_opened", "aggravated_trafficking", ""): 8,
    (2023, "investigation_opened", "trafficking", ""): 118,
    (2023, "investigation_opened", "aggravated_trafficking", ""): 34,
    (2023, "investigation_in_finland", "trafficking", ""): 72,
    (2023, "investigation_in_finland", "aggravated_trafficking", ""): 19,
    (2022, "complainant_minor", "trafficking", ""): 24,
    (2023, "complainant_minor", "trafficking", ""): 23,
    (2024, "complainant_minor", "trafficking", ""): 23,
}
# Investigations opened of the related offences, adding up with the trafficking offences to the stated totals
# of all seven (78 in 2015, 367 in 2023).
RELATED_OPENED = {2015: (20, 4, 14, 6, 4), 2023: (60, 15, 80, 40, 20)}


def demo_figures() -> dict[tuple[int, str, str, str], int]:
    """Every demo figure: the stated ones and invented ones around them, the same on every run."""
    rng = random.Random(SEED)  # noqa: S311  (a reproducible demo, not a secret)
    figures = dict(STATED)
    for index, year in enumerate(YEARS):
        growth = 1 + index / 5
        for offence, share in (("trafficking", 0.75), ("aggravated_trafficking", 0.25)):
            opened = figures.setdefault(
                (year, "investigation_opened", offence, ""), max(1, round(40 * growth * share * rng.uniform(0.8, 1.2)))
            )
            figures.setdefault((year, "investigation_in_finland", offence, ""), round(opened * rng.uniform(0.4, 0.65)))
            figures.setdefault((year, "police_recorded", offence, ""), round(opened * rng.uniform(0.9, 1.1)))
            received = figures.setdefault((year, "prosecutor_received", offence, ""), round(opened * 0.35))
            figures.setdefault((year, "charged", offence, ""), round(received * rng.uniform(0.2, 0.4)))
            figures.setdefault((year, "not_charged", offence, ""), round(received * rng.uniform(0.3, 0.5)))
            figures.setdefault((year, "court_convicted", offence, "all"), rng.randint(0, 4))
            figures.setdefault((year, "court_acquitted", offence, "all"), rng.randint(0, 3))
        for number, offence in enumerate(RELATED):
            stated = RELATED_OPENED.get(year)
            opened = stated[number] if stated else max(1, round(35 * growth / len(RELATED) * rng.uniform(0.6, 1.4)))
            figures[(year, "investigation_opened", offence, "")] = opened
            figures.setdefault((year, "police_recorded", offence, ""), round(opened * rng.uniform(0.9, 1.2)))
        figures.setdefault((year, "complainant_minor", "trafficking", ""), rng.randint(8, 20))
    return figures


def ensure_demo_justice_figures() -> list[str]:
    """Load the demo's figures into an empty table; nothing when there are figures already."""
    if JusticeFigure.objects.exists():
        return ["Demo criminal-justice figures: there are figures already; nothing was added."]
    reading = Reading()
    for (year, stage, offence, court), value in sorted(demo_figures().items()):
        check_row(
            {
                "year": str(year),
                "stage": stage,
                "offence": offence,
                "court": court,
                "value": str(value),
                "source": SOURCES[stage],
                "retrieved_on": RETRIEVED_ON.isoformat(),
            },
            f"{year} {stage} {offence} {court}",
            reading,
        )
    result = import_figures(Actor.system("setup_demo", channel="command"), reading, file_name="demo", is_demo=True)
    return [f"Demo criminal-justice figures (demo data): {result.created} figures of 2015-2024."]
