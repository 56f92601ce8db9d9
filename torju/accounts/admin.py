from datetime import datetime
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from torju.accounts.models import Organisation, RoleGrant, SecondFactorDevice, SignInLock, User
from torju.codes.selectors import label


class RoleGrantInline(admin.StackedInline[RoleGrant, User]):
    """Stacked, not tabular: the tabular form leaves its delete boxes unlabelled and a header empty (axe)."""

    model = RoleGrant
    extra = 1
    readonly_fields = ["granted_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    inlines = [RoleGrantInline]
    list_display = ["username", "first_name", "last_name", "organisation", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_service_account", "organisation", "role_grants__role"]
    # Torju's roles are role grants (below), not Django's groups and permissions: those are not shown.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Torju"), {"fields": ("organisation", "language", "is_demo")}),
        (_("Administration"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        # A machine client (decision 0075): no password sign-in; its responsible person issues its API tokens.
        (_("Service account"), {"fields": ("is_service_account", "service_manager")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        """Users are deactivated, never deleted: the audit trail refers to them."""
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["code", "name_fi", "kind", "office_name", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name_fi", "name_sv", "name_en"]

    @admin.display(description=_("office"), ordering="office")
    def office_name(self, organisation: Organisation) -> str:
        """The office's name in the user's language, not its code (HEL, TRE, LPR)."""
        return label("office", organisation.office) if organisation.office else ""


class SignInLockAdmin(admin.ModelAdmin[SignInLock]):
    """Sign-ins locked after failures: deleting the attempt unlocks the user at that address."""

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    fields = readonly_fields = ("username", "ip_address", "failures_since_start", "attempt_time", "user_agent")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SecondFactorAdmin(admin.ModelAdmin[SecondFactorDevice]):
    """Users' second-factor devices: deleting one makes its user enrol again (a lost phone).

    django-otp labels its fields with plain text, which no catalog can translate: the columns are Torju's.
    """

    list_display = ["owner", "confirmed_yes_no", "enrolled", "last_used"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = readonly_fields = ("owner", "confirmed_yes_no", "enrolled", "last_used")

    @admin.display(description=_("user"), ordering="user__last_name")
    def owner(self, device: SecondFactorDevice) -> str:
        return device.user.get_full_name() or device.user.get_username()

    @admin.display(description=_("enrolment confirmed"), boolean=True)
    def confirmed_yes_no(self, device: SecondFactorDevice) -> bool:
        return device.confirmed

    @admin.display(description=_("enrolled"), ordering="created_at")
    def enrolled(self, device: SecondFactorDevice) -> datetime | None:
        return device.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, device: SecondFactorDevice) -> datetime | None:
        return device.last_used_at

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a device is enrolled by its user, never by the staff

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Torju's roles are RoleGrants; Django's groups would be a second, unused mechanism. Of the libraries' models
# the staff need two (above); the sign-in logs are in the audit trail and the tasks' results on the documents'
# pages, so those are not in the admin.
admin.site.unregister(Group)
for model in (AccessLog, AccessFailureLog, DBTaskResult, AccessAttempt, TOTPDevice):
    admin.site.unregister(model)
admin.site.register(SignInLock, SignInLockAdmin)
admin.site.register(SecondFactorDevice, SecondFactorAdmin)
