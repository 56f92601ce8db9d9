"""The register of the Assistance System for Victims of Human Trafficking."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "torju.register"
    verbose_name = _("Assistance register")
