"""Permission-matrix rows for the programme API (see tests/matrix.py).

The API answers 401 (not a login redirect) to anonymous callers. Programmes,
measures, rounds and reports are the sample objects of
tests/programme/matrix_samples.py in the shipped plan (every migrated
database has it), so whoever passes the access rule reaches a real object.
"""

from tests.matrix import Expectation, Samples, only, signed_in
from torju.accounts.models import Role


def passes(status: int, *roles: Role) -> dict[str, int]:
    """403 for everyone (401 for anonymous callers) except the roles, who get `status`."""
    return {**signed_in(403, anonymous=401), **{role.value: status for role in roles}}


FOLLOWERS = (Role.COORDINATOR, Role.REPORTER)
READERS = (Role.COORDINATOR, Role.REPORTER, Role.GROUP_MEMBER, Role.RAPPORTEUR)


def programme(samples: Samples) -> dict[str, object]:
    return {"slug": samples["programme.programme"].slug}


def measure(samples: Samples) -> dict[str, object]:
    return {**programme(samples), "number": samples["programme.measure"].number}


def reporting_round(samples: Samples) -> dict[str, object]:
    return {"pk": samples["programme.round"].pk}


def round_measure(samples: Samples) -> dict[str, object]:
    return {**reporting_round(samples), "number": samples["programme.measure"].number}


def report(samples: Samples) -> dict[str, object]:
    return {"pk": samples["programme.report"].pk}


PROGRAMME_API: dict[str, Expectation] = {
    "programme-api:programme-list": Expectation(only(*READERS, anonymous=401)),
    "programme-api:programme-detail": Expectation(passes(200, *READERS), kwargs=programme),
    "programme-api:measure-list": Expectation(passes(200, *READERS), kwargs=programme),
    "programme-api:measure-detail": Expectation(passes(200, *READERS), kwargs=measure),
    "programme-api:round-list": Expectation(passes(200, *FOLLOWERS), kwargs=programme),
    "programme-api:round-detail": Expectation(passes(200, *FOLLOWERS), kwargs=reporting_round),
    "programme-api:round-close": Expectation(passes(200, Role.COORDINATOR), method="post", kwargs=reporting_round),
    # The body's report exists already: saving without its revision is a conflict, and nothing is overwritten.
    "programme-api:report-save": Expectation(
        passes(409, Role.REPORTER), method="post", data={"status": "on_track", "done": "x"}, kwargs=round_measure
    ),
    "programme-api:report-list": Expectation(only(*FOLLOWERS, anonymous=401)),
    "programme-api:report-detail": Expectation(passes(200, *FOLLOWERS), kwargs=report),
    "programme-api:report-comments": Expectation(
        passes(201, Role.COORDINATOR), method="post", data={"text": "x"}, kwargs=report
    ),
}
