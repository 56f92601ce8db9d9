"""Persons: victims and their minor children who are clients, identifiers encrypted."""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from torju.register import crypto
from torju.register.models.common import (
    CODE_MAX_LENGTH,
    HASH_LENGTH,
    IDENTIFIER_MAX_LENGTH,
    is_country_code_format,
    is_safe_identifier,
    languages_validator,
    not_before,
)


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Victim")
    CHILD_OF_VICTIM = "child_of_victim", _("Child of a victim")


@dataclass(frozen=True)
class DirectIdentifiers:
    """A person's direct identifiers in plain text; only ever in memory."""

    first_names: str = ""
    last_name: str = ""
    hetu: str = ""
    phone: str = ""
    address: str = ""


class Person(models.Model):
    """A victim or a victim's minor child who is a client.

    `person_id` is the pseudonymous identifier that the exchange format and
    the statistics use; names and the identity code are only in the
    encrypted columns, and are erased (`identifiers_erased_at`) when the
    retention period ends while the pseudonymous record stays for statistics.
    """

    person_id = models.CharField(_("person identifier"), max_length=IDENTIFIER_MAX_LENGTH)
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    sex = models.CharField(_("sex"), max_length=CODE_MAX_LENGTH)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_estimated = models.BooleanField(_("date of birth is estimated"), default=False, db_default=False)
    nationality = models.CharField(_("nationality"), max_length=2)
    languages = models.TextField(
        _("languages"), blank=True, default="", db_default="", validators=[languages_validator]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        db_index=False,  # a partial index below: most persons have no parent
    )
    child_joined_on = models.DateField(_("client as a child since"), null=True, blank=True)
    child_left_on = models.DateField(_("client as a child until"), null=True, blank=True)
    first_names_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    last_name_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    hetu_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    phone_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    address_encrypted = models.TextField(blank=True, default="", db_default="", editable=False)
    hetu_hash = models.CharField(max_length=HASH_LENGTH, null=True, blank=True, editable=False)
    name_birth_hash = models.CharField(max_length=HASH_LENGTH, null=True, blank=True, editable=False)
    identifiers_erased_at = models.DateTimeField(_("identifiers erased at"), null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=1, db_default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_default=Now())
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now())

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person_id"], name="person_id_unique"),
            models.CheckConstraint(name="person_id_safe", condition=is_safe_identifier("person_id")),
            models.CheckConstraint(name="person_role_valid", condition=Q(role__in=[role.value for role in PersonRole])),
            models.CheckConstraint(
                name="person_child_fields_by_role",
                condition=(
                    Q(role=PersonRole.VICTIM)
                    & Q(parent__isnull=True)
                    & Q(child_joined_on__isnull=True)
                    & Q(child_left_on__isnull=True)
                )
                | (Q(role=PersonRole.CHILD_OF_VICTIM) & Q(parent__isnull=False) & Q(child_joined_on__isnull=False)),
            ),
            models.CheckConstraint(name="person_not_own_parent", condition=~Q(parent=F("pk"))),
            models.CheckConstraint(
                name="person_child_left_after_joined", condition=not_before("child_left_on", "child_joined_on")
            ),
            models.CheckConstraint(name="person_nationality_format", condition=is_country_code_format("nationality")),
            models.CheckConstraint(
                name="person_estimate_needs_birth_date",
                condition=Q(birth_date_estimated=False) | Q(birth_date__isnull=False),
            ),
            models.CheckConstraint(
                name="person_erased_identifiers_empty",
                condition=Q(identifiers_erased_at__isnull=True)
                | Q(
                    first_names_encrypted="",
                    last_name_encrypted="",
                    hetu_encrypted="",
                    phone_encrypted="",
                    address_encrypted="",
                    hetu_hash__isnull=True,
                    name_birth_hash__isnull=True,
                ),
            ),
            # One person per identity code: the hash finds the earlier record instead of a duplicate.
            models.UniqueConstraint(
                fields=["hetu_hash"], condition=Q(hetu_hash__isnull=False), name="person_hetu_hash_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["parent"], condition=Q(parent__isnull=False), name="person_parent"),
            models.Index(
                fields=["child_joined_on"], condition=Q(child_joined_on__isnull=False), name="person_child_joined_on"
            ),
            models.Index(
                fields=["name_birth_hash"], condition=Q(name_birth_hash__isnull=False), name="person_name_birth_hash"
            ),
        ]

    def __str__(self) -> str:
        return self.person_id

    def read_identifiers(self) -> DirectIdentifiers:
        """Decrypt; the caller records the read in the audit trail."""
        return DirectIdentifiers(
            first_names=crypto.decrypt(self.first_names_encrypted),
            last_name=crypto.decrypt(self.last_name_encrypted),
            hetu=crypto.decrypt(self.hetu_encrypted),
            phone=crypto.decrypt(self.phone_encrypted),
            address=crypto.decrypt(self.address_encrypted),
        )

    def write_identifiers(self, identifiers: DirectIdentifiers) -> None:
        """Encrypt into the columns and refresh the keyed hashes (not saved yet)."""
        self.first_names_encrypted = crypto.encrypt(identifiers.first_names)
        self.last_name_encrypted = crypto.encrypt(identifiers.last_name)
        self.hetu_encrypted = crypto.encrypt(identifiers.hetu)
        self.phone_encrypted = crypto.encrypt(identifiers.phone)
        self.address_encrypted = crypto.encrypt(identifiers.address)
        self.hetu_hash = crypto.hetu_hash(identifiers.hetu) if identifiers.hetu else None
        self.name_birth_hash = self._name_birth_hash(identifiers.first_names, identifiers.last_name)

    def refresh_name_birth_hash(self) -> None:
        """After the birth date changed (not saved yet)."""
        names = self.read_identifiers()
        self.name_birth_hash = self._name_birth_hash(names.first_names, names.last_name)

    def _name_birth_hash(self, first_names: str, last_name: str) -> str | None:
        if not (first_names or last_name) or not isinstance(self.birth_date, date):
            return None
        return crypto.name_birth_hash(first_names, last_name, self.birth_date)
