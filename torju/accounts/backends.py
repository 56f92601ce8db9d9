"""Signing in with a user name and password: people only."""

from typing import Any

from django.contrib.auth.backends import ModelBackend


class PersonBackend(ModelBackend):
    """Django's model backend; a service account (a machine client) cannot sign in, whatever its password."""

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not getattr(user, "is_service_account", False)
