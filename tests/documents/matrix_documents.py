"""Permission-matrix rows and sample objects for the pages of documents prepared in the background.

See tests/matrix.py. The sample is a finished statistics review (PDF) that
the identity asked for itself, with its file: its readers (analysts and
coordinators) follow the job and download the document; any other signed-in
user, whose role would not let them ask for one, is refused; anonymous
visitors are sent to sign in. Another user's job is "not found" to everyone
(tests/documents/test_document_jobs.py). Asking for a document is checked by
the page that offers it (tests/programme/matrix_documents.py,
tests/statistics/matrix_statistics.py).
"""

from typing import Any

from tests.factories import user_with_role
from tests.matrix import Expectation, Samples, only
from torju.accounts.models import Role, User
from torju.documents.models import DocumentJob, JobStatus, documents_folder
from torju.statistics.document_jobs import REVIEW_DOCUMENT

READERS = (Role.ANALYST, Role.COORDINATOR, Role.RAPPORTEUR)


def document_samples(user: User | None) -> dict[str, Any]:
    job = DocumentJob.objects.create(
        requested_by=user or user_with_role(Role.ANALYST),
        kind=REVIEW_DOCUMENT.name,
        subject="2025",
        parameters={"year": 2025},
        language="fi",
        fmt="pdf",
        status=JobStatus.SUCCEEDED,
        per_cent=100,
        stored_name=f"matrix-{user.pk if user else 0}.pdf",
        file_name="tilastot-2025.pdf",
    )
    assert job.path is not None
    documents_folder().mkdir(parents=True, exist_ok=True)
    job.path.write_bytes(b"%PDF-1.7 matrix sample")
    return {"documents.job": job}


def _job(samples: Samples) -> dict[str, Any]:
    return {"pk": samples["documents.job"].pk}


DOCUMENT_JOBS: dict[str, Expectation] = {
    "documents:job": Expectation(only(*READERS), kwargs=_job),
    "documents:progress": Expectation(only(*READERS), kwargs=_job),
    "documents:download": Expectation(only(*READERS), kwargs=_job),
}
