"""The victim's legal path on a register case (docs/legal-path.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalpathConfig(AppConfig):
    name = "torju.legalpath"
    verbose_name = _("Legal path")

    def ready(self) -> None:
        from torju.legalpath.exchange import VERSION_2
        from torju.legalpath.services import TIMELINE_SENTENCES, TIMELINE_SUBJECTS, require_grounds_for_positive_draft
        from torju.register.exchange.versions import use_version
        from torju.register.services.decisions import DRAFT_CHECKS
        from torju.register.timeline import TIMELINE_SENTENCES as REGISTER_TIMELINE_SENTENCES
        from torju.register.timeline import TIMELINE_SUBJECTS as REGISTER_TIMELINE_SUBJECTS

        if require_grounds_for_positive_draft not in DRAFT_CHECKS:
            DRAFT_CHECKS.append(require_grounds_for_positive_draft)
        # The case's timeline names what the legal path recorded (the register's timeline reads this mapping).
        for what, subject in TIMELINE_SUBJECTS.items():
            REGISTER_TIMELINE_SUBJECTS.setdefault(what, subject)
        for key, sentence in TIMELINE_SENTENCES.items():
            REGISTER_TIMELINE_SENTENCES.setdefault(key, sentence)
        # The register writes version 2 of the exchange format and reads 1 and 2 (docs/decisions/0095).
        use_version(VERSION_2)
