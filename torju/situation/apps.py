"""The situational picture: the other authorities' criminal-justice figures, and the situational picture document."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    name = "torju.situation"
    verbose_name = _("Situational picture")

    def ready(self) -> None:
        from torju.situation import document  # noqa: F401  (registers the situational picture's release renderer)
