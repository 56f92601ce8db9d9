"""Permission-matrix rows for international reporting (see tests/matrix.py).

Analysts and coordinators download the templates (the analyst's default the
exact counts, the coordinator's the public form of the last year that has
ended) and see Finland in the global picture; only analysts prepare and
download the CTDC-ready file and import a CTDC dataset. A download of the
CTDC file without its years, and an import without a file, are the
analyst's 400; everyone else is refused and anonymous visitors are sent to
sign in.
"""

from tests.matrix import Expectation, only
from torju.accounts.models import Role

READERS = (Role.ANALYST, Role.COORDINATOR)
ANALYST_GETS_400 = {**only(Role.ANALYST), Role.ANALYST.value: 400}

INTERNATIONAL: dict[str, Expectation] = {
    "international:index": Expectation(only(*READERS)),
    "international:report": Expectation(only(*READERS)),
    "international:ctdc": Expectation(only(Role.ANALYST)),
    "international:ctdc_download": Expectation(ANALYST_GETS_400),
    "international:picture": Expectation(only(*READERS)),
    "international:import_ctdc": Expectation(ANALYST_GETS_400, method="post"),
}
