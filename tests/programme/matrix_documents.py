"""Permission-matrix rows for the programme document downloads (see tests/matrix.py).

Only the coordinator may download; the sample paths name objects that do not
exist, so the coordinator gets "not found" while everyone else is refused
(anonymous visitors are sent to sign in) before anything is looked up.
"""

from tests.matrix import Expectation, only
from torju.accounts.models import Role

COORDINATOR_FINDS_NOTHING = {**only(Role.COORDINATOR), Role.COORDINATOR.value: 404}

PROGRAMME_DOCUMENTS: dict[str, Expectation] = {
    "programme-documents:implementation_report": Expectation(
        COORDINATOR_FINDS_NOTHING, path="/programme/no-such-programme/implementation-report.pdf"
    ),
    "programme-documents:minutes": Expectation(COORDINATOR_FINDS_NOTHING, path="/programme/meetings/1/minutes.pdf"),
}
