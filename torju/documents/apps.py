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
        # A job whose worker died is failed by any worker once its lease has run out (torju/leases.py).
        from torju import leases
        from torju.documents.models import DocumentJob, JobStatus
        from torju.documents.tasks import fail_lost_document

        leases.register(
            leases.LeasedJobs(DocumentJob, JobStatus.RUNNING.value, JobStatus.FAILED.value, fail_lost_document)
        )
