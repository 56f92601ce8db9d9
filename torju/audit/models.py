"""The audit trail: who did what, when, from where, and why.

Rows are only ever inserted. Triggers refuse UPDATE, DELETE and (on
PostgreSQL) TRUNCATE, on PostgreSQL and SQLite alike (migrations 0002 and
0004, torju/audit/append_only.py); in production the application's database
role may only INSERT and SELECT here (docs/operations.md). Users are
deactivated, never deleted, so the protecting foreign key never has to
change a row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOCKED_OUT = "locked_out", _("Sign-in locked after failures")
    LOGOUT = "logout", _("Signed out")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Second factor enrolled")
    SECOND_FACTOR_PASSED = "second_factor_passed", _("Second factor passed")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Second factor failed")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PERMISSION_DENIED = "permission_denied", _("Permission refused")
    USER_CREATED = "user_created", _("User created")
    VIEW = "view", _("Viewed")
    SEARCH = "search", _("Searched")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    SUBMIT = "submit", _("Submitted")
    RETURN = "return", _("Returned for completion")
    COMMENT = "comment", _("Commented")
    EXPORT = "export", _("Exported")
    IMPORT = "import", _("Imported")
    THROTTLED = "throttled", _("Too many requests")
    API_TOKEN_ISSUED = "api_token_issued", _("API token issued")
    API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
    API_TOKEN_USED = "api_token_used", _("API token used")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text too: failed sign-ins name users that may not exist.
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("changes"), null=True, blank=True)
    # Flagged for the auditor's attention, e.g. opening another office's case.
    flagged = models.BooleanField(_("flagged"), default=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["action", "at"], name="audit_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action}"
