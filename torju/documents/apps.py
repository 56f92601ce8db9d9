"""Rendering to PDF, DOCX and XLSX, and charts, for the other apps."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "torju.documents"
    verbose_name = _("Documents")
