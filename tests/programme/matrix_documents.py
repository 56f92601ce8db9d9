"""Permission-matrix rows for the programme's documents (see tests/matrix.py).

Only the coordinator may ask for the implementation report (a POST that
queues a document job and sends them to its page) or download minutes;
everyone else is refused (anonymous visitors are sent to sign in) before
anything is looked up. The report is asked of the shipped plan; the minutes
are those of the sample meeting (tests/programme/matrix_samples.py).
"""

from tests.matrix import Expectation, Samples, only
from torju.accounts.models import Role

COORDINATOR_IS_SENT_TO_THE_JOB = {**only(Role.COORDINATOR), Role.COORDINATOR.value: 302}


def _minutes(samples: Samples) -> dict[str, object]:
    return {"pk": samples["programme.meeting"].pk, "fmt": "docx"}


PROGRAMME_DOCUMENTS: dict[str, Expectation] = {
    "programme-documents:implementation_report": Expectation(
        COORDINATOR_IS_SENT_TO_THE_JOB,
        method="post",
        data={"format": "pdf", "language": "fi"},
        path="/programme/2026-2027/implementation-report/",
    ),
    # The minutes of a meeting: whoever reads the meeting (its group's members once circulated) downloads them.
    "programme-documents:minutes": Expectation(only(Role.COORDINATOR, Role.GROUP_MEMBER), kwargs=_minutes),
}
