"""Pages of status reporting: rounds, the reporter's reports and the coordinator's comments."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.concurrency import EditConflictError
from torju.programme import selectors, services
from torju.programme.forms.common import show_refusal
from torju.programme.forms.meetings import AttachmentForm
from torju.programme.forms.reporting import CommentForm, RoundForm, StatusReportForm
from torju.programme.models import ReportingRound, StatusReport
from torju.programme.permissions import (
    FOLLOW_PROGRAMME,
    MANAGE_PROGRAMME,
    REPORT_STATUS,
    can_attach_to_report,
    can_report_on,
    can_see_round,
    is_coordinator,
    visible_reports,
)
from torju.programme.views.common import programme_or_404, user_of


@access(MANAGE_PROGRAMME)
def round_new(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_or_404(slug)
    form = RoundForm(programme, request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            reporting_round = services.open_round(
                actor=Actor.from_request(request),
                programme=programme,
                measure_numbers=[measure.number for measure in values.pop("measures")],
                **values,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The reporting round was opened."))
            return redirect("programme:round", pk=reporting_round.pk)
    return render(
        request,
        "programme/round_form.html",
        {"programme": programme, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _visible_round(request: HttpRequest, pk: int) -> ReportingRound:
    reporting_round = get_object_or_404(ReportingRound.objects.select_related("programme"), pk=pk)
    if not can_see_round(user_of(request), reporting_round):
        raise Http404
    return reporting_round


@access(FOLLOW_PROGRAMME)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reporting_round = _visible_round(request, pk)
    user = user_of(request)
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
    services.close_round(actor=Actor.from_request(request), reporting_round=reporting_round)
    messages.success(request, _("The reporting round was closed."))
    return redirect("programme:round", pk=pk)


@access(REPORT_STATUS)
def my_reports(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/my_reports.html", {"owed": selectors.owed_by(user_of(request))})


@access(REPORT_STATUS)
def report_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The reporter's form: save a draft or submit; a stale form shows both versions."""
    reporting_round = _visible_round(request, pk)
    measure = get_object_or_404(reporting_round.measures.select_related("objective"), number=number)
    user = user_of(request)
    if not can_report_on(user, measure):
        raise PermissionDenied("not a responsible body of this measure")
    report = StatusReport.objects.filter(round=reporting_round, measure=measure, organisation=user.organisation).first()
    initial: dict[str, Any] = {"revision": report.revision if report else None}
    if report:
        initial |= {field: getattr(report, field) for field in services.REPORT_FIELDS}
        initial |= StatusReportForm.initial_of(report.indicator_values, report.milestones_reached)
    form = StatusReportForm(request.POST or None, initial=initial, measure=measure)
    context: dict[str, Any] = {"round": reporting_round, "measure": measure, "report": report, "form": form}
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            report = services.save_status_report(
                actor=Actor.from_request(request),
                reporting_round=reporting_round,
                measure=measure,
                data=form.report_data(),
                revision=form.cleaned_data["revision"],
                submit=submit,
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
                            **StatusReportForm.initial_of(
                                conflict.submitted.get("indicator_values", {}),
                                conflict.submitted.get("milestones_reached", {}),
                            ),
                            "revision": conflict.current.revision if conflict.current else None,
                        },
                        measure=measure,
                    ),
                },
                status=409,
            )
        except ValidationError as error:
            show_refusal(form, error)
            return render(request, "programme/report_form.html", context, status=400)
        messages.success(request, _("The report was submitted.") if submit else _("The draft was saved."))
        return redirect("programme:report", pk=report.pk)
    return render(request, "programme/report_form.html", context, status=400 if request.method == "POST" else 200)


def _visible_report(request: HttpRequest, pk: int) -> StatusReport:
    reports = StatusReport.objects.select_related("round__programme", "measure", "organisation")
    return get_object_or_404(visible_reports(user_of(request), reports), pk=pk)


@access(FOLLOW_PROGRAMME)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    user = user_of(request)
    return render(
        request,
        "programme/report_detail.html",
        {
            "report": report,
            "versions": report.versions.select_related("submitted_by").order_by("-number"),
            "comments": report.comments.select_related("author"),
            "comment_form": CommentForm() if is_coordinator(user) else None,
            "can_edit": can_report_on(user, report.measure) and not report.round.closed,
            "attachments": report.attachments.filter(removed_at__isnull=True),
            "attachment_form": AttachmentForm() if can_attach_to_report(user, report) else None,
        },
    )


@access(MANAGE_PROGRAMME)
@require_POST
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on_report(actor=Actor.from_request(request), report=report, **form.cleaned_data)
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
