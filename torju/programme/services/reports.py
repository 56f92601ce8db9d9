"""Status reports: the reporter's drafts and submissions, the coordinator's comments and returns."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.concurrency import EditConflictError
from torju.programme.models import (
    Measure,
    Milestone,
    ReportComment,
    ReportedValue,
    ReportingRound,
    ReportState,
    StatusReport,
    StatusReportVersion,
)
from torju.programme.permissions import can_report_on, require_coordinator, require_user
from torju.programme.rules import link_problems, parse_indicator_value, refuse
from torju.programme.services.mail import Message, reporters_of, send_after_commit

REPORT_FIELDS = ("status", "done", "next_steps", "funding", "links", "public_summary")
COMMENT_MAX_LENGTH = 5000


def _snapshot(report: StatusReport) -> dict[str, Any]:
    return {
        "state": report.state,
        **{field: getattr(report, field) for field in REPORT_FIELDS},
        "indicator_values": report.indicator_values,
        "milestones_reached": report.milestones_reached,
    }


def _saved(report: StatusReport) -> dict[str, Any]:
    """The draft's saved values, without those of indicators or milestones removed since."""
    indicators = {str(pk) for pk in report.measure.indicators.values_list("pk", flat=True)}
    milestones = {str(pk) for pk in report.measure.milestones.values_list("pk", flat=True)}
    return {
        **{field: getattr(report, field) for field in REPORT_FIELDS},
        "indicator_values": {key: value for key, value in report.indicator_values.items() if key in indicators},
        "milestones_reached": {key: day for key, day in report.milestones_reached.items() if key in milestones},
    }


def _implementation_values(
    measure: Measure, data: dict[str, Any]
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The report's indicator values and reached milestones, checked against the measure's own indicators and
    their units: (values by indicator id, days by milestone id, problems by form field: `indicator_<id>`,
    `milestone_<id>`)."""
    problems: dict[str, str] = {}
    indicators = {indicator.pk: indicator for indicator in measure.indicators.all()}
    values: dict[str, str] = {}
    for key, raw in (data.get("indicator_values") or {}).items():
        number = _number(key)
        indicator = indicators.get(number) if number is not None else None
        if indicator is None:
            problems[f"indicator_{key}"] = _("The measure has no indicator %(id)s.") % {"id": key}
            continue
        if raw is None or str(raw).strip() == "":
            continue
        try:
            values[str(indicator.pk)] = str(parse_indicator_value(indicator.unit, raw))
        except ValidationError as error:
            problems[f"indicator_{indicator.pk}"] = error.messages[0]
    milestones = set(measure.milestones.values_list("pk", flat=True))
    reached: dict[str, str] = {}
    for key, day in (data.get("milestones_reached") or {}).items():
        if _number(key) not in milestones:
            problems[f"milestone_{key}"] = _("The measure has no milestone %(id)s.") % {"id": key}
        elif isinstance(day, date):
            reached[str(key)] = day.isoformat()
        elif day:
            try:
                reached[str(key)] = date.fromisoformat(str(day)).isoformat()
            except ValueError:
                problems[f"milestone_{key}"] = _("Enter a valid date.")
    return values, reached, problems


def _number(key: object) -> int | None:
    """An indicator's or a milestone's id as a caller gave it (a key of JSON is text), None if it is none."""
    try:
        return int(str(key))
    except ValueError:
        return None


@transaction.atomic
def save_status_report(
    *,
    actor: Actor,
    reporting_round: ReportingRound,
    measure: Measure,
    data: dict[str, Any],
    revision: int | None,
    submit: bool,
) -> StatusReport:
    """Save the reporter's draft, and with `submit` freeze it as a new version.

    `revision` is the revision the form was opened with (None for a new report);
    a different current revision raises EditConflictError and writes nothing.
    Raises PermissionDenied for a measure that is not the reporter's body's,
    ValidationError for a round that takes no report on it, a submission
    without a status, links that are not web addresses, and indicator values
    that are not of their indicator's unit. A field that `data` leaves out
    keeps the draft's saved value (a new report: empty).
    """
    user = require_user(actor)
    if not can_report_on(user, measure):
        raise PermissionDenied("not a responsible body of this measure")
    if reporting_round.closed or not reporting_round.measures.filter(pk=measure.pk).exists():
        raise ValidationError(_("This round does not take reports on this measure."))
    assert user.organisation is not None
    report = (
        StatusReport.objects.select_for_update()
        .filter(round=reporting_round, measure=measure, organisation=user.organisation)
        .first()
    )
    if report is not None:
        # What the caller leaves out stays as saved: a client of the API that predates the public summary or
        # the indicators does not erase what the body entered on the page.
        data = {**_saved(report), **data}
    values: dict[str, Any] = {field: data.get(field, "") or "" for field in REPORT_FIELDS}
    problems = link_problems(values["links"])
    if submit and not values["status"]:
        problems["status"] = _("Choose the status before submitting.")
    indicator_values, milestones_reached, value_problems = _implementation_values(measure, data)
    refuse(problems | value_problems)
    values |= {"indicator_values": indicator_values, "milestones_reached": milestones_reached}
    if report is None:
        if revision is not None:
            raise EditConflictError(None, values)
        try:
            with transaction.atomic():
                report = StatusReport.objects.create(
                    round=reporting_round, measure=measure, organisation=user.organisation, updated_by=user, **values
                )
        except IntegrityError as error:  # created by a colleague a moment ago
            current = StatusReport.objects.get(round=reporting_round, measure=measure, organisation=user.organisation)
            raise EditConflictError(current, values) from error
        before: dict[str, Any] | None = None
    else:
        if revision != report.revision:
            raise EditConflictError(report, values)
        before = _snapshot(report)
        for field, value in values.items():
            setattr(report, field, value)
        report.revision += 1
        report.updated_by = user
    if submit:
        report.state = ReportState.SUBMITTED
    elif report.state == ReportState.SUBMITTED:
        report.state = ReportState.DRAFT  # editing after submitting starts the next version
    report.save()
    after = _snapshot(report)
    if submit:
        number = report.versions.count() + 1
        version = StatusReportVersion.objects.create(
            report=report,
            number=number,
            submitted_at=timezone.now(),
            submitted_by=user,
            language=user.language or translation.get_language() or settings.LANGUAGE_CODE,
            **{field: values[field] for field in REPORT_FIELDS},
        )
        ReportedValue.objects.bulk_create(
            ReportedValue(version=version, indicator_id=int(key), value=Decimal(value))
            for key, value in indicator_values.items()
        )
        for key, day in milestones_reached.items():
            Milestone.objects.filter(pk=int(key), reached_on__isnull=True).update(reached_on=date.fromisoformat(day))
        record(Action.SUBMIT, actor, obj=report, changes={"before": before, "after": after, "version": number})
    else:
        record(
            Action.UPDATE if before else Action.CREATE, actor, obj=report, changes={"before": before, "after": after}
        )
    return report


@transaction.atomic
def comment_on_report(*, actor: Actor, report: StatusReport, text: str, return_for_completion: bool) -> ReportComment:
    """The coordinator comments; returning asks the body to complete and resubmit (its reporters get an e-mail
    once the return is committed)."""
    coordinator = require_coordinator(actor)
    text = text.strip()
    if not text:
        refuse({"text": _("Write the comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        refuse({"text": _("This is longer than %(limit)s characters.") % {"limit": COMMENT_MAX_LENGTH}})
    report = StatusReport.objects.select_for_update().select_related("round", "measure").get(pk=report.pk)
    if return_for_completion and report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned for completion."))
    comment = ReportComment.objects.create(report=report, author=coordinator, text=text, returned=return_for_completion)
    if return_for_completion:
        report.state = ReportState.RETURNED
        report.revision += 1
        report.save(update_fields=["state", "revision", "updated_at"])
        record(Action.RETURN, actor, obj=report, reason=text)
        _notify_return(report, text)
    else:
        record(Action.COMMENT, actor, obj=report, reason=text)
    return comment


def _notify_return(report: StatusReport, text: str) -> None:
    def write() -> Message:
        return Message(
            _("Torju: a status report was returned for completion"),
            _("The coordinator returned your report on measure %(number)s in the round “%(round)s”:\n\n%(comment)s")
            % {"number": report.measure.number, "round": report.round.name, "comment": text},
        )

    for reporter in reporters_of(report.organisation_id):
        send_after_commit(reporter, write)
