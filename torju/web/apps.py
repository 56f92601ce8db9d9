"""Base templates, navigation, language switch and static files."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "torju.web"
    verbose_name = _("Web")
