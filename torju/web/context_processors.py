from typing import Any

from django.conf import settings
from django.http import HttpRequest

from torju.accounts.models import Role
from torju.accounts.permissions import user_roles


def torju(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: demo banner, the user's roles for the navigation, languages."""
    return {
        "demo_mode": settings.DEMO_MODE,
        "user_roles": user_roles(request.user),
        "Role": Role,
        "interface_languages": [("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
    }
