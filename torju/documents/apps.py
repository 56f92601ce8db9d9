"""Rendering to PDF, DOCX and XLSX, and charts, for the other apps; documents prepared in the background."""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "torju.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Each app that offers a document rendered in the background registers its kind in its own
        # `document_jobs` module (torju.documents.jobs): the dependency points from those apps to this one.
        autodiscover_modules("document_jobs")
