"""Permission-matrix rows for the annual statistics: pages, downloads and API (see tests/matrix.py).

Analysts, coordinators and the national rapporteur read the statistics (the analyst's page in the
exact form, the coordinator's in the public one; the JSON download and the
API in the public form for both); everyone else is refused, and anonymous
visitors are sent to sign in (the API answers them 403). Asking
for a document (a POST that queues a document job) sends the reader to the
job's page; the matrix's test transaction never commits, so nothing is rendered.
"""

from tests.matrix import Expectation, only, signed_in
from torju.accounts.models import Role

READERS = (Role.ANALYST, Role.COORDINATOR, Role.RAPPORTEUR)
# The rapporteur reads but asks for nothing: a read-only role's POST is refused (accounts.middleware).
READERS_ARE_SENT_TO_THE_JOB = {
    **only(*READERS),
    Role.ANALYST.value: 302,
    Role.COORDINATOR.value: 302,
    Role.RAPPORTEUR.value: 403,
}

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
    "statistics-api:annual": Expectation(
        {**signed_in(403, anonymous=403), **{role.value: 200 for role in READERS}}, path="/api/statistics/annual/2025/"
    ),
}
