"""The annual review as a page, its documents (PDF, DOCX, XLSX, CSV) and the year's JSON.

The page shows the analyst the exact figures, with a switch to preview the
public form; the coordinator sees the public form, and is refused the exact
one. Documents leave the system, so they are always in the public form; they
take seconds to render, so they are document jobs (torju.documents, kind in
document_jobs.py). The JSON of the spec is a direct download in the public
form, the same as the REST API answers. Every view and download is recorded
in the audit trail.
"""

import json

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.documents.forms import DocumentForm
from torju.documents.views import prepare
from torju.statistics import documents, legal_path, selectors
from torju.statistics.disclosure.threshold import disclosure_threshold
from torju.statistics.document_jobs import AUDIT_OBJECT_TYPE, REVIEW_DOCUMENT
from torju.statistics.permissions import (
    PUBLIC,
    READ_STATISTICS,
    YearNotEndedError,
    check_public_year,
    has_ended,
    may_see_exact,
)
from torju.statistics.review import build_review


def _year(year: int) -> int:
    if not selectors.is_reviewable(year):
        raise Http404("no statistics for that year")
    return year


def _not_public(request: HttpRequest, refusal: YearNotEndedError) -> HttpResponse:
    """The page that says why the public figures of a year in progress are refused (403)."""
    return render(
        request,
        "statistics/not_public.html",
        {"year": refusal.year, "message": refusal.message, "may_see_exact": may_see_exact(request.user)},
        status=403,
    )


@access(READ_STATISTICS)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "statistics/index.html",
        {
            "years": selectors.reviewable_years(),
            "current_year": selectors.current_year(),
            "may_see_exact": may_see_exact(request.user),
        },
    )


@access(READ_STATISTICS)
def review_page(request: HttpRequest, year: int) -> HttpResponse:
    """`?form=public` previews the public form; `?form=exact` is for analysts only (their default)."""
    year = _year(year)
    requested = request.GET.get("form")
    try:
        statistics = selectors.review_statistics_for(request.user, year, requested)
    except YearNotEndedError as refusal:
        return _not_public(request, refusal)
    except ValueError:
        return HttpResponseBadRequest(_("Form: choose exact or public."), content_type="text/plain; charset=utf-8")
    review = build_review(statistics)
    record(
        Action.VIEW,
        Actor.from_request(request),
        object_type=AUDIT_OBJECT_TYPE,
        object_id=year,
        reason=statistics.publication,
    )
    current = selectors.current_year()
    return render(
        request,
        "statistics/review.html",
        {
            "review": review,
            "may_see_exact": may_see_exact(request.user),
            "form_query": requested if requested in {"exact", "public"} else "",
            "previous_year": year - 1 if selectors.is_reviewable(year - 1) else None,
            "next_year": year + 1 if year + 1 <= current else None,
            "document_formats": [(fmt, fmt.upper()) for fmt in REVIEW_DOCUMENT.content_types],
            "year_has_ended": has_ended(year),
            "figures_as_of": statistics.as_of,
        },
    )


@access(READ_STATISTICS)
@require_http_methods(["GET", "POST"])
def prepare_document(request: HttpRequest, year: int) -> HttpResponse:
    """The review (PDF, DOCX) or its tables (XLSX, CSV) in the public form, prepared in the background.

    GET: the form; POST (the buttons on the review page, or the form): queue the document, go to its job.
    """
    year = _year(year)
    try:
        check_public_year(year)
    except YearNotEndedError as refusal:
        return _not_public(request, refusal)
    form = DocumentForm(documents.FORMATS, request.POST if request.method == "POST" else None)
    return prepare(request, kind=REVIEW_DOCUMENT, form=form, subject=str(year), parameters=lambda _data: {"year": year})


@access(READ_STATISTICS)
def public_json(request: HttpRequest, year: int) -> HttpResponse:
    """The year's statistics as the spec's JSON in the public form, as a file: what the REST API answers."""
    year = _year(year)
    try:
        statistics = selectors.public_statistics(year)
    except YearNotEndedError as refusal:
        return _not_public(request, refusal)
    record(
        Action.EXPORT,
        Actor.from_request(request),
        object_type=AUDIT_OBJECT_TYPE,
        object_id=year,
        reason=f"json {PUBLIC}",
    )
    response = HttpResponse(
        json.dumps(statistics, ensure_ascii=False, indent=2) + "\n", content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{documents.statistics_filename(year)}"'
    return response


@access(READ_STATISTICS)
def legal_path_json(request: HttpRequest, year: int) -> HttpResponse:
    """The second JSON beside the annual one: the legal path of the year's clients, in the public form."""
    year = _year(year)
    try:
        check_public_year(year)
    except YearNotEndedError as refusal:
        return _not_public(request, refusal)
    figures = legal_path.legal_path_years([year], PUBLIC, disclosure_threshold())[str(year)]
    record(
        Action.EXPORT,
        Actor.from_request(request),
        object_type=AUDIT_OBJECT_TYPE,
        object_id=year,
        reason=f"legal-path json {PUBLIC}",
    )
    response = HttpResponse(
        json.dumps(figures, ensure_ascii=False, indent=2) + "\n", content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="legal-path-{year}.json"'
    return response
