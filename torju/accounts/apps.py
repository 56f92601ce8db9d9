"""Users, roles and organisations."""

from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_organisations(sender: Any, apps: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate receiver (also sent after a flush): the organisations of the data file exist."""
    if using != DEFAULT_DB_ALIAS:
        return
    apps = apps or global_apps  # a flush sends no historical apps
    try:
        organisation_model = apps.get_model("accounts", "Organisation")
    except LookupError:
        return
    from torju.accounts.services import load_organisations

    load_organisations(organisation_model)


class AccountsConfig(AppConfig):
    name = "torju.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from torju.accounts.sign_in import count_failed_sign_in

        post_migrate.connect(ensure_organisations, sender=self, dispatch_uid="accounts_ensure_organisations")
        user_login_failed.connect(count_failed_sign_in, dispatch_uid="accounts_count_failed_sign_in")
