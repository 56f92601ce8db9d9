"""Reminders to the bodies that still owe status reports: scheduled ones (cron) and the coordinator's own."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.models import Organisation, User
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme.models import Measure, ReminderKind, ReminderSent, ReportingRound
from torju.programme.permissions import require_coordinator, require_coordinator_or_operator
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


@transaction.atomic
def remind_body(*, actor: Actor, reporting_round: ReportingRound, organisation: Organisation) -> list[User]:
    """The coordinator reminds one body of the reports it still owes in the round (from the dashboard).

    Each of the body's reporters gets an e-mail once the reminder is committed; the reminders are logged
    (ReminderSent) and audited. Refused when the body owes nothing in the round or has no reporter to remind.
    """
    coordinator = require_coordinator(actor)
    if reporting_round.closed:
        raise ValidationError(_("The round is closed."))
    owed = [measure for measure, body in outstanding_reports(reporting_round) if body.pk == organisation.pk]
    if not owed:
        raise ValidationError(_("%(body)s owes no reports in this round.") % {"body": organisation.name})
    reporters = reporters_of(organisation.pk)
    if not reporters:
        raise ValidationError(
            _("%(body)s has no reporter with an e-mail address in Torju.") % {"body": organisation.name}
        )
    kind = (
        ReminderKind.AFTER_DEADLINE if timezone.localdate() > reporting_round.deadline else ReminderKind.BEFORE_DEADLINE
    )
    for reporter in reporters:
        ReminderSent.objects.create(
            round=reporting_round, user=reporter, kind=ReminderKind.BY_THE_COORDINATOR, sent_by=coordinator
        )
        send_after_commit(reporter, partial(reminder_message, reporting_round, kind, owed))
    record(
        Action.CREATE,
        actor,
        object_type=ReminderSent._meta.label_lower,
        object_id=reporting_round.pk,
        reason=organisation.code,
        changes={
            "round": reporting_round.pk,
            "organisation": organisation.code,
            "measures": sorted(measure.number for measure in owed),
            "recipients": [reporter.username for reporter in reporters],
        },
    )
    return reporters
