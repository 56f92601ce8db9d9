"""Permission-matrix rows for the situational picture (see tests/matrix.py).

Coordinators bring in the figures, keep the mappings and draft the pictures;
analysts read the figures and their history; everyone else is refused and
anonymous visitors are sent to sign in. An upload without a file, or an
empty typed-in figure, is the coordinator's 400 with the errors listed.
"""

from datetime import date
from typing import Any

from tests.factories import user_with_role
from tests.matrix import Expectation, Samples, only
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.situation import services
from torju.situation.importing import Reading, check_row
from torju.situation.models import JusticeFigure

READERS = (Role.COORDINATOR, Role.ANALYST)


def situation_samples(user: User | None) -> dict[str, Any]:
    """A figure with an earlier value, and a draft picture."""
    coordinator = Actor.for_user(user_with_role(Role.COORDINATOR))
    for value in ("10", "12"):
        reading = Reading()
        check_row(
            {
                "year": "2023",
                "stage": "police_recorded",
                "offence": "trafficking",
                "court": "",
                "value": value,
                "source": "Tilastokeskus",
                "retrieved_on": date(2025, 1, 1).isoformat(),
            },
            "matrix",
            reading,
        )
        services.import_figures(coordinator, reading)
    picture = services.draft_picture(coordinator, 2020, 2024)
    return {"situation.figure": JusticeFigure.objects.get(year=2023), "situation.picture": picture}


def _figure(samples: Samples) -> dict[str, Any]:
    return {"pk": samples["situation.figure"].pk}


def _picture(samples: Samples) -> dict[str, Any]:
    return {"pk": samples["situation.picture"].pk}


COORDINATOR_GETS_400 = {**only(Role.COORDINATOR), Role.COORDINATOR.value: 400}

SITUATION: dict[str, Expectation] = {
    "situation:figures": Expectation(only(*READERS)),
    "situation:upload": Expectation(COORDINATOR_GETS_400, method="post"),
    "situation:add": Expectation(COORDINATOR_GETS_400, method="post"),
    "situation:history": Expectation(only(*READERS), kwargs=_figure),
    "situation:mappings": Expectation(only(Role.COORDINATOR)),
    "situation:pictures": Expectation(only(Role.COORDINATOR)),
    "situation:picture": Expectation(only(Role.COORDINATOR), kwargs=_picture),
}
