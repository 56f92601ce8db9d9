"""Permission-matrix rows for the pages of documents prepared in the background (see tests/matrix.py).

Any signed-in user may have document jobs, and sees only their own: the
sample job does not exist, so everyone signed in gets "not found", the same
answer as for another user's job. Anonymous visitors are sent to sign in.
Asking for a document is checked by the page that offers it
(tests/programme/matrix_documents.py, tests/statistics/matrix_statistics.py).
"""

from tests.matrix import Expectation, signed_in

DOCUMENT_JOBS: dict[str, Expectation] = {
    "documents:job": Expectation(signed_in(404)),
    "documents:progress": Expectation(signed_in(404)),
    "documents:download": Expectation(signed_in(404)),
}
