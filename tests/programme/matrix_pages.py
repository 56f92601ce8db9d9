"""Permission-matrix rows for the programme pages (see tests/matrix.py).

Sample parameters: the slug names the shipped 2026-2027 programme; rounds,
reports and meetings are the sample objects of tests/programme/matrix_samples.py
(a round on a measure of the matrix reporter's body, that body's submitted
report, a meeting), so whoever passes the access rule reaches a real object.
"""

from tests.matrix import Expectation, Samples, everyone, only
from torju.accounts.models import Role

FOLLOWERS = (Role.COORDINATOR, Role.REPORTER)


def with_status(statuses: dict[str, int], **overrides: int) -> dict[str, int]:
    return {**statuses, **overrides}


def meeting(samples: Samples) -> dict[str, int]:
    return {"pk": samples["programme.meeting"].pk}


def reporting_round(samples: Samples) -> dict[str, int]:
    return {"pk": samples["programme.round"].pk}


def report(samples: Samples) -> dict[str, int]:
    return {"pk": samples["programme.report"].pk}


def round_measure(samples: Samples) -> dict[str, int]:
    return {"pk": samples["programme.round"].pk, "number": samples["programme.measure"].number}


PROGRAMME_PAGES: dict[str, Expectation] = {
    "programme:index": Expectation(only(*FOLLOWERS)),
    "programme:programme_new": Expectation(only(Role.COORDINATOR)),
    "programme:programme_import": Expectation(only(Role.COORDINATOR)),
    "programme:detail": Expectation(only(*FOLLOWERS)),
    "programme:measure": Expectation(only(*FOLLOWERS)),
    "programme:my_reports": Expectation(only(Role.REPORTER)),
    "programme:dashboard": Expectation(only(Role.COORDINATOR)),
    "programme:round_new": Expectation(only(Role.COORDINATOR)),
    "programme:measure_priority_areas": Expectation(
        with_status(only(Role.COORDINATOR), coordinator=302), method="post", data={}
    ),
    "programme:meetings": Expectation(only(Role.COORDINATOR)),
    "programme:meeting_new": Expectation(only(Role.COORDINATOR)),
    "programme:meeting": Expectation(only(Role.COORDINATOR), kwargs=meeting),
    "programme:meeting_edit": Expectation(only(Role.COORDINATOR), kwargs=meeting),
    "programme:round": Expectation(only(*FOLLOWERS), kwargs=reporting_round),
    "programme:round_close": Expectation(
        with_status(only(Role.COORDINATOR), coordinator=302), method="post", kwargs=reporting_round
    ),
    "programme:report_edit": Expectation(only(Role.REPORTER), kwargs=round_measure),
    "programme:report": Expectation(only(*FOLLOWERS), kwargs=report),
    "programme:report_comment": Expectation(
        with_status(only(Role.COORDINATOR), coordinator=302), method="post", data={"text": "Kiitos."}, kwargs=report
    ),
    "programme:measures_export": Expectation(with_status(only(Role.COORDINATOR), coordinator=404)),
    "programme:measures_import": Expectation(
        with_status(only(Role.COORDINATOR), coordinator=404), path="/programme/no-such-programme/measures/import/"
    ),
    "progress:index": Expectation(everyone(200)),
    "progress:programme": Expectation(everyone(200)),
}
