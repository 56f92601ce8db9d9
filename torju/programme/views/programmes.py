"""Pages of the programmes: the list, a new plan, its import, the plan, a measure and the dashboard."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.models import Organisation
from torju.accounts.permissions import access
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme import figures, selectors, services
from torju.programme.forms.common import show_refusal
from torju.programme.forms.meetings import DecisionDoneForm
from torju.programme.forms.plans import (
    ApprovalForm,
    PlanCommentForm,
    PriorityAreasForm,
    ProgrammeForm,
    ProgrammeImportForm,
)
from torju.programme.forms.reporting import DashboardFilterForm, ReminderForm
from torju.programme.models import Measure, Programme, ReportingRound, Stage, StatusReport
from torju.programme.permissions import (
    MANAGE_PROGRAMME,
    READ_DASHBOARD,
    READ_PROGRAMME,
    can_comment_on_plan,
    can_read_dashboard,
    can_report_on,
    is_coordinator,
    visible_programmes,
    visible_reports,
    visible_rounds,
)
from torju.programme.programme_file import FileProblem, ProgrammeFileError
from torju.programme.programme_file.exporting import programme_file_data
from torju.programme.views.common import act, programme_or_404, say_form_errors, user_of


def visible_programme(request: HttpRequest, slug: str) -> Programme:
    """The plan, if the user may see it (a draft is the coordinator's own); else "not found"."""
    return get_object_or_404(visible_programmes(user_of(request), selectors.programmes()), slug=slug)


@access(READ_PROGRAMME)
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = visible_programmes(user_of(request), selectors.programmes())
    return render(request, "programme/programme_list.html", {"programmes": programmes})


@access(MANAGE_PROGRAMME)
def programme_new(request: HttpRequest) -> HttpResponse:
    """A new, empty action plan; the measures import then fills in its objectives and measures."""
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_programme(actor=Actor.from_request(request), **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
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
                actor=Actor.from_request(request),
                content=upload.read(),
                source=upload.name or "",
                update_existing=False,
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


@access(READ_PROGRAMME)
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = visible_programme(request, slug)
    user = user_of(request)
    rows = selectors.progress(programme)
    coordinator = is_coordinator(user)
    return render(
        request,
        "programme/programme_detail.html",
        {
            "programme": programme,
            "objectives": selectors.by_objective(programme, rows),
            "rounds": visible_rounds(user, selectors.rounds_of(programme)),
            "coordinator": coordinator,
            "dashboard": can_read_dashboard(user, programme),
            "approvals": programme.approvals.select_related("meeting__group").order_by("decided_on", "id"),
            "approval_form": ApprovalForm(programme) if coordinator else None,
            "plan_comments": programme.comments.select_related("author", "organisation")
            if coordinator or programme.stage == Stage.CIRCULATED
            else None,
            "plan_comment_form": PlanCommentForm() if can_comment_on_plan(user, programme) else None,
            "groups": programme.groups.order_by("kind", "name_fi") if coordinator else None,
        },
    )


@access(READ_PROGRAMME)
def measure_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    programme = visible_programme(request, slug)
    measure = get_object_or_404(selectors.measures_of(programme), number=number)
    user = user_of(request)
    reports = visible_reports(user, StatusReport.objects.filter(measure=measure)).select_related(
        "round", "organisation"
    )
    [row] = [row for row in selectors.progress(programme) if row.measure.pk == measure.pk]
    values = {item.indicator.pk: item for item in selectors.indicator_progress(programme)}
    return render(
        request,
        "programme/measure_detail.html",
        {
            "programme": programme,
            "measure": measure,
            "row": row,
            "indicators": [values[indicator.pk] for indicator in measure.indicators.all()],
            "milestones": measure.milestones.all(),
            "recommendations": measure.recommendations.all(),
            "coordinator": is_coordinator(user),
            "today": timezone.localdate(),
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
    programme = programme_or_404(slug)
    measure = get_object_or_404(Measure, programme=programme, number=number)
    form = PriorityAreasForm(request.POST)
    if form.is_valid():
        services.set_priority_areas(
            actor=Actor.from_request(request), measure=measure, areas=form.cleaned_data["priority_areas"]
        )
        messages.success(request, _("The priority areas were saved."))
    else:
        messages.error(request, _("Priority areas: choose from the list."))
    return redirect("programme:measure", slug=slug, number=number)


@access(READ_DASHBOARD)
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """Counts and charts (each with its table), the bodies that owe reports, decisions to follow up and the
    indicators against their targets. Members read their groups' plans', the rapporteur every plan's; only the
    coordinator acts on it (reminders, decisions done)."""
    programme = visible_programme(request, slug)
    user = user_of(request)
    if not can_read_dashboard(user, programme):
        raise Http404
    query = request.GET.copy()
    sort = query.pop("sort", [""])[-1]
    form = DashboardFilterForm(programme, query or None)
    criteria = selectors.DashboardFilter()
    if query and form.is_valid():
        data = form.cleaned_data
        criteria = selectors.DashboardFilter(
            objective=data["objective"],
            organisation=data["organisation"],
            priority_area=data["priority_area"],
            status=data["status"],
        )
    today = timezone.localdate()
    board = selectors.dashboard(programme, criteria, today, sort=sort if sort in selectors.OWING_ORDERS else "")
    objectives = list(selectors.objectives_of(programme))
    charts = [
        figures.status_by_objective(board.rows, objectives),
        figures.status_by_body(board.rows),
        figures.status_over_rounds(programme),
        figures.indicators_chart(board.indicators),
    ]
    coordinator = is_coordinator(user)
    return render(
        request,
        "programme/dashboard.html",
        {
            "programme": programme,
            "form": form,
            "board": board,
            "charts": [(chart, chart.data_uri()) for chart in charts if not chart.empty],
            "statuses": selectors.status_columns(),
            "today": today,
            "coordinator": coordinator,
            "sort": sort,
            "filters": query.urlencode(),
            "done_form": DecisionDoneForm(initial={"done_on": today}) if coordinator else None,
        },
        status=400 if query and not form.is_valid() else 200,
    )


@access(MANAGE_PROGRAMME)
@require_POST
def dashboard_remind(request: HttpRequest, slug: str) -> HttpResponse:
    """The dashboard's "send reminder": the body's reporters get an e-mail of what it owes in the round."""
    programme = programme_or_404(slug)
    form = ReminderForm(request.POST)
    back = reverse("programme:dashboard", args=[slug]) + "#owing"
    if not form.is_valid():
        say_form_errors(request, form)
        return redirect(back)
    reporting_round = get_object_or_404(ReportingRound, pk=form.cleaned_data["round"], programme=programme)
    organisation = get_object_or_404(Organisation, code=form.cleaned_data["organisation"])
    return act(
        request,
        lambda: services.remind_body(
            actor=Actor.from_request(request), reporting_round=reporting_round, organisation=organisation
        ),
        done=_("A reminder was sent to %(body)s.") % {"body": organisation.name},
        back=back,
    )


@access(MANAGE_PROGRAMME)
def programme_file(request: HttpRequest, slug: str) -> HttpResponse:
    """The plan as a programme file (JSON, every text in three languages): edit and import it, or copy the plan."""
    programme = programme_or_404(slug)
    with transaction.atomic():
        data = programme_file_data(programme)
        record(Action.EXPORT, Actor.from_request(request), obj=programme, reason="programme.json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}.json"'
    return response
