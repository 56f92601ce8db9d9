"""Users, their roles and the organisations they work for; service accounts' API tokens."""

from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS as KNOX


class Role(models.TextChoices):
    """The roles of ARCHITECTURE.md. A user may hold several."""

    COORDINATOR = "coordinator", _("Coordinator")
    REPORTER = "reporter", _("Reporter")
    CASEWORKER = "caseworker", _("Caseworker")
    DECISION_MAKER = "decision_maker", _("Decision maker")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor")
    HELPLINE_ADVISER = "helpline_adviser", _("Helpline adviser")
    GROUP_MEMBER = "group_member", _("Group member")
    RAPPORTEUR = "rapporteur", _("National rapporteur")


# Roles that only read: a user who holds nothing else writes nothing (accounts.middleware).
READ_ONLY_ROLES = frozenset({Role.RAPPORTEUR})

# Roles whose holders may see personal data; they must pass a second factor.
PERSONAL_DATA_ROLES = frozenset(
    {Role.CASEWORKER, Role.DECISION_MAKER, Role.ANALYST, Role.AUDITOR, Role.HELPLINE_ADVISER}
)


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Agency")
    COORDINATION = "coordination", _("Coordination")
    ASSISTANCE_OFFICE = "assistance_office", _("Assistance system office")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """A ministry, agency or other body; the assistance system's offices too."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    # Code of the code list "office" (HEL, TRE, LPR) for the assistance system's offices.
    office = models.CharField(_("office"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="organisation_kind_valid", condition=Q(kind__in=[kind.value for kind in OrganisationKind])
            ),
            models.CheckConstraint(
                name="organisation_office_iff_assistance_office",
                condition=(Q(kind=OrganisationKind.ASSISTANCE_OFFICE) & ~Q(office=""))
                | (~Q(kind=OrganisationKind.ASSISTANCE_OFFICE) & Q(office="")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, Finnish when there is none."""
        language = (get_language() or "fi")[:2]
        return str(getattr(self, f"name_{language}", "") or self.name_fi)


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        blank=True,
        choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
    )
    # Demo users may skip the second factor, but only while TORJU_DEMO_MODE is on.
    is_demo = models.BooleanField(_("demo user"), default=False)
    # A machine client (decision 0075): roles like anyone, no password sign-in, reaches the API with tokens only.
    is_service_account = models.BooleanField(_("service account"), default=False)
    # The person who issues and revokes a service account's tokens.
    service_manager = models.ForeignKey(
        "self",
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_service_accounts",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Only a service account has a responsible person, and every service account has one.
            models.CheckConstraint(
                name="user_service_manager_iff_service_account",
                condition=Q(is_service_account=True, service_manager__isnull=False)
                | Q(is_service_account=False, service_manager__isnull=True),
            ),
            # A machine client never administers Torju.
            models.CheckConstraint(
                name="user_service_account_not_staff",
                condition=Q(is_service_account=False) | Q(is_staff=False, is_superuser=False),
            ),
        ]

    @property
    def roles(self) -> frozenset[str]:
        """The user's roles, read once per request object."""
        cached: frozenset[str] | None = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = frozenset(self.role_grants.values_list("role", flat=True)) if self.pk else frozenset()
            self._roles_cache = cached
        return cached

    def forget_roles(self) -> None:
        self.__dict__.pop("_roles_cache", None)


class RoleGrant(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="rolegrant_unique_user_role"),
            models.CheckConstraint(name="rolegrant_role_valid", condition=Q(role__in=[role.value for role in Role])),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class SecondFactorDevice(TOTPDevice):
    """django-otp's TOTP device under Torju's name: the library names it with untranslatable plain text."""

    class Meta:
        proxy = True
        verbose_name = _("second-factor device")
        verbose_name_plural = _("second-factor devices")


class SignInLock(AccessAttempt):
    """django-axes's access attempt under Torju's name, among the accounts in the admin (not under "Axes")."""

    class Meta:
        proxy = True
        verbose_name = _("locked sign-in")
        verbose_name_plural = _("locked sign-ins")


class TokenAccess(models.TextChoices):
    """What an API token may do in one app."""

    NONE = "", _("Nothing")
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


# The apps whose API a token may be scoped to: one field of ApiToken each.
TOKEN_APPS: dict[str, Any] = {
    "register": _("Assistance register"),
    "programme": _("Action plan"),
    "helpline": _("Helpline"),
    "statistics": _("Statistics"),
}


def _access_field(verbose_name: Any) -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(verbose_name, max_length=5, blank=True, default="", choices=TokenAccess.choices)


class ApiToken(AbstractAuthToken):
    """A service account's API token (decision 0075): django-rest-knox keeps only its SHA-512 digest.

    Named, scoped per app to reading or writing, expiring, revocable. A
    revoked or expired token stays (its name is in the audit trail) and is
    refused.
    """

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=KNOX.DIGEST_LENGTH, unique=True)
    name = models.CharField(_("name"), max_length=100)
    register = _access_field(_("assistance register"))
    programme = _access_field(_("action plan"))
    helpline = _access_field(_("helpline"))
    statistics = _access_field(_("statistics"))
    expiry = models.DateTimeField(_("expires"))
    issued_by = models.ForeignKey(
        User, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="issued_api_tokens"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revoked_api_tokens",
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]
        constraints = [
            *[
                models.CheckConstraint(
                    name=f"apitoken_{app}_access_valid", condition=Q(**{f"{app}__in": TokenAccess.values})
                )
                for app in TOKEN_APPS
            ],
            models.CheckConstraint(name="apitoken_expires_after_issue", condition=Q(expiry__gt=F("created"))),
            models.CheckConstraint(
                name="apitoken_revoked_with_whom",
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | Q(revoked_at__isnull=False, revoked_by__isnull=False),
            ),
            models.UniqueConstraint(fields=["user", "name"], name="apitoken_unique_name_per_account"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.name}"

    def access(self, app: str) -> str:
        """TokenAccess of the app ("" for an app the token is not scoped to)."""
        return str(getattr(self, app, "")) if app in TOKEN_APPS else TokenAccess.NONE

    @property
    def scopes(self) -> list[str]:
        """The scopes as OAuth writes them: "register:read", "statistics:write"."""
        return [f"{app}:{self.access(app)}" for app in TOKEN_APPS if self.access(app)]
