"""The register's background jobs from the web: imports (the register's coordinator) and extracts (analysts).

An import: upload, then the job's progress and its outcome. An extract: a
document job of the documents app (torju.documents.views.prepare).
"""

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from torju.accounts.models import User
from torju.accounts.permissions import access
from torju.actor import Actor
from torju.documents.views import prepare
from torju.register import selectors
from torju.register.document_jobs import REGISTER_EXTRACT
from torju.register.exchange import FINISHING
from torju.register.forms_import import ExtractForm, RegisterImportForm
from torju.register.models import RegisterImportJob
from torju.register.permissions import EXTRACT_REGISTER, IMPORT_REGISTER
from torju.register.tasks import start_register_import

JOBS_PER_PAGE = 20
PROBLEMS_PER_PAGE = 100


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _stage_label(job: RegisterImportJob) -> str:
    if not job.stage:
        return _("Starting the import.")
    if job.stage == FINISHING:
        return _("Checking the references and building the indexes.")
    return _("Reading and checking %(file)s.") % {"file": job.stage}


@access(IMPORT_REGISTER)
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a register (.zip or CSV files); the import runs in the background."""
    if request.method == "POST":
        form = RegisterImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = start_register_import(
                actor=Actor.from_request(request),
                files=form.cleaned_data["register_files"],
                update=form.cleaned_data["update"],
            )
            return redirect("register_import:job", pk=job.pk)
    else:
        form = RegisterImportForm()
    jobs = Paginator(selectors.import_jobs_of(_user(request)), JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "register/import_upload.html",
        {"form": form, "jobs": jobs},
        status=400 if request.method == "POST" else 200,
    )


@access(IMPORT_REGISTER)
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress while it runs; then the counts, or every error of the files a page at a time."""
    found = get_object_or_404(selectors.import_jobs_of(_user(request)), pk=pk)
    problems = Paginator(found.problems.all(), PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    counts = [(name, created, found.updated.get(name)) for name, created in found.created.items()]
    return render(
        request,
        "register/import_job.html",
        {"job": found, "problems": problems, "counts": counts, "stage_label": _stage_label(found)},
    )


@access(IMPORT_REGISTER)
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress part of the job page, polled by htmx; once the job has ended htmx reloads the page."""
    found = get_object_or_404(selectors.import_jobs_of(_user(request)), pk=pk)
    response = render(request, "register/import_progress.html", {"job": found, "stage_label": _stage_label(found)})
    if found.is_finished:
        response["HX-Refresh"] = "true"
    return response


@access(EXTRACT_REGISTER)
def extract(request: HttpRequest) -> HttpResponse:
    """The pseudonymous extract in the exchange format (no direct identifiers), for analysts.

    GET: what it holds, and the button; POST: queue it (a document job), go to its page.
    """
    form = ExtractForm(REGISTER_EXTRACT.content_types, request.POST if request.method == "POST" else None)
    form.fields["language"].widget = forms.HiddenInput()  # the exchange format is the same in every language
    return prepare(
        request, kind=REGISTER_EXTRACT, form=form, subject="", parameters=lambda data: data["options"].as_parameters()
    )
