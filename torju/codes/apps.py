"""The code lists of the register exchange format, in fi/sv/en."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodesConfig(AppConfig):
    name = "torju.codes"
    verbose_name = _("Code lists")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from torju.codes.services import refresh_codes_after_migrate

        post_migrate.connect(refresh_codes_after_migrate, sender=self)
