"""Permission-matrix rows for the programme pages (see tests/matrix.py).

Sample parameters: the slug names the shipped 2026-2027 programme; other ids
name objects that do not exist, so whoever passes the access rule gets 404.
"""

from tests.matrix import Expectation, everyone, only
from torju.accounts.models import Role

FOLLOWERS = (Role.COORDINATOR, Role.REPORTER)


def with_status(statuses: dict[str, int], **overrides: int) -> dict[str, int]:
    return {**statuses, **overrides}


PROGRAMME_PAGES: dict[str, Expectation] = {
    "programme:index": Expectation(only(*FOLLOWERS)),
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
    "programme:meeting": Expectation(with_status(only(Role.COORDINATOR), coordinator=404)),
    "programme:meeting_edit": Expectation(with_status(only(Role.COORDINATOR), coordinator=404)),
    "programme:round": Expectation(with_status(only(*FOLLOWERS), coordinator=404, reporter=404)),
    "programme:round_close": Expectation(with_status(only(Role.COORDINATOR), coordinator=404), method="post"),
    "programme:report_edit": Expectation(with_status(only(Role.REPORTER), reporter=404)),
    "programme:report": Expectation(with_status(only(*FOLLOWERS), coordinator=404, reporter=404)),
    "programme:report_comment": Expectation(with_status(only(Role.COORDINATOR), coordinator=404), method="post"),
    "programme:measures_export": Expectation(with_status(only(Role.COORDINATOR), coordinator=404)),
    "programme:measures_import": Expectation(
        with_status(only(Role.COORDINATOR), coordinator=404), path="/programme/no-such-programme/measures/import/"
    ),
    "progress:index": Expectation(everyone(200)),
    "progress:programme": Expectation(everyone(200)),
}
