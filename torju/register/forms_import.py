"""The forms of the register's jobs: an import's upload (a .zip of the register folder, or CSV files), an extract."""

from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torju.documents.forms import DocumentForm
from torju.register.exchange import ExtractOptions
from torju.register.exchange.extract import PURPOSE_MAX_LENGTH, SERIES_MAX_LENGTH
from torju.register.exchange.versions import VERSION_FILE

MAX_UPLOAD_BYTES = 1024**3  # a register of a million victims is a few hundred megabytes of CSV
ZIP, CSV = ".zip", ".csv"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if not uploads and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        cleaned = []
        for upload in uploads:
            cleaned.append(super().clean(upload, initial))
        return cleaned


def stored_name(upload: UploadedFile) -> str:
    """The file's own name, without any folder a browser may send."""
    return PurePosixPath((upload.name or "").replace("\\", "/")).name


class RegisterImportForm(forms.Form):
    register_files = MultipleFileField(
        label=gettext_lazy("Register files"),
        help_text=gettext_lazy(
            "A .zip of the register folder, or its files themselves: persons.csv, applications.csv, "
            "exploitation.csv, reflection_periods.csv, services.csv (only the first two are required); "
            "in version 2 of the format also format_version and the legal path's CSV files."
        ),
    )
    update = forms.BooleanField(
        label=gettext_lazy("Update existing rows"),
        required=False,
        help_text=gettext_lazy(
            "Rows whose identifiers are in the register already replace those rows. "
            "Without this, such identifiers are errors and nothing is imported."
        ),
    )

    def clean_register_files(self) -> list[tuple[str, UploadedFile]]:
        uploads: list[UploadedFile] = self.cleaned_data["register_files"]
        named = [(stored_name(upload), upload) for upload in uploads]
        names = [name for name, _upload in named]
        suffixes = [PurePosixPath(name).suffix.lower() for name in names]
        if any(
            (suffix not in (ZIP, CSV) and name != VERSION_FILE) or name.startswith(".")
            for name, suffix in zip(names, suffixes, strict=True)
        ):
            raise ValidationError(_("Choose a .zip file of the register folder, or its .csv files."))
        if ZIP in suffixes and len(uploads) > 1:
            raise ValidationError(_("Choose one .zip file, or the .csv files without a .zip."))
        if len(set(names)) < len(names):
            raise ValidationError(_("Two of the files have the same name."))
        if any(not name.isprintable() for name in names):
            raise ValidationError(_("A file name has characters that cannot be shown; rename the file."))
        if sum(upload.size or 0 for upload in uploads) > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The files are larger than 1 GB in all."))
        return named


class ExtractForm(DocumentForm):
    """The analysts' extract: pseudonyms of this extract or of a named series; birth months unless a purpose says."""

    series = forms.CharField(
        label=gettext_lazy("Series"),
        required=False,
        max_length=SERIES_MAX_LENGTH,
        help_text=gettext_lazy(
            "Leave empty for pseudonyms of this extract only. Give a name of your own (never a person's or a case's "
            "identifier) to get the same pseudonyms in every extract of that series."
        ),
    )
    exact_birth_dates = forms.BooleanField(
        label=gettext_lazy("Exact dates of birth"),
        required=False,
        help_text=gettext_lazy(
            "Otherwise a date of birth is given as the first day of its month. Exact dates need a purpose and are "
            "flagged for the auditor."
        ),
    )
    purpose = forms.CharField(
        label=gettext_lazy("Purpose"),
        required=False,
        max_length=PURPOSE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the exact dates of birth are needed for."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["options"] = ExtractOptions.checked(
            series=data.get("series", ""),
            exact_birth_dates=bool(data.get("exact_birth_dates")),
            purpose=data.get("purpose", ""),
        )
        return data
