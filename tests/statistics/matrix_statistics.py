"""Permission-matrix rows for the annual statistics: pages, downloads and API (see tests/matrix.py).

Analysts and coordinators read the statistics (the analyst in the exact
form, the coordinator in the public one); everyone else is refused, and
anonymous visitors are sent to sign in (the API answers them 403). The
downloads name a year before the assistance system began (1), so whoever
passes the rule gets "not found" without a document being rendered.
"""

from tests.matrix import Expectation, only, signed_in
from torju.accounts.models import Role

READERS = (Role.ANALYST, Role.COORDINATOR)
READERS_FIND_NOTHING = {**only(*READERS), Role.ANALYST.value: 404, Role.COORDINATOR.value: 404}

STATISTICS: dict[str, Expectation] = {
    "statistics:index": Expectation(only(*READERS)),
    "statistics:review": Expectation(only(*READERS), path="/statistics/2025/"),
    "statistics:download": Expectation(READERS_FIND_NOTHING, path="/statistics/1/review.pdf"),
    "statistics-api:annual": Expectation(
        {**signed_in(403, anonymous=403), **{role.value: 200 for role in READERS}}, path="/api/statistics/annual/2025/"
    ),
}
