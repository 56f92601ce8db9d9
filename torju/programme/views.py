"""Pages of action-plan monitoring: programmes, dashboard, rounds, status reports, meetings."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.models import User
from torju.accounts.permissions import PUBLIC, access
from torju.concurrency import EditConflictError
from torju.programme import selectors, services
from torju.programme.forms import (
    AgendaItemFormSet,
    CommentForm,
    DashboardFilterForm,
    MeetingForm,
    ParticipantFormSet,
    PriorityAreasForm,
    ProgrammeForm,
    ProgrammeImportForm,
    RoundForm,
    StatusReportForm,
)
from torju.programme.models import Measure, Meeting, Programme, ReportingRound, StatusReport
from torju.programme.permissions import (
    FOLLOW_PROGRAMME,
    MANAGE_PROGRAMME,
    REPORT_STATUS,
    can_report_on,
    can_see_round,
    is_coordinator,
    visible_reports,
    visible_rounds,
)
from torju.programme.programme_file import FileProblem, ProgrammeFileError


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _programme(slug: str) -> Programme:
    return get_object_or_404(Programme, slug=slug)


@access(FOLLOW_PROGRAMME)
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/programme_list.html", {"programmes": selectors.programmes()})


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form, at the field it names."""
    for field, problems in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


@access(MANAGE_PROGRAMME)
def programme_new(request: HttpRequest) -> HttpResponse:
    """A new, empty action plan; the measures import then fills in its objectives and measures."""
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(user=_user(request), request=request, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The action plan was created. Import its measures next."))
            return redirect("programme:measures_import", slug=programme.slug)
    return render(
        request, "programme/programme_form.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@access(MANAGE_PROGRAMME)
def programme_import(request: HttpRequest) -> HttpResponse:
    """Upload a whole plan as a JSON file; every problem is listed and then nothing is imported."""
    form = ProgrammeImportForm(request.POST or None, request.FILES or None)
    problems: list[FileProblem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_programme_file(
                user=_user(request),
                content=upload.read(),
                source=upload.name or "",
                update_existing=False,
                request=request,
            )
        except ProgrammeFileError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("The action plan was imported: %(objectives)s objectives, %(measures)s measures.")
                % {"objectives": result.objectives, "measures": result.measures},
            )
            return redirect("programme:detail", slug=result.programme.slug)
    return render(
        request,
        "programme/programme_import.html",
        {"form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )


@access(FOLLOW_PROGRAMME)
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(slug)
    rows = selectors.progress(programme)
    objectives = selectors.by_objective(programme, rows)
    return render(
        request,
        "programme/programme_detail.html",
        {
            "programme": programme,
            "objectives": objectives,
            "rounds": visible_rounds(_user(request), selectors.rounds_of(programme)),
        },
    )


@access(FOLLOW_PROGRAMME)
def measure_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    programme = _programme(slug)
    measure = get_object_or_404(selectors.measures_of(programme), number=number)
    user = _user(request)
    reports = visible_reports(user, StatusReport.objects.filter(measure=measure)).select_related(
        "round", "organisation"
    )
    return render(
        request,
        "programme/measure_detail.html",
        {
            "programme": programme,
            "measure": measure,
            "reports": reports.prefetch_related("versions").order_by("-round__deadline", "organisation__code"),
            "can_report": can_report_on(user, measure),
            "open_rounds": measure.rounds.filter(closed=False).order_by("deadline"),
            "tags_form": PriorityAreasForm(initial={"priority_areas": measure.priority_areas.all()})
            if is_coordinator(user)
            else None,
        },
    )


@access(MANAGE_PROGRAMME)
@require_POST
def measure_priority_areas(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    programme = _programme(slug)
    measure = get_object_or_404(Measure, programme=programme, number=number)
    form = PriorityAreasForm(request.POST)
    if form.is_valid():
        services.set_priority_areas(
            user=_user(request), measure=measure, areas=form.cleaned_data["priority_areas"], request=request
        )
        messages.success(request, _("The priority areas were saved."))
    else:
        messages.error(request, _("Priority areas: choose from the list."))
    return redirect("programme:measure", slug=slug, number=number)


@access(MANAGE_PROGRAMME)
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(slug)
    form = DashboardFilterForm(programme, request.GET or None)
    criteria = selectors.DashboardFilter()
    if request.GET and form.is_valid():
        data = form.cleaned_data
        criteria = selectors.DashboardFilter(
            objective=data["objective"],
            organisation=data["organisation"],
            priority_area=data["priority_area"],
            status=data["status"],
        )
    board = selectors.dashboard(programme, criteria, timezone.localdate())
    return render(
        request,
        "programme/dashboard.html",
        {
            "programme": programme,
            "form": form,
            "board": board,
            "statuses": selectors.status_columns(),
            "today": timezone.localdate(),
        },
        status=400 if request.GET and not form.is_valid() else 200,
    )


@access(MANAGE_PROGRAMME)
def round_new(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme(slug)
    form = RoundForm(programme, request.POST or None)
    if request.method == "POST" and form.is_valid():
        reporting_round = services.open_round(
            user=_user(request), programme=programme, request=request, **form.cleaned_data
        )
        messages.success(request, _("The reporting round was opened."))
        return redirect("programme:round", pk=reporting_round.pk)
    return render(request, "programme/round_form.html", {"programme": programme, "form": form})


def _visible_round(request: HttpRequest, pk: int) -> ReportingRound:
    reporting_round = get_object_or_404(ReportingRound.objects.select_related("programme"), pk=pk)
    user = _user(request)
    if not can_see_round(user, reporting_round):
        raise Http404
    return reporting_round


@access(FOLLOW_PROGRAMME)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reporting_round = _visible_round(request, pk)
    user = _user(request)
    context: dict[str, Any] = {"round": reporting_round, "coordinator": is_coordinator(user)}
    if is_coordinator(user):
        context["reports"] = selectors.reports_in_round(reporting_round)
        context["not_reported"] = selectors.outstanding_reports(reporting_round)
    else:
        context["owed"] = [item for item in selectors.owed_by(user) if item.reporting_round.pk == reporting_round.pk]
    return render(request, "programme/round_detail.html", context)


@access(MANAGE_PROGRAMME)
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    reporting_round = get_object_or_404(ReportingRound, pk=pk)
    services.close_round(user=_user(request), reporting_round=reporting_round, request=request)
    messages.success(request, _("The reporting round was closed."))
    return redirect("programme:round", pk=pk)


@access(REPORT_STATUS)
def my_reports(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/my_reports.html", {"owed": selectors.owed_by(_user(request))})


@access(REPORT_STATUS)
def report_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The reporter's form: save a draft or submit; a stale form shows both versions."""
    reporting_round = _visible_round(request, pk)
    measure = get_object_or_404(reporting_round.measures.select_related("objective"), number=number)
    user = _user(request)
    if not can_report_on(user, measure):
        raise PermissionDenied("not a responsible body of this measure")
    report = StatusReport.objects.filter(round=reporting_round, measure=measure, organisation=user.organisation).first()
    initial: dict[str, Any] = {"revision": report.revision if report else None}
    if report:
        initial |= {field: getattr(report, field) for field in services.REPORT_FIELDS}
    form = StatusReportForm(request.POST or None, initial=initial)
    context: dict[str, Any] = {"round": reporting_round, "measure": measure, "report": report, "form": form}
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            report = services.save_status_report(
                user=user,
                reporting_round=reporting_round,
                measure=measure,
                data=form.cleaned_data,
                revision=form.cleaned_data["revision"],
                submit=submit,
                request=request,
            )
        except EditConflictError as conflict:
            return render(
                request,
                "programme/report_conflict.html",
                {
                    **context,
                    "current": conflict.current,
                    "mine": conflict.submitted,
                    "form": StatusReportForm(
                        initial={
                            **conflict.submitted,
                            "revision": conflict.current.revision if conflict.current else None,
                        }
                    ),
                },
                status=409,
            )
        except ValidationError as error:
            _add_errors(form, error)
            return render(request, "programme/report_form.html", context, status=400)
        messages.success(request, _("The report was submitted.") if submit else _("The draft was saved."))
        return redirect("programme:report", pk=report.pk)
    return render(request, "programme/report_form.html", context, status=400 if request.method == "POST" else 200)


def _visible_report(request: HttpRequest, pk: int) -> StatusReport:
    reports = StatusReport.objects.select_related("round__programme", "measure", "organisation")
    return get_object_or_404(visible_reports(_user(request), reports), pk=pk)


@access(FOLLOW_PROGRAMME)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    user = _user(request)
    return render(
        request,
        "programme/report_detail.html",
        {
            "report": report,
            "versions": report.versions.select_related("submitted_by").order_by("-number"),
            "comments": report.comments.select_related("author"),
            "comment_form": CommentForm() if is_coordinator(user) else None,
            "can_edit": can_report_on(user, report.measure) and not report.round.closed,
        },
    )


@access(MANAGE_PROGRAMME)
@require_POST
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on_report(user=_user(request), report=report, request=request, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The comment was saved."))
        return redirect("programme:report", pk=pk)
    return render(
        request,
        "programme/report_detail.html",
        {
            "report": report,
            "versions": report.versions.order_by("-number"),
            "comments": report.comments.all(),
            "comment_form": form,
        },
        status=400,
    )


@access(MANAGE_PROGRAMME)
def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/meeting_list.html", {"meetings": selectors.meetings()})


@access(MANAGE_PROGRAMME)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors.meetings(), pk=pk)
    return render(request, "programme/meeting_detail.html", {"meeting": meeting})


@access(MANAGE_PROGRAMME)
def meeting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk) if pk else Meeting()
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, instance=meeting, initial={"revision": meeting.revision if pk else None})
    numbers = frozenset(
        Measure.objects.filter(programme_id=meeting.programme_id or _posted_programme(data) or 0).values_list(
            "number", flat=True
        )
    )
    participants = ParticipantFormSet(data, instance=meeting, prefix="participants")
    agenda_items = AgendaItemFormSet(data, instance=meeting, prefix="agenda", form_kwargs={"measure_numbers": numbers})
    context = {"meeting": meeting, "form": form, "participants": participants, "agenda_items": agenda_items}
    if data is not None:
        if form.is_valid() and participants.is_valid() and agenda_items.is_valid():
            try:
                saved = services.save_meeting(
                    user=_user(request),
                    meeting_form=form,
                    participants=participants,
                    agenda_items=agenda_items,
                    revision=form.cleaned_data["revision"],
                    request=request,
                )
            except EditConflictError as conflict:
                return _meeting_conflict(request, meeting, conflict.current, numbers)
            messages.success(request, _("The meeting was saved."))
            return redirect("programme:meeting", pk=saved.pk)
        return render(request, "programme/meeting_form.html", context, status=400)
    return render(request, "programme/meeting_form.html", context)


def _meeting_conflict(
    request: HttpRequest, meeting: Meeting, current: Meeting, numbers: frozenset[int]
) -> HttpResponse:
    """The form again with the user's values, beside the version saved meanwhile; saving again is a choice."""
    data = request.POST.copy()
    data["revision"] = str(current.revision)
    context = {
        "meeting": meeting,
        "form": MeetingForm(data, instance=current),
        "participants": ParticipantFormSet(data, instance=current, prefix="participants"),
        "agenda_items": AgendaItemFormSet(
            data, instance=current, prefix="agenda", form_kwargs={"measure_numbers": numbers}
        ),
        "conflict": current,
        "conflict_participants": current.participants.order_by("position", "id"),
        "conflict_agenda": current.agenda_items.order_by("number"),
    }
    return render(request, "programme/meeting_form.html", context, status=409)


def _posted_programme(data: Any) -> int | None:
    value = data.get("programme") if data is not None else None
    return int(value) if value and str(value).isdigit() else None


@access(PUBLIC)
def public_progress_index(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/public/index.html", {"programmes": selectors.published_programmes()})


@access(PUBLIC)
def public_progress(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(selectors.published_programmes(), slug=slug)
    rows = selectors.progress(programme)
    objectives = selectors.by_objective(programme, rows)
    return render(
        request,
        "programme/public/progress.html",
        {"programme": programme, "objectives": objectives, "counts": selectors.status_counts(rows)},
    )
