"""The annual review as a page, and its downloads (PDF, DOCX, XLSX, CSV).

The page shows the analyst the exact figures, with a switch to preview the
public form; the coordinator sees the public form, and is refused the exact
one. Downloads leave the system, so they are always in the public form.
Every view and download is recorded in the audit trail.
"""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from torju.accounts.permissions import access
from torju.audit.models import Action
from torju.audit.services import record
from torju.statistics import documents, selectors
from torju.statistics.permissions import PUBLIC, READ_STATISTICS, may_see_exact
from torju.statistics.review import build_review

AUDIT_OBJECT_TYPE = "statistics.annual"


def _year(year: int) -> int:
    if not selectors.is_reviewable(year):
        raise Http404("no statistics for that year")
    return year


@access(READ_STATISTICS)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "statistics/index.html",
        {"years": selectors.reviewable_years(), "current_year": timezone.localdate().year},
    )


@access(READ_STATISTICS)
def review_page(request: HttpRequest, year: int) -> HttpResponse:
    """`?form=public` previews the public form; `?form=exact` is for analysts only (their default)."""
    year = _year(year)
    requested = request.GET.get("form")
    try:
        statistics = selectors.review_statistics_for(request.user, year, requested)
    except ValueError:
        return HttpResponseBadRequest(_("Form: choose exact or public."), content_type="text/plain; charset=utf-8")
    review = build_review(statistics)
    record(Action.VIEW, request=request, object_type=AUDIT_OBJECT_TYPE, object_id=year, reason=statistics.form)
    current = timezone.localdate().year
    return render(
        request,
        "statistics/review.html",
        {
            "review": review,
            "may_see_exact": may_see_exact(request.user),
            "form_query": requested if requested in {"exact", "public"} else "",
            "previous_year": year - 1 if selectors.is_reviewable(year - 1) else None,
            "next_year": year + 1 if year + 1 <= current else None,
        },
    )


@access(READ_STATISTICS)
def download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The review (PDF, DOCX) or its tables (XLSX, CSV) in the public form; `?lang=fi|sv|en` (default fi)."""
    if fmt not in documents.FORMATS:
        raise Http404("unknown format")
    year = _year(year)
    language = request.GET.get("lang") or documents.LANGUAGES[0]
    if language not in documents.LANGUAGES:
        return HttpResponseBadRequest(_("Language: choose fi, sv or en."), content_type="text/plain; charset=utf-8")
    content = documents.render_review(selectors.review_statistics(year, PUBLIC), language=language, fmt=fmt)
    record(
        Action.EXPORT,
        request=request,
        object_type=AUDIT_OBJECT_TYPE,
        object_id=year,
        reason=f"{fmt} {language} {PUBLIC}",
    )
    response = HttpResponse(content, content_type=documents.CONTENT_TYPES[fmt])
    filename = documents.review_filename(year, language=language, fmt=fmt)
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    assert disposition is not None  # None only when neither attachment nor a filename is asked for
    response["Content-Disposition"] = disposition
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response
