"""Permission-matrix rows for the programme pages (see tests/matrix.py).

Sample parameters: the slug names the shipped 2026-2027 programme; rounds,
reports, meetings, groups, reports as publications and the rest are the
sample objects of tests/programme/matrix_samples.py, so whoever passes the
access rule reaches a real object. A POST that a service refuses for its data
(the sample is in the wrong state for it) sends the user back with the reason,
a 302 like a success; a user of a read-only role (the rapporteur) is refused
every POST.
"""

from collections.abc import Callable

from tests.matrix import Expectation, Samples, everyone, only
from torju.accounts.models import Role

FOLLOWERS = (Role.COORDINATOR, Role.REPORTER)
READERS = (Role.COORDINATOR, Role.REPORTER, Role.GROUP_MEMBER, Role.RAPPORTEUR)
DASHBOARD = (Role.COORDINATOR, Role.GROUP_MEMBER, Role.RAPPORTEUR)
MEETINGS = (Role.COORDINATOR, Role.GROUP_MEMBER)


def with_status(statuses: dict[str, int], **overrides: int) -> dict[str, int]:
    return {**statuses, **overrides}


def posted(*roles: Role) -> dict[str, int]:
    """A button's POST: the roles are sent back to the page (302), everyone else refused."""
    return {**only(*roles), **{role.value: 302 for role in roles}}


def sample(name: str, **more: str) -> Callable[[Samples], dict[str, object]]:
    """URL parameters from a sample: its pk, and `more` as parameter: attribute of the same sample."""

    def kwargs(samples: Samples) -> dict[str, object]:
        found = samples[name]
        return {"pk": found.pk, **{parameter: getattr(found, attribute) for parameter, attribute in more.items()}}

    return kwargs


def measure(samples: Samples) -> dict[str, object]:
    return {"slug": samples["programme.programme"].slug, "number": samples["programme.measure"].number}


def measure_item(name: str) -> Callable[[Samples], dict[str, object]]:
    return lambda samples: {**measure(samples), "pk": samples[name].pk}


def round_measure(samples: Samples) -> dict[str, object]:
    return {"pk": samples["programme.round"].pk, "number": samples["programme.measure"].number}


def circulated_plan(samples: Samples) -> dict[str, object]:
    return {"slug": samples["programme.circulated_plan"].slug}


def membership(samples: Samples) -> dict[str, object]:
    return {"pk": samples["programme.group"].pk, "membership_pk": samples["programme.membership"].pk}


def publication_file(samples: Samples) -> dict[str, object]:
    return {"pk": samples["programme.publication"].pk, "language": "fi", "fmt": "docx"}


def published(samples: Samples) -> dict[str, object]:
    return {"slug": samples["programme.programme"].slug, "pk": samples["programme.published"].pk}


def objective(samples: Samples) -> dict[str, object]:
    return {"slug": samples["programme.programme"].slug, "number": samples["programme.measure"].objective.number}


def remind(samples: Samples) -> dict[str, object]:
    return {"round": samples["programme.round"].pk, "organisation": "TEM"}


PROGRAMME_PAGES: dict[str, Expectation] = {
    "programme:index": Expectation(only(*READERS)),
    "programme:programme_new": Expectation(only(Role.COORDINATOR)),
    "programme:programme_import": Expectation(only(Role.COORDINATOR)),
    "programme:detail": Expectation(only(*READERS)),
    "programme:programme_file": Expectation(only(Role.COORDINATOR)),
    "programme:measure": Expectation(only(*READERS)),
    "programme:my_reports": Expectation(only(Role.REPORTER)),
    "programme:dashboard": Expectation(only(*DASHBOARD)),
    "programme:dashboard_remind": Expectation(posted(Role.COORDINATOR), method="post", data=remind),
    "programme:round_new": Expectation(only(Role.COORDINATOR)),
    "programme:measure_priority_areas": Expectation(posted(Role.COORDINATOR), method="post", data={}),
    "programme:measure_texts": Expectation(only(Role.COORDINATOR), kwargs=measure),
    "programme:objective_texts": Expectation(only(Role.COORDINATOR), kwargs=objective),
    "programme:indicator_new": Expectation(only(Role.COORDINATOR), kwargs=measure),
    "programme:indicator": Expectation(only(Role.COORDINATOR), kwargs=measure_item("programme.indicator")),
    "programme:indicator_remove": Expectation(
        posted(Role.COORDINATOR), method="post", kwargs=measure_item("programme.indicator")
    ),
    "programme:milestone_new": Expectation(only(Role.COORDINATOR), kwargs=measure),
    "programme:milestone": Expectation(only(Role.COORDINATOR), kwargs=measure_item("programme.milestone")),
    "programme:milestone_remove": Expectation(
        posted(Role.COORDINATOR), method="post", kwargs=measure_item("programme.milestone")
    ),
    "programme:plan_circulate": Expectation(posted(Role.COORDINATOR), method="post", kwargs=circulated_plan),
    "programme:plan_approval": Expectation(posted(Role.COORDINATOR), method="post", kwargs=circulated_plan),
    "programme:plan_publish": Expectation(posted(Role.COORDINATOR), method="post", kwargs=circulated_plan),
    # A circulated plan: its bodies' reporters and the groups' members comment (the comment is empty: sent back).
    "programme:plan_comment": Expectation(
        posted(Role.COORDINATOR, Role.REPORTER, Role.GROUP_MEMBER), method="post", kwargs=circulated_plan
    ),
    "programme:recommendations": Expectation(only(*READERS)),
    "programme:recommendation_new": Expectation(only(Role.COORDINATOR)),
    "programme:recommendation_edit": Expectation(
        only(Role.COORDINATOR),
        kwargs=lambda samples: {
            "slug": samples["programme.programme"].slug,
            "pk": samples["programme.recommendation"].pk,
        },
    ),
    "programme:groups": Expectation(only(Role.COORDINATOR)),
    "programme:group_new": Expectation(only(Role.COORDINATOR)),
    "programme:group": Expectation(only(Role.COORDINATOR), kwargs=sample("programme.group")),
    "programme:group_edit": Expectation(only(Role.COORDINATOR), kwargs=sample("programme.group")),
    "programme:member_remove": Expectation(posted(Role.COORDINATOR), method="post", kwargs=membership),
    "programme:meetings": Expectation(only(*MEETINGS)),
    "programme:meeting_new": Expectation(only(Role.COORDINATOR)),
    "programme:meeting": Expectation(only(*MEETINGS), kwargs=sample("programme.meeting")),
    "programme:meeting_edit": Expectation(only(Role.COORDINATOR), kwargs=sample("programme.meeting")),
    "programme:minutes_circulate": Expectation(
        posted(Role.COORDINATOR), method="post", kwargs=sample("programme.meeting")
    ),
    "programme:minutes_approve": Expectation(
        posted(Role.COORDINATOR), method="post", kwargs=sample("programme.meeting")
    ),
    "programme:minutes_comment": Expectation(
        posted(*MEETINGS), method="post", data={"text": "Kommentti."}, kwargs=sample("programme.meeting")
    ),
    "programme:meeting_attach": Expectation(
        posted(Role.COORDINATOR), method="post", kwargs=sample("programme.meeting")
    ),
    "programme:decision_done": Expectation(
        posted(Role.COORDINATOR), method="post", data={"done_on": "2026-01-05"}, kwargs=sample("programme.decision")
    ),
    # The meeting's file: its group's members and the coordinator read it; to a reporter it is "not found".
    "programme:attachment": Expectation(
        with_status(only(*MEETINGS, Role.REPORTER), reporter=404), kwargs=sample("programme.attachment")
    ),
    "programme:attachment_remove": Expectation(
        with_status(posted(Role.COORDINATOR, Role.REPORTER), reporter=404),
        method="post",
        kwargs=sample("programme.attachment"),
    ),
    "programme:report_attach": Expectation(posted(*FOLLOWERS), method="post", kwargs=sample("programme.report")),
    "programme:publications": Expectation(only(*DASHBOARD)),
    "programme:publication_new": Expectation(only(Role.COORDINATOR)),
    # Circulated for comments: the coordinator and the groups' members read it; the rapporteur only once approved.
    "programme:publication": Expectation(
        with_status(only(*DASHBOARD), rapporteur=404), kwargs=sample("programme.publication")
    ),
    "programme:publication_download": Expectation(
        with_status(only(*DASHBOARD), rapporteur=404), kwargs=publication_file
    ),
    "programme:publication_edit": Expectation(only(Role.COORDINATOR), kwargs=sample("programme.publication")),
    "programme:publication_circulate": Expectation(
        posted(Role.COORDINATOR), method="post", kwargs=sample("programme.publication")
    ),
    "programme:publication_approve": Expectation(
        posted(Role.COORDINATOR), method="post", kwargs=sample("programme.publication")
    ),
    "programme:publication_publish": Expectation(
        posted(Role.COORDINATOR), method="post", kwargs=sample("programme.publication")
    ),
    "programme:publication_comment": Expectation(
        posted(*MEETINGS), method="post", data={"text": "Hyvä."}, kwargs=sample("programme.publication")
    ),
    "programme:round": Expectation(only(*FOLLOWERS), kwargs=sample("programme.round")),
    "programme:round_close": Expectation(posted(Role.COORDINATOR), method="post", kwargs=sample("programme.round")),
    "programme:report_edit": Expectation(only(Role.REPORTER), kwargs=round_measure),
    "programme:report": Expectation(only(*FOLLOWERS), kwargs=sample("programme.report")),
    "programme:report_comment": Expectation(
        posted(Role.COORDINATOR), method="post", data={"text": "Kiitos."}, kwargs=sample("programme.report")
    ),
    "programme:measures_export": Expectation(with_status(only(Role.COORDINATOR), coordinator=404)),
    "programme:measures_import": Expectation(
        with_status(only(Role.COORDINATOR), coordinator=404), path="/programme/no-such-programme/measures/import/"
    ),
    "progress:index": Expectation(everyone(200)),
    "progress:programme": Expectation(everyone(200)),
    "progress:measure": Expectation(everyone(200), kwargs=measure),
    "progress:publication": Expectation(everyone(200), kwargs=published),
    "progress:publication_download": Expectation(
        everyone(200), kwargs=lambda samples: {**published(samples), "language": "sv", "fmt": "docx"}
    ),
}
