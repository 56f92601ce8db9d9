"""The register of the Assistance System for Victims of Human Trafficking."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from torju.register.crypto import check_keys


class RegisterConfig(AppConfig):
    name = "torju.register"
    verbose_name = _("Assistance register")

    def ready(self) -> None:
        # A missing or malformed encryption or hash key stops every process at start-up (web, worker,
        # commands), not the first request that decrypts.
        check_keys()

        # A web import whose worker died is failed by any worker once its lease has run out (torju/leases.py).
        from torju import leases
        from torju.register.models import ImportStatus, RegisterImportJob
        from torju.register.tasks import fail_lost_import

        running, failed = ImportStatus.RUNNING.value, ImportStatus.FAILED.value
        leases.register(leases.LeasedJobs(RegisterImportJob, running, failed, fail_lost_import))
