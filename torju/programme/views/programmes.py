"""Pages of the programmes: the list, a new plan, its import, the plan, a measure and the dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.programme import selectors, services
from torju.programme.forms.common import show_refusal
from torju.programme.forms.plans import PriorityAreasForm, ProgrammeForm, ProgrammeImportForm
from torju.programme.forms.reporting import DashboardFilterForm
from torju.programme.models import Measure, StatusReport
from torju.programme.permissions import (
    FOLLOW_PROGRAMME,
    MANAGE_PROGRAMME,
    can_report_on,
    is_coordinator,
    visible_reports,
    visible_rounds,
)
from torju.programme.programme_file import FileProblem, ProgrammeFileError
from torju.programme.views.common import programme_or_404, user_of


@access(FOLLOW_PROGRAMME)
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/programme_list.html", {"programmes": selectors.programmes()})


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


@access(FOLLOW_PROGRAMME)
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_or_404(slug)
    rows = selectors.progress(programme)
    objectives = selectors.by_objective(programme, rows)
    return render(
        request,
        "programme/programme_detail.html",
        {
            "programme": programme,
            "objectives": objectives,
            "rounds": visible_rounds(user_of(request), selectors.rounds_of(programme)),
        },
    )


@access(FOLLOW_PROGRAMME)
def measure_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    programme = programme_or_404(slug)
    measure = get_object_or_404(selectors.measures_of(programme), number=number)
    user = user_of(request)
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


@access(MANAGE_PROGRAMME)
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_or_404(slug)
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
