"""The rules on the data of action-plan monitoring that every path obeys: pages, API, commands, tasks.

Services call these and raise the problems as a `ValidationError` keyed by
field; forms and serializers only parse input and show the service's
refusal. Each function returns the problems it finds (field: message), an
empty dict when there are none, so that a service reports every problem of
its input at once.
"""

from datetime import date, time
from decimal import Decimal, InvalidOperation
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


# Indicators: what a value of each unit may be.
MAX_VALUE = Decimal("999999999999")
UNIT_DECIMALS = {"count": 0, "percent": 2, "euros": 2}


def parse_indicator_value(unit: str, raw: str | Decimal) -> Decimal:
    """The value typed for an indicator of the unit, or ValidationError saying why it is not one.

    A count is a whole number of zero or more; a percentage a number from 0 to 100 with at most two
    decimals; euros zero or more with at most two decimals (cents). A decimal comma is read as a point, and
    spaces between digit groups (1 200) are left out.
    """
    text = str(raw).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": str(raw)[:30]})
    if unit == "count" and (value != value.to_integral_value() or "." in text or value < 0):
        raise ValidationError(_("A count is a whole number of zero or more, not “%(value)s”.") % {"value": raw})
    if value < 0:
        raise ValidationError(_("The value must be zero or more."))
    if unit == "percent" and value > 100:
        raise ValidationError(_("A percentage is at most 100."))
    if value > MAX_VALUE:
        raise ValidationError(_("The value is too large."))
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if decimals > UNIT_DECIMALS.get(unit, 2):
        raise ValidationError(_("Give at most %(decimals)s decimals.") % {"decimals": UNIT_DECIMALS.get(unit, 2)})
    return value.quantize(Decimal(1)) if unit == "count" else value
