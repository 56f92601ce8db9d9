"""The programme's documents: the implementation report (prepared in the background) and meeting minutes.

Both are for the coordinator only. The report takes seconds, so it is a
document job (torju.documents): asking for it queues the job, whose page
shows the progress and then the link; the download is the export in the
audit trail. The minutes of one meeting are quick and download at once,
recorded in the audit trail as an export.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.documents.forms import DocumentForm
from torju.documents.views import prepare
from torju.form_fields import DateField
from torju.programme import documents, selectors
from torju.programme.document_jobs import IMPLEMENTATION_REPORT, implementation_report_parameters
from torju.programme.models import Programme
from torju.programme.permissions import MANAGE_PROGRAMME, READ_MEETINGS, visible_meetings
from torju.programme.views.common import user_of


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


class ImplementationReportForm(DocumentForm):
    """Format, language and the period.

    The first day defaults to the plan's first day; the last day to today, or
    to the plan's last day once it has ended.
    """

    since = DateField(
        label=gettext_lazy("Period start"),
        required=False,
        help_text=gettext_lazy("Empty: the plan's first day."),
    )
    until = DateField(
        label=gettext_lazy("Period end"),
        required=False,
        help_text=gettext_lazy("Empty: today, or the plan's last day once it has ended."),
    )

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(documents.FORMATS, *args, **kwargs)
        self.programme = programme

    def clean(self) -> dict[str, Any]:
        """The period's rule is the report's own (documents.period_problems), shown before the job is queued."""
        cleaned = super().clean() or {}
        if "since" in cleaned and "until" in cleaned:
            for field, problem in documents.period_problems(self.programme, cleaned["since"], cleaned["until"]).items():
                self.add_error(field, problem)
        return cleaned


@access(MANAGE_PROGRAMME)
@require_http_methods(["GET", "POST"])
def implementation_report(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the form; POST (the buttons on the plan's page, or the form): queue the report, go to its job."""
    programme = get_object_or_404(Programme, slug=slug)
    form = ImplementationReportForm(programme, request.POST if request.method == "POST" else None)
    return prepare(
        request,
        kind=IMPLEMENTATION_REPORT,
        form=form,
        subject=programme.name,
        parameters=lambda data: implementation_report_parameters(programme, data["since"], data["until"]),
    )


@access(READ_MEETINGS)
def minutes_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """`?lang=fi|sv|en` (default fi) chooses the language of the labels. Whoever reads the meeting may."""
    fmt = _format(fmt)
    meeting = get_object_or_404(visible_meetings(user_of(request), selectors.meetings()), pk=pk)
    language = _language(request)
    if language is None:
        return _bad_request(_("Language: choose fi, sv or en."))
    content = documents.meeting_minutes(meeting, language=language, fmt=fmt)
    record(Action.EXPORT, Actor.from_request(request), obj=meeting, reason=fmt)
    return _download(content, fmt=fmt, filename=documents.minutes_filename(meeting, language=language, fmt=fmt))
