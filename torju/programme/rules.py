"""The rules on the data of action-plan monitoring that every path obeys: pages, API, commands, tasks.

Services call these and raise the problems as a `ValidationError` keyed by
field; forms and serializers only parse input and show the service's
refusal. Each function returns the problems it finds (field: message), an
empty dict when there are none, so that a service reports every problem of
its input at once.
"""

from datetime import date, time
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Problems = dict[str, str]


def round_period_problems(period_start: date, period_end: date, deadline: date) -> Problems:
    """A round reports on a period that ends no earlier than it starts, and is due no earlier than its end."""
    problems: Problems = {}
    if period_end < period_start:
        problems["period_end"] = _("The period must not end before it starts.")
    if deadline < period_end:
        problems["deadline"] = _("The deadline must not be before the end of the period.")
    return problems


def link_problems(links: str) -> Problems:
    """Every non-empty line of a report's links is a web address (http or https)."""
    for line in filter(None, (line.strip() for line in links.splitlines())):
        parts = urlsplit(line)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return {"links": _("“%(line)s” is not a web address (https://…).") % {"line": line[:100]}}
    return {}


def meeting_time_problems(start_time: time, end_time: time | None) -> Problems:
    if end_time is not None and end_time <= start_time:
        return {"end_time": _("The meeting must end after it starts.")}
    return {}


def refuse(problems: Problems) -> None:
    """Raise the problems, if any, as one ValidationError keyed by field."""
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})
