"""Reminders to the bodies that still owe status reports: scheduled (cron) ones."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from torju.accounts.models import User
from torju.actor import Actor
from torju.programme.models import Measure, ReminderKind, ReminderSent, ReportingRound
from torju.programme.permissions import require_coordinator_or_operator
from torju.programme.selectors import outstanding_reports
from torju.programme.services.mail import Message, reporters_of, send_after_commit

REMIND_DAYS_BEFORE = 14


@dataclass(frozen=True)
class ReminderResult:
    sent: int
    skipped_already_sent: int


def send_reminders(*, actor: Actor, today: date) -> ReminderResult:
    """E-mail reporters who still owe reports: 14 days before the deadline and after it.

    Each reminder goes to each reporter once per round (ReminderSent), so the
    command can run from cron as often as wanted. A message the mail server
    refuses forgets its ReminderSent, so that the next run tries again.
    """
    require_coordinator_or_operator(actor)
    sent = skipped = 0
    for reporting_round in ReportingRound.objects.filter(closed=False).select_related("programme"):
        if today > reporting_round.deadline:
            kind = ReminderKind.AFTER_DEADLINE
        elif today >= reporting_round.deadline - timedelta(days=REMIND_DAYS_BEFORE):
            kind = ReminderKind.BEFORE_DEADLINE
        else:
            continue
        owed: dict[User, list[Measure]] = defaultdict(list)
        for measure, organisation in outstanding_reports(reporting_round):
            for reporter in reporters_of(organisation.pk):
                owed[reporter].append(measure)
        for reporter, measures in owed.items():
            with transaction.atomic():
                reminder, created = ReminderSent.objects.get_or_create(round=reporting_round, user=reporter, kind=kind)
                if not created:
                    skipped += 1
                    continue
                send_after_commit(
                    reporter,
                    partial(reminder_message, reporting_round, kind, measures),
                    if_it_fails=partial(_forget, reminder.pk),
                )
                sent += 1
    return ReminderResult(sent=sent, skipped_already_sent=skipped)


def _forget(reminder_id: int) -> None:
    ReminderSent.objects.filter(pk=reminder_id).delete()


def reminder_message(reporting_round: ReportingRound, kind: str, measures: list[Measure]) -> Message:
    """The reminder in the active language: the round, its deadline and the measures the body still owes."""
    numbers = ", ".join(str(measure.number) for measure in sorted(measures, key=lambda m: m.number))
    deadline = reporting_round.deadline.strftime("%d.%m.%Y")
    if kind == ReminderKind.AFTER_DEADLINE:
        subject = _("Torju: status reports are overdue")
        body = _(
            "The deadline %(deadline)s of the round “%(round)s” has passed. "
            "Your body has not yet submitted reports on measures %(numbers)s."
        )
    else:
        subject = _("Torju: status reports are due in two weeks")
        body = _(
            "The round “%(round)s” closes on %(deadline)s. "
            "Your body has not yet submitted reports on measures %(numbers)s."
        )
    return Message(subject, body % {"deadline": deadline, "round": reporting_round.name, "numbers": numbers})
