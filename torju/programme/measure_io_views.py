"""The coordinator's pages for the measures spreadsheet: download, and upload to import."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.programme.measure_io import (
    CONTENT_TYPES,
    Format,
    ImportProblem,
    MeasureImportError,
    export_measures,
    import_measures,
)
from torju.programme.models import Programme
from torju.programme.permissions import MANAGE_PROGRAMME

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _format_of(name: str) -> Format | None:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "csv":
        return "csv"
    if suffix == "xlsx":
        return "xlsx"
    return None


class MeasuresImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A CSV file (UTF-8, comma or semicolon separated) or an Excel workbook (.xlsx) "
            "in the columns of the download. Measures are matched by number. To add an objective, "
            "also give the column objective_title_fi with its title."
        ),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if _format_of(upload.name or "") is None:
            raise ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload


@access(MANAGE_PROGRAMME)
def measures_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Download the programme's measures as measures.csv or measures.xlsx."""
    programme = get_object_or_404(Programme, slug=slug)
    chosen = _format_of(f"measures.{fmt}")
    if chosen is None:
        raise Http404
    content = export_measures(programme, chosen, actor=Actor.from_request(request))
    response = HttpResponse(content, content_type=CONTENT_TYPES[chosen])
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-measures.{chosen}"'
    return response


@access(MANAGE_PROGRAMME)
def measures_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload an edited measures file; every error is listed and then nothing is imported."""
    programme = get_object_or_404(Programme, slug=slug)
    form = MeasuresImportForm(request.POST or None, request.FILES or None)
    problems: list[ImportProblem] = []
    if request.method == "POST" and form.is_valid():
        upload: UploadedFile = form.cleaned_data["file"]
        chosen = _format_of(upload.name or "")
        assert chosen is not None
        try:
            result = import_measures(programme, upload.read(), chosen, actor=Actor.from_request(request))
        except MeasureImportError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("The measures were imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                % {
                    "created": len(result.created),
                    "updated": len(result.updated),
                    "unchanged": len(result.unchanged),
                },
            )
            if result.objectives_created:
                messages.success(
                    request,
                    _("New objectives: %(numbers)s.")
                    % {"numbers": ", ".join(str(number) for number in result.objectives_created)},
                )
            return redirect("programme:detail", slug=programme.slug)
    return render(
        request,
        "programme/measures_import.html",
        {"programme": programme, "form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )
