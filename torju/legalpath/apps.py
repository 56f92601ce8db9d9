"""The victim's legal path on a register case (docs/legal-path.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalpathConfig(AppConfig):
    name = "torju.legalpath"
    verbose_name = _("Legal path")

    def ready(self) -> None:
        from torju.legalpath.services import require_grounds_for_positive_draft
        from torju.register.services.decisions import DRAFT_CHECKS

        if require_grounds_for_positive_draft not in DRAFT_CHECKS:
            DRAFT_CHECKS.append(require_grounds_for_positive_draft)
