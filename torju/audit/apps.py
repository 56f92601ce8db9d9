"""The append-only audit trail."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "torju.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from torju.audit import signals  # noqa: F401  (connects the login signal receivers)
        from torju.audit.append_only import register_sqlite_function
        from torju.audit.database_roles import grant_after_migrate

        connection_created.connect(register_sqlite_function, dispatch_uid="audit_sqlite_function")
        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="audit_grant_application_role")
