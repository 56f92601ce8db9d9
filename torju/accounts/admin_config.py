"""Django's admin app, configured with Torju's admin site (kept apart: loaded before the models)."""

from django.contrib.admin.apps import AdminConfig


class TorjuAdminConfig(AdminConfig):
    default_site = "torju.accounts.admin_site.TorjuAdminSite"
