"""Permission-matrix rows for the programme's documents (see tests/matrix.py).

Only the coordinator may ask for the implementation report (a POST that
queues a document job and sends them to its page) or download minutes;
everyone else is refused (anonymous visitors are sent to sign in) before
anything is looked up. The report is asked of the shipped plan; the minutes
name a meeting that does not exist, so the coordinator gets "not found".
"""

from tests.matrix import Expectation, only
from torju.accounts.models import Role

COORDINATOR_FINDS_NOTHING = {**only(Role.COORDINATOR), Role.COORDINATOR.value: 404}
COORDINATOR_IS_SENT_TO_THE_JOB = {**only(Role.COORDINATOR), Role.COORDINATOR.value: 302}

PROGRAMME_DOCUMENTS: dict[str, Expectation] = {
    "programme-documents:implementation_report": Expectation(
        COORDINATOR_IS_SENT_TO_THE_JOB,
        method="post",
        data={"format": "pdf", "language": "fi"},
        path="/programme/2026-2027/implementation-report/",
    ),
    "programme-documents:minutes": Expectation(COORDINATOR_FINDS_NOTHING, path="/programme/meetings/1/minutes.pdf"),
}
