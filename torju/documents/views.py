"""Pages of the documents prepared in the background: asking for one, its progress, and its download.

The pages that offer a document (the plan, the statistics review) check
their own access rule and object rules, then hand over to `prepare`. A job
is seen and downloaded only by the user who asked for it: to anybody else it
is "not found", the same as a job that does not exist. The download is the
export, recorded in the audit trail as the direct downloads were.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from torju.accounts.models import User
from torju.accounts.permissions import SIGNED_IN, access
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.documents.forms import DocumentForm
from torju.documents.jobs import KINDS, DocumentKind
from torju.documents.models import DocumentJob, JobStatus
from torju.documents.tasks import start_document_job


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def prepare(
    request: HttpRequest,
    *,
    kind: DocumentKind,
    form: DocumentForm,
    subject: str,
    parameters: Callable[[dict[str, Any]], dict[str, Any]],
) -> HttpResponse:
    """GET: the form. POST: a valid form queues the job and goes to its page; an invalid one is shown again (400).

    `parameters` turns the form's cleaned data into the job's parameters.
    """
    if request.method == "POST" and form.is_valid():
        job = start_document_job(
            actor=Actor.from_request(request),
            kind=kind,
            fmt=form.cleaned_data["format"],
            language=form.cleaned_data["language"],
            parameters=parameters(form.cleaned_data),
            subject=subject,
        )
        return redirect(job)
    return render(
        request,
        "documents/prepare.html",
        {"form": form, "kind": kind, "subject": subject},
        status=400 if request.method == "POST" else 200,
    )


def _own_job(request: HttpRequest, pk: int) -> tuple[DocumentJob, DocumentKind]:
    """The user's own job, if the user may still have documents of its kind (a role may have been taken away)."""
    job = get_object_or_404(DocumentJob.objects.filter(requested_by=_user(request)), pk=pk)
    kind = KINDS.get(job.kind)
    if kind is None:
        raise Http404("no such kind of document")
    if not kind.access_rule.allows(request.user):
        raise PermissionDenied(kind.access_rule.name)
    return job, kind


def _job_context(job: DocumentJob, kind: DocumentKind) -> dict[str, Any]:
    return {
        "job": job,
        "kind": kind,
        "language_name": translation.get_language_info(job.language)["name_local"],
    }


@access(SIGNED_IN)
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress while it runs; then the download link, or why there is no document."""
    found, kind = _own_job(request, pk)
    return render(request, "documents/job.html", _job_context(found, kind))


@access(SIGNED_IN)
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress part of the job page, polled by htmx; once the job has ended htmx reloads the page."""
    found, kind = _own_job(request, pk)
    response = render(request, "documents/job_progress.html", _job_context(found, kind))
    if found.is_finished:
        response["HX-Refresh"] = "true"
    return response


@access(SIGNED_IN)
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The document, to the user who asked for it; every download is an export in the audit trail."""
    found, kind = _own_job(request, pk)
    path = found.path
    if found.status != JobStatus.SUCCEEDED or path is None:
        raise Http404("the document is not ready")
    try:
        handle = path.open("rb")
    except FileNotFoundError as missing:
        raise Http404("the document has been deleted") from missing
    exported = kind.exported(found)
    try:
        record(
            Action.EXPORT,
            Actor.from_request(request),
            object_type=exported.object_type,
            object_id=exported.object_id,
            reason=exported.reason,
        )
    except BaseException:
        handle.close()
        raise
    response = FileResponse(
        handle, as_attachment=True, filename=found.file_name, content_type=kind.content_types[found.fmt]
    )
    response["Content-Language"] = found.language
    add_never_cache_headers(response)
    return response
