"""Users, their roles and the organisations they work for."""

from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

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
