"""Annual statistics, disclosure control and review documents."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "torju.statistics"
    verbose_name = _("Statistics")
