"""Permission-matrix rows for the register import pages (see tests/matrix.py).

Only the decision maker (the register's coordinator) imports. The sample job
id names a job that does not exist: the decision maker gets 404, the same
answer as for another user's job.
"""

from tests.matrix import Expectation, only
from torju.accounts.models import Role

IMPORTER = Role.DECISION_MAKER


def _not_found() -> Expectation:
    return Expectation({**only(IMPORTER), IMPORTER.value: 404})


REGISTER_IMPORT: dict[str, Expectation] = {
    "register_import:upload": Expectation(only(IMPORTER)),
    "register_import:job": _not_found(),
    "register_import:progress": _not_found(),
}
