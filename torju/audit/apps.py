"""The append-only audit trail."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "torju.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from torju.audit import signals  # noqa: F401  (connects the login signal receivers)
