"""Downloads of the programme's documents: the implementation report and meeting minutes.

Both are for the coordinator only, and every download is recorded in the
audit trail as an export.
"""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from torju.accounts.permissions import access
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme import documents, selectors
from torju.programme.models import Programme
from torju.programme.permissions import MANAGE_PROGRAMME


def _format(fmt: str) -> str:
    if fmt not in documents.FORMATS:
        raise Http404("unknown format")
    return fmt


def _language(request: HttpRequest) -> str | None:
    language = request.GET.get("lang") or documents.LANGUAGES[0]
    return language if language in documents.LANGUAGES else None


def _download(content: bytes, *, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=documents.CONTENT_TYPES[fmt])
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    assert disposition is not None  # None only when neither attachment nor a filename is asked for
    response["Content-Disposition"] = disposition
    add_never_cache_headers(response)
    return response


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@access(MANAGE_PROGRAMME)
def implementation_report_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """`?lang=fi|sv|en` (default fi) and `?until=YYYY-MM-DD` (default today) choose language and period."""
    fmt = _format(fmt)
    programme = get_object_or_404(Programme, slug=slug)
    language = _language(request)
    if language is None:
        return _bad_request(_("Language: choose fi, sv or en."))
    until = None
    if raw_until := request.GET.get("until"):
        try:
            until = date.fromisoformat(raw_until)
        except ValueError:
            return _bad_request(_("Period end: enter a date as YYYY-MM-DD."))
        start = documents.period_start(programme)
        if until < start:
            return _bad_request(_("Period end: the programme starts on %(date)s.") % {"date": start.isoformat()})
    content = documents.implementation_report(programme, language=language, until=until, fmt=fmt)
    record(Action.EXPORT, request=request, obj=programme, reason=fmt)
    filename = documents.implementation_report_filename(programme, language=language, until=until, fmt=fmt)
    return _download(content, fmt=fmt, filename=filename)


@access(MANAGE_PROGRAMME)
def minutes_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """`?lang=fi|sv|en` (default fi) chooses the language of the labels."""
    fmt = _format(fmt)
    meeting = get_object_or_404(selectors.meetings(), pk=pk)
    language = _language(request)
    if language is None:
        return _bad_request(_("Language: choose fi, sv or en."))
    content = documents.meeting_minutes(meeting, language=language, fmt=fmt)
    record(Action.EXPORT, request=request, obj=meeting, reason=fmt)
    return _download(content, fmt=fmt, filename=documents.minutes_filename(meeting, language=language, fmt=fmt))
