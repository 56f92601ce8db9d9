from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from torju.accounts.models import Organisation, RoleGrant, User


class RoleGrantInline(admin.TabularInline[RoleGrant, User]):
    model = RoleGrant
    extra = 1
    readonly_fields = ["granted_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    inlines = [RoleGrantInline]
    list_display = ["username", "first_name", "last_name", "organisation", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_service_account", "organisation", "role_grants__role"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Torju"), {"fields": ("organisation", "language", "is_demo")}),
        # A machine client (decision 0075): no password sign-in; its responsible person issues its API tokens.
        (_("Service account"), {"fields": ("is_service_account", "service_manager")}),
    )

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        """Users are deactivated, never deleted: the audit trail refers to them."""
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["code", "name_fi", "kind", "office", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]


# Torju's roles are RoleGrants; Django's groups would be a second, unused mechanism.
admin.site.unregister(Group)
