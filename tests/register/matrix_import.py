"""Permission-matrix rows for the register import pages (see tests/matrix.py).

Only the decision maker (the register's coordinator) imports. The sample job
(tests/register/matrix_samples.py) is the identity's own: the decision maker
follows it; another user's job is "not found" (tests/register/test_web_import.py).
"""

from tests.matrix import Expectation, Samples, only
from torju.accounts.models import Role

IMPORTER = Role.DECISION_MAKER


def _own_job(samples: Samples) -> dict[str, int]:
    return {"pk": samples["register.import_job"].pk}


REGISTER_IMPORT: dict[str, Expectation] = {
    "register_import:upload": Expectation(only(IMPORTER)),
    "register_import:job": Expectation(only(IMPORTER), kwargs=_own_job),
    "register_import:progress": Expectation(only(IMPORTER), kwargs=_own_job),
}
