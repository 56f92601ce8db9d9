"""Action plans, measures, reporting rounds, status reports and meetings."""

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_shipped_programme(sender: Any, apps: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate receiver (also sent after a flush): the shipped 2026–2027 plan exists.

    Loaded only when missing, so that corrections made in Torju are kept.
    """
    if using != DEFAULT_DB_ALIAS:
        return
    apps = apps or global_apps
    try:
        programme_model = apps.get_model("programme", "Programme")
    except LookupError:
        return
    from torju.programme.programme_file.storing import PROGRAMME_2026_2027, read_programme_file, store_programme

    data = read_programme_file(PROGRAMME_2026_2027)
    if not programme_model.objects.filter(slug=data["slug"]).exists():
        store_programme(data, apps=apps)
        if any(field.name == "stage" for field in programme_model._meta.get_fields()):
            programme_model.objects.filter(slug=data["slug"]).update(stage="published")  # the plan is published


class ProgrammeConfig(AppConfig):
    name = "torju.programme"
    verbose_name = _("Action plan monitoring")

    def ready(self) -> None:
        post_migrate.connect(ensure_shipped_programme, sender=self, dispatch_uid="programme_ensure_shipped_programme")
