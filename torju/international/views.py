"""International reporting's pages: the templates to download, the CTDC-ready file with its check, and Finland in
the global picture with the CTDC import. Thin: each view parses the query or the form and calls one service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.international import selectors, services
from torju.international.ctdc import ctdc_k
from torju.international.definitions import TEMPLATES, TemplateError
from torju.international.permissions import ANALYSTS, READ_INTERNATIONAL
from torju.statistics.permissions import may_see_exact, publication_for
from torju.statistics.selectors import current_year

TEMPLATE_NAMES = {"eu": "EU (Eurostat)", "greta": gettext_lazy("GRETA (Council of Europe)"), "unodc": "UNODC"}


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError as error:
        raise ValidationError(_("A year is a number, such as 2025.")) from error


def _index(request: HttpRequest, *, errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    last = current_year() - 1
    return render(
        request,
        "international/index.html",
        {
            "templates": [(key, TEMPLATE_NAMES[key]) for key in TEMPLATES],
            "year": last,
            "may_see_exact": may_see_exact(request.user),
            "may_export": ANALYSTS.allows(request.user),
            "errors": errors or [],
        },
        status=status,
    )


@access(READ_INTERNATIONAL)
def index(request: HttpRequest) -> HttpResponse:
    return _index(request)


@access(READ_INTERNATIONAL)
def report(request: HttpRequest) -> HttpResponse:
    """The filled template as a download: ?template=eu&year=2025&form=exact|public&format=xlsx|csv."""
    try:
        year = _int(request.GET.get("year"), current_year() - 1)
        publication = publication_for(request.user, request.GET.get("form") or None)
        download = services.report_file(
            Actor.from_request(request),
            request.GET.get("template", "eu"),
            year,
            publication,
            request.GET.get("format", "xlsx"),
        )
    except TemplateError as error:
        return _index(request, errors=[_("The template's definition cannot be used:"), *error.problems], status=400)
    except (ValidationError, ValueError) as error:
        problems = error.messages if isinstance(error, ValidationError) else [str(error)]
        return _index(request, errors=problems, status=400)
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.file_name}"'
    return response


def _years(request: HttpRequest) -> tuple[int, int]:
    last = current_year() - 1
    return _int(request.GET.get("from"), last), _int(request.GET.get("to"), last)


@access(ANALYSTS)
def ctdc_page(request: HttpRequest) -> HttpResponse:
    """The CTDC-ready file: the years chosen, the anonymity check's result and the data-quality note."""
    context: dict[str, object] = {"k": ctdc_k(), "first": current_year() - 1, "last": current_year() - 1}
    status = 200
    if "from" in request.GET or "to" in request.GET:
        try:
            first, last = _years(request)
            context.update(first=first, last=last)
            context["result"] = services.ctdc_export(Actor.from_request(request), first, last, preview=True)
        except ValidationError as error:
            context["errors"], status = error.messages, 400
    return render(request, "international/ctdc.html", context, status=status)


@access(ANALYSTS)
def ctdc_download(request: HttpRequest) -> HttpResponse:
    """The file itself, only when it passes the check (?from=Y1&to=Y2)."""
    if "from" not in request.GET or "to" not in request.GET:
        return render(
            request, "international/ctdc.html", {"k": ctdc_k(), "errors": [_("Choose the years.")]}, status=400
        )
    try:
        first, last = _years(request)
        result = services.ctdc_export(Actor.from_request(request), first, last)
    except ValidationError as error:
        return render(request, "international/ctdc.html", {"k": ctdc_k(), "errors": error.messages}, status=400)
    if not result.check.passed:
        context = {"k": ctdc_k(), "first": first, "last": last, "result": result}
        return render(request, "international/ctdc.html", context, status=409)
    response = HttpResponse(result.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="torju-ctdc-{first}-{last}.csv"'
    return response


def _picture(request: HttpRequest, *, errors: list[str] | None = None) -> HttpResponse:
    dataset = selectors.latest_dataset()
    finland, rows = selectors.comparison(dataset) if dataset is not None else ({}, [])
    return render(
        request,
        "international/picture.html",
        {
            "dataset": dataset,
            "finland": finland,
            "rows": rows,
            "may_import": ANALYSTS.allows(request.user),
            "errors": errors or [],
            "skipped_total": sum(dataset.skipped.values()) if dataset is not None else 0,
        },
        status=400 if errors else 200,
    )


@access(READ_INTERNATIONAL)
def picture(request: HttpRequest) -> HttpResponse:
    return _picture(request)


@access(ANALYSTS)
@require_POST
def import_dataset(request: HttpRequest) -> HttpResponse:
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return _picture(request, errors=[_("Choose a file.")])
    try:
        dataset = services.import_ctdc(
            Actor.from_request(request),
            uploaded.read(),
            file_name=uploaded.name or "",
            name=request.POST.get("name", ""),
        )
    except ValidationError as error:
        return _picture(request, errors=error.messages)
    messages.success(
        request,
        _("%(name)s: %(read)s rows read, %(kept)s kept, %(skipped)s skipped.")
        % {
            "name": dataset.name,
            "read": dataset.rows_read,
            "kept": dataset.rows_kept,
            "skipped": sum(dataset.skipped.values()),
        },
    )
    return redirect("international:picture")
