"""Permission-matrix rows for the statistics: pages, downloads, API, releases and the public statistics.

Analysts, coordinators and the national rapporteur read the statistics (the analyst's page in the
exact form, the coordinator's in the public one; the JSON download and the
API in the public form for both); everyone else is refused, and anonymous
visitors are sent to sign in (the API answers them 401). Asking
for a document (a POST that queues a document job) sends the reader to the
job's page; the matrix's test transaction never commits, so nothing is rendered.

Releases: analysts propose (sent to the new release's page); analysts and
coordinators see them, and approve or withdraw one proposed by someone else
(sent on). The public statistics and their API answer everyone, signed in
or not, with published releases only.
"""

from typing import Any

from tests.factories import user_with_role
from tests.matrix import Expectation, Samples, everyone, only, signed_in
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.statistics import services

READERS = (Role.ANALYST, Role.COORDINATOR, Role.RAPPORTEUR)
# The rapporteur reads but asks for nothing: a read-only role's POST is refused (accounts.middleware).
READERS_ARE_SENT_TO_THE_JOB = {
    **only(*READERS),
    Role.ANALYST.value: 302,
    Role.COORDINATOR.value: 302,
    Role.RAPPORTEUR.value: 403,
}
# Releases in the making are the analysts' and the coordinators' work; the rapporteur reads released ones.
RELEASE_WORKERS = (Role.ANALYST, Role.COORDINATOR)
READERS_ARE_SENT_ON = {**only(*RELEASE_WORKERS), Role.ANALYST.value: 302, Role.COORDINATOR.value: 302}
PUBLISHED_YEAR, PROPOSED_YEAR, PROPOSABLE_YEAR = 2023, 2024, 2022


def statistics_samples(user: User | None) -> dict[str, Any]:
    """A published release (proposed by one analyst, approved by a coordinator) and a proposal of another."""
    proposer = Actor.for_user(user_with_role(Role.ANALYST))
    published = services.propose_annual_review(proposer, PUBLISHED_YEAR)
    services.approve_release(Actor.for_user(user_with_role(Role.COORDINATOR)), published)
    proposed = services.propose_annual_review(proposer, PROPOSED_YEAR)
    return {"statistics.published": published, "statistics.proposed": proposed}


def _published(samples: Samples) -> dict[str, Any]:
    return {"pk": samples["statistics.published"].pk}


def _proposed(samples: Samples) -> dict[str, Any]:
    return {"pk": samples["statistics.proposed"].pk}


STATISTICS: dict[str, Expectation] = {
    "statistics:index": Expectation(only(*READERS)),
    "statistics:review": Expectation(only(*READERS), path="/statistics/2025/"),
    "statistics:prepare_document": Expectation(
        READERS_ARE_SENT_TO_THE_JOB,
        method="post",
        data={"format": "pdf", "language": "sv"},
        path="/statistics/2025/documents/",
    ),
    "statistics:public_json": Expectation(only(*READERS), path="/statistics/2025/statistics.json"),
    "statistics:legal_path_json": Expectation(only(*READERS), path="/statistics/2025/legal-path.json"),
    "statistics-api:annual": Expectation(
        {**signed_in(403, anonymous=401), **{role.value: 200 for role in READERS}}, path="/api/statistics/annual/2025/"
    ),
    "statistics:series": Expectation(only(*READERS), path="/statistics/series/?from=2022&to=2024"),
    "statistics:releases": Expectation(only(*RELEASE_WORKERS)),
    "statistics:propose_release": Expectation(
        {**only(Role.ANALYST), Role.ANALYST.value: 302}, method="post", data={"year": PROPOSABLE_YEAR}
    ),
    "statistics:release": Expectation(only(*RELEASE_WORKERS), kwargs=_proposed),
    "statistics:approve_release": Expectation(READERS_ARE_SENT_ON, method="post", kwargs=_proposed),
    "statistics:withdraw_release": Expectation(READERS_ARE_SENT_ON, method="post", kwargs=_proposed),
    "public_statistics:index": Expectation(everyone(200)),
    "public_statistics:release": Expectation(everyone(200), kwargs=_published),
    "public_statistics:data_json": Expectation(everyone(200), kwargs=_published),
    "public_statistics:download": Expectation(
        everyone(200), kwargs=lambda samples: {**_published(samples), "language": "sv", "fmt": "csv"}
    ),
    "public-statistics-api:releases": Expectation(everyone(200)),
    "public-statistics-api:release": Expectation(everyone(200), kwargs=_published),
}
