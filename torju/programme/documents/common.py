"""What the programme's documents share: formats, languages, the status colours, dates and labels."""

import base64
from datetime import date
from typing import Literal

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst

from torju.programme.models import ParticipantRole

Format = Literal["docx", "pdf"]
FORMATS: tuple[Format, ...] = ("docx", "pdf")
CONTENT_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

DATE = "j.n.Y"
SHORT_TEXT_CHARS = 150
TEXT_WIDTH_CM = 17.0
# Word and LibreOffice draw a table's borders (and a picture's frame) a cell margin outside the columns' widths:
# tables and pictures of the reports keep this much inside the text width, so nothing reaches the margin.
FRAME_ROOM_CM = 0.5
FACT_COLUMNS_CM = (4.8, TEXT_WIDTH_CM - FRAME_ROOM_CM - 4.8)
OFFICERS = (ParticipantRole.CHAIR, ParticipantRole.VICE_CHAIR, ParticipantRole.SECRETARY)


def check_language_and_format(language: str, fmt: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")


def field_label(model: type[models.Model], name: str) -> str:
    """A field's verbose name, capitalised, in the active language: the same words as the forms."""
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field)
    return capfirst(str(found.verbose_name))


def day(value: date) -> str:
    return date_format(value, DATE)


def data_uri(content: bytes, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"
