"""Every write of action-plan monitoring: rounds, status reports, comments, reminders, meetings.

Each function checks the permission, writes in one transaction and records
the audit event in that same transaction.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from torju.accounts.models import Organisation, Role, User
from torju.actor import legacy_actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.concurrency import EditConflictError
from torju.programme.loading import load_programme
from torju.programme.measure_io import measure_state
from torju.programme.models import (
    Measure,
    Meeting,
    MeetingDecision,
    Objective,
    PriorityArea,
    Programme,
    ReminderKind,
    ReminderSent,
    ReportComment,
    ReportingRound,
    ReportState,
    StatusReport,
    StatusReportVersion,
)
from torju.programme.permissions import can_report_on, is_coordinator
from torju.programme.programme_file import (
    FileProblem,
    ProgrammeFileError,
    check_programme_data,
    parse_programme_file,
    slug_problem,
    slug_taken,
)
from torju.programme.selectors import measures_of, outstanding_reports

REPORT_FIELDS = ("status", "done", "next_steps", "funding", "links")
REMIND_DAYS_BEFORE = 14


def _require_coordinator(user: User) -> None:
    if not is_coordinator(user):
        raise PermissionDenied("coordinator only")


def _snapshot(report: StatusReport) -> dict[str, Any]:
    return {"state": report.state, **{field: getattr(report, field) for field in REPORT_FIELDS}}


PROGRAMME_HEADER_FIELDS = ("name_fi", "name_sv", "name_en", "start_year", "end_year", "publication")


def _programme_fields(programme: Programme) -> dict[str, Any]:
    return {field: getattr(programme, field) for field in PROGRAMME_HEADER_FIELDS}


@transaction.atomic
def create_programme(
    *,
    user: User,
    slug: str,
    name_fi: str,
    name_sv: str = "",
    name_en: str = "",
    start_year: int,
    end_year: int,
    publication: str = "",
    request: HttpRequest | None = None,
) -> Programme:
    """A new, empty action plan; its objectives and measures come from the measures import.

    Raises ValidationError naming the field for an identifier that is taken
    or reserved, and for years out of order.
    """
    _require_coordinator(user)
    if problem := slug_problem(slug):
        raise ValidationError({"slug": problem})
    if end_year < start_year:
        raise ValidationError({"end_year": _("The programme must not end before it starts.")})
    try:
        with transaction.atomic():
            programme = Programme.objects.create(
                slug=slug,
                name_fi=name_fi,
                name_sv=name_sv,
                name_en=name_en,
                start_year=start_year,
                end_year=end_year,
                publication=publication,
            )
    except IntegrityError as error:  # the identifier is taken (perhaps a moment ago)
        raise ValidationError({"slug": slug_taken(slug)}) from error
    record(
        Action.CREATE,
        legacy_actor(request=request, user=user),
        obj=programme,
        changes={"after": {"slug": slug, **_programme_fields(programme)}},
    )
    return programme


def _objective_fields(objective: Objective) -> dict[str, Any]:
    return {field: getattr(objective, field) for field in ("title_fi", "title_sv", "title_en", "introduction_fi")}


def _programme_state(programme: Programme) -> dict[str, dict[str, Any]]:
    """What a programme file sets, JSON-ready, to show in the audit trail what an import changed."""
    return {
        "programme": _programme_fields(programme),
        "objectives": {
            str(objective.number): _objective_fields(objective)
            for objective in Objective.objects.filter(programme=programme).order_by("number")
        },
        "measures": {str(measure.number): measure_state(measure) for measure in measures_of(programme)},
    }


def _changed(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Only the parts that differ, as {"before": …, "after": …} (None for what did not exist)."""
    changes: dict[str, Any] = {"before": {}, "after": {}}
    for part in after:
        for key in sorted(set(before[part]) | set(after[part]), key=lambda key: (len(key), key)):
            old, new = before[part].get(key), after[part].get(key)
            if old != new:
                changes["before"].setdefault(part, {})[key] = old
                changes["after"].setdefault(part, {})[key] = new
    return changes


@dataclass(frozen=True)
class ProgrammeImport:
    programme: Programme
    created: bool
    objectives: int
    measures: int


def import_programme_file(
    *,
    user: User | None,
    content: bytes,
    source: str,
    update_existing: bool,
    request: HttpRequest | None = None,
) -> ProgrammeImport:
    """Create (or, with `update_existing`, update) the programme a JSON file in the shipped format describes.

    All or nothing: ProgrammeFileError lists every problem of the file and
    nothing is written. `user` is None when an operator runs
    `import_programme`; the web page never updates an existing programme
    (its measures have their own import, measure by measure). `source` (the
    file's name) goes to the audit trail with what was created or changed.
    """
    if user is not None:
        _require_coordinator(user)
    data = parse_programme_file(content)
    with transaction.atomic():
        problems = check_programme_data(
            data,
            organisation_codes=set(Organisation.objects.values_list("code", flat=True)),
            priority_area_codes=set(PriorityArea.objects.values_list("code", flat=True)),
        )
        slug = data.get("slug")
        existing = Programme.objects.select_for_update().filter(slug=slug).first() if isinstance(slug, str) else None
        if existing is not None and not update_existing:
            problems.insert(0, FileProblem("slug", slug_taken(existing.slug)))
        if problems:
            raise ProgrammeFileError(problems)
        before = _programme_state(existing) if existing is not None else None
        if existing is None:
            try:
                with transaction.atomic():  # claims the identifier, also against an import running meanwhile
                    Programme.objects.create(
                        slug=data["slug"],
                        name_fi=data["name_fi"],
                        start_year=data["start_year"],
                        end_year=data["end_year"],
                    )
            except IntegrityError as error:
                raise ProgrammeFileError([FileProblem("slug", slug_taken(data["slug"]))]) from error
        programme: Programme = load_programme(data)
        after = _programme_state(programme)
        if before is None:
            changes: dict[str, Any] = {"created": True, "after": after}
        else:
            changes = {"created": False, **_changed(before, after)}
        record(Action.IMPORT, legacy_actor(request=request, user=user), obj=programme, reason=source, changes=changes)
    return ProgrammeImport(
        programme=programme,
        created=before is None,
        objectives=len(after["objectives"]),
        measures=len(after["measures"]),
    )


@transaction.atomic
def open_round(
    *,
    user: User,
    programme: Programme,
    name: str,
    period_start: date,
    period_end: date,
    deadline: date,
    measures: Iterable[Measure],
    request: HttpRequest | None = None,
) -> ReportingRound:
    _require_coordinator(user)
    chosen = list(measures)
    if any(measure.programme_id != programme.pk for measure in chosen):
        raise ValidationError(_("Every measure must belong to the programme."))
    reporting_round = ReportingRound.objects.create(
        programme=programme,
        name=name,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        created_by=user,
    )
    reporting_round.measures.set(chosen)
    record(
        Action.CREATE,
        legacy_actor(request=request, user=user),
        obj=reporting_round,
        changes={
            "after": {"name": name, "deadline": deadline.isoformat(), "measures": sorted(m.number for m in chosen)}
        },
    )
    return reporting_round


@transaction.atomic
def set_priority_areas(
    *, user: User, measure: Measure, areas: Iterable[PriorityArea], request: HttpRequest | None = None
) -> None:
    _require_coordinator(user)
    before = sorted(measure.priority_areas.values_list("code", flat=True))
    measure.priority_areas.set(list(areas))
    after = sorted(measure.priority_areas.values_list("code", flat=True))
    record(
        Action.UPDATE,
        legacy_actor(request=request, user=user),
        obj=measure,
        changes={"before": {"priority_areas": before}, "after": {"priority_areas": after}},
    )


@transaction.atomic
def close_round(*, user: User, reporting_round: ReportingRound, request: HttpRequest | None = None) -> None:
    _require_coordinator(user)
    current = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    ReportingRound.objects.filter(pk=reporting_round.pk).update(closed=True)
    reporting_round.closed = True
    record(
        Action.UPDATE,
        legacy_actor(request=request, user=user),
        obj=reporting_round,
        changes={"before": {"closed": current.closed}, "after": {"closed": True}},
    )


@transaction.atomic
def save_status_report(
    *,
    user: User,
    reporting_round: ReportingRound,
    measure: Measure,
    data: dict[str, Any],
    revision: int | None,
    submit: bool,
    request: HttpRequest | None = None,
) -> StatusReport:
    """Save the reporter's draft, and with `submit` freeze it as a new version.

    `revision` is the revision the form was opened with (None for a new report);
    a different current revision raises EditConflictError and writes nothing.
    """
    if not can_report_on(user, measure):
        raise PermissionDenied("not a responsible body of this measure")
    if reporting_round.closed or not reporting_round.measures.filter(pk=measure.pk).exists():
        raise ValidationError(_("This round does not take reports on this measure."))
    if submit and not data.get("status"):
        raise ValidationError({"status": _("Choose the status before submitting.")})
    assert user.organisation is not None
    values = {field: data.get(field, "") or "" for field in REPORT_FIELDS}
    report = (
        StatusReport.objects.select_for_update()
        .filter(round=reporting_round, measure=measure, organisation=user.organisation)
        .first()
    )
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
        StatusReportVersion.objects.create(
            report=report,
            number=number,
            submitted_at=timezone.now(),
            submitted_by=user,
            **values,
        )
        record(
            Action.SUBMIT,
            legacy_actor(request=request, user=user),
            obj=report,
            changes={"before": before, "after": after, "version": number},
        )
    else:
        record(
            Action.UPDATE if before else Action.CREATE,
            legacy_actor(request=request, user=user),
            obj=report,
            changes={"before": before, "after": after},
        )
    return report


@transaction.atomic
def comment_on_report(
    *, user: User, report: StatusReport, text: str, return_for_completion: bool, request: HttpRequest | None = None
) -> ReportComment:
    """The coordinator comments; returning asks the body to complete and resubmit."""
    _require_coordinator(user)
    report = StatusReport.objects.select_for_update().get(pk=report.pk)
    if return_for_completion and report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned for completion."))
    comment = ReportComment.objects.create(report=report, author=user, text=text, returned=return_for_completion)
    if return_for_completion:
        report.state = ReportState.RETURNED
        report.revision += 1
        report.save(update_fields=["state", "revision", "updated_at"])
        record(Action.RETURN, legacy_actor(request=request, user=user), obj=report, reason=text)
        _notify_return(report, text)
    else:
        record(Action.COMMENT, legacy_actor(request=request, user=user), obj=report, reason=text)
    return comment


def reporters_of(organisation: Organisation) -> list[User]:
    return list(
        User.objects.filter(organisation=organisation, is_active=True, role_grants__role=Role.REPORTER)
        .exclude(email="")
        .order_by("username")
    )


def _notify_return(report: StatusReport, text: str) -> None:
    for reporter in reporters_of(report.organisation):
        with override(reporter.language or settings.LANGUAGE_CODE):
            send_mail(
                _("Torju: a status report was returned for completion"),
                _("The coordinator returned your report on measure %(number)s in the round “%(round)s”:\n\n%(comment)s")
                % {"number": report.measure.number, "round": report.round.name, "comment": text},
                None,
                [reporter.email],
            )


@dataclass(frozen=True)
class ReminderResult:
    sent: int
    skipped_already_sent: int


def send_reminders(today: date) -> ReminderResult:
    """E-mail reporters who still owe reports: 14 days before the deadline and after it.

    Each reminder goes to each reporter once per round (ReminderSent), so the
    command can run from cron as often as wanted.
    """
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
            for reporter in reporters_of(organisation):
                owed[reporter].append(measure)
        for reporter, measures in owed.items():
            with transaction.atomic():
                _reminder, created = ReminderSent.objects.get_or_create(round=reporting_round, user=reporter, kind=kind)
                if not created:
                    skipped += 1
                    continue
                _send_reminder(reporter, reporting_round, kind, measures)
                sent += 1
    return ReminderResult(sent=sent, skipped_already_sent=skipped)


def _send_reminder(reporter: User, reporting_round: ReportingRound, kind: str, measures: list[Measure]) -> None:
    numbers = ", ".join(str(measure.number) for measure in sorted(measures, key=lambda m: m.number))
    with override(reporter.language or settings.LANGUAGE_CODE):
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
        send_mail(
            subject,
            body % {"deadline": deadline, "round": reporting_round.name, "numbers": numbers},
            None,
            [reporter.email],
        )


@transaction.atomic
def save_meeting(
    *,
    user: User,
    meeting_form: Any,
    participants: Any,
    agenda_items: Any,
    revision: int | None,
    request: HttpRequest | None = None,
) -> Meeting:
    """Save a meeting with its participants, agenda items and decisions (validated forms)."""
    _require_coordinator(user)
    meeting: Meeting = meeting_form.instance
    before = None
    if meeting.pk:
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if revision != current.revision:
            raise EditConflictError(current, dict(meeting_form.cleaned_data))
        before = _meeting_snapshot(current)
        meeting.revision = current.revision + 1
    meeting = meeting_form.save()
    participants.instance = meeting
    for position, form in enumerate(participants.forms):
        form.instance.position = position
    participants.save()
    agenda_items.instance = meeting
    agenda_items.save()
    programme_measures = (
        Measure.objects.filter(programme=meeting.programme) if meeting.programme_id else Measure.objects.none()
    )
    for form in agenda_items.forms:
        item = form.instance
        if not item.pk or form in agenda_items.deleted_forms:
            continue
        MeetingDecision.objects.filter(agenda_item=item).delete()
        text = form.cleaned_data.get("decision", "").strip()
        if text:
            decision = MeetingDecision.objects.create(agenda_item=item, text=text)
            decision.measures.set(programme_measures.filter(number__in=form.cleaned_data.get("decision_measures", [])))
    record(
        Action.UPDATE if before else Action.CREATE,
        legacy_actor(request=request, user=user),
        obj=meeting,
        changes={"before": before, "after": _meeting_snapshot(meeting)},
    )
    return meeting


def _time(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _meeting_snapshot(meeting: Meeting) -> dict[str, Any]:
    """Everything the meeting form edits, JSON-ready: the audit trail shows what an edit changed."""
    return {
        "programme": meeting.programme.slug if meeting.programme else None,
        "body": meeting.body,
        "body_name": meeting.body_name,
        "number": meeting.number,
        "date": meeting.date.isoformat(),
        "start_time": _time(meeting.start_time),
        "end_time": _time(meeting.end_time),
        "place": meeting.place,
        "participants": [
            {
                "name": participant.name,
                "title": participant.title,
                "organisation": participant.organisation.code if participant.organisation else None,
                "role": participant.role,
                "role_note": participant.role_note,
                "left_at": _time(participant.left_at),
            }
            for participant in meeting.participants.select_related("organisation").order_by("position", "id")
        ],
        "agenda": [
            {
                "number": item.number,
                "title": item.title,
                "minutes": item.minutes,
                "decisions": [
                    {
                        "text": decision.text,
                        "measures": sorted(measure.number for measure in decision.measures.all()),
                    }
                    for decision in item.decisions.prefetch_related("measures").order_by("id")
                ],
            }
            for item in meeting.agenda_items.order_by("number")
        ],
    }
