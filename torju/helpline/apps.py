"""The helpline: the info line's contacts, consultation cases, referrals and screening indicators."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelplineConfig(AppConfig):
    name = "torju.helpline"
    verbose_name = _("Helpline")
