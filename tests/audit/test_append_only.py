"""The audit trail is append-only in the database: triggers on both databases, roles on PostgreSQL, one switch."""

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from pytest_django.fixtures import Settings

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.register.conftest import VALID_FILES
from tests.web.test_security import PRODUCTION_ENV, production_settings
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.append_only import erasable_audit_trail
from torju.audit.database_roles import grant_application_role
from torju.audit.models import Action, AuditEvent
from torju.audit.services import record
from torju.register.models import Person

pytestmark = pytest.mark.django_db


def refused(statement: str) -> str:
    """Run one statement that must fail; the database's message."""
    with pytest.raises(DatabaseError) as failure, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    return str(failure.value)


def checked_now() -> None:
    """Run the deferred foreign-key checks of the rows inserted so far: a TRUNCATE with checks pending is refused
    for that reason before any trigger is asked."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_no_audit_row_can_be_changed_or_deleted() -> None:
    event = record(Action.VIEW, Actor.system("someone"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert "append-only" in refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


@pytest.mark.postgresql
def test_postgresql_refuses_truncate_of_the_trail() -> None:
    event = record(Action.VIEW, Actor.system("someone"))
    checked_now()
    assert "append-only: TRUNCATE refused" in refused("TRUNCATE audit_auditevent")
    assert "append-only: TRUNCATE refused" in refused("TRUNCATE audit_auditevent, accounts_user CASCADE")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_switch_lets_only_erasing_through() -> None:
    event = record(Action.VIEW, Actor.system("someone"))
    with erasable_audit_trail():
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert not AuditEvent.objects.exists()
    record(Action.VIEW, Actor.system("someone"))
    assert "append-only" in refused("DELETE FROM audit_auditevent")  # the switch is off again


def test_without_the_setting_the_switch_is_refused_and_flush_removes_nothing(settings: Settings) -> None:
    settings.AUDIT_TRAIL_ERASABLE = False
    event = record(Action.VIEW, Actor.system("someone"))
    user = user_with_role(Role.AUDITOR)
    with pytest.raises(PermissionDenied), erasable_audit_trail():
        pass
    with pytest.raises(CommandError):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert type(user).objects.filter(pk=user.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_trail_where_the_setting_allows_it() -> None:
    """As Django's test runner and a demo reset do."""
    record(Action.VIEW, Actor.system("someone"))
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()


def test_production_cannot_turn_the_switch_on() -> None:
    assert production_settings("AUDIT_TRAIL_ERASABLE")["AUDIT_TRAIL_ERASABLE"] is False
    attempt = {**PRODUCTION_ENV, "TORJU_AUDIT_TRAIL_ERASABLE": "1", "AUDIT_TRAIL_ERASABLE": "1"}
    assert production_settings("AUDIT_TRAIL_ERASABLE", env=attempt)["AUDIT_TRAIL_ERASABLE"] is False
    demo = {**PRODUCTION_ENV, "TORJU_DEMO_MODE": "1"}
    assert production_settings("AUDIT_TRAIL_ERASABLE", env=demo)["AUDIT_TRAIL_ERASABLE"] is True


def test_reading_the_trail_is_itself_audited() -> None:
    auditor = user_with_role(Role.AUDITOR)
    client = signed_in_client(auditor)
    client.get(reverse("audit:trail"))
    client.get(reverse("audit:trail"), {"user": "alice", "action": "view", "since": "1.3.2026", "page": "1"})
    b"".join(client.get(reverse("audit:export"), {"flagged_only": "on"}).streaming_content)  # type: ignore[attr-defined]
    readings = list(
        AuditEvent.objects.filter(actor=auditor, object_type="audit.auditevent")
        .order_by("id")
        .values_list("action", "changes")
    )
    assert readings == [
        (Action.VIEW, {"filters": {}, "page": 1}),
        (Action.VIEW, {"filters": {"user": "alice", "action": "view", "since": "2026-03-01"}, "page": 1}),
        (Action.EXPORT, {"filters": {"flagged_only": "True"}}),
    ]


# Two database roles (docs/operations.md, "Database"), made in the test's own transaction.


@pytest.fixture
def roles() -> Iterator[tuple[str, str]]:
    """A migration role owning every table, and an application role granted as `migrate` grants it."""
    suffix = secrets.token_hex(4)
    owner, application = f"torju_test_owner_{suffix}", f"torju_test_app_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {owner} NOLOGIN")
        cursor.execute(f"CREATE ROLE {application} NOLOGIN")
        # As the database's owner (CREATE DATABASE ... OWNER), the migration role may create in its schema.
        cursor.execute(f"GRANT CREATE ON SCHEMA public TO {owner}")
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        for (table,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{table}" OWNER TO {owner}')
        cursor.execute(f"SET LOCAL ROLE {owner}")
    grant_application_role(application)
    yield owner, application
    # The roles and every change of ownership go with the test's transaction.


def act_as(role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")


@pytest.mark.postgresql
def test_the_application_role_may_only_insert_and_read_the_trail(roles: tuple[str, str]) -> None:
    _owner, application = roles
    act_as(application)
    event = record(Action.VIEW, Actor.system("someone"))
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    checked_now()
    for statement in (
        "UPDATE audit_auditevent SET reason = 'rewritten'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER USER",
        "DROP TRIGGER audit_event_append_only ON audit_auditevent",
        "DROP TABLE audit_auditevent",
        "SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), 1)",
        "DELETE FROM django_migrations",
    ):
        message = refused(statement)
        assert "permission denied" in message or "must be owner" in message, (statement, message)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.postgresql
def test_the_application_works_as_its_role(roles: tuple[str, str]) -> None:
    """Signing in, pages and their audit rows: everything the application does needs no more than it is given."""
    _owner, application = roles
    act_as(application)
    auditor = user_with_role(Role.AUDITOR)
    client = signed_in_client(auditor)
    assert client.get(reverse("audit:trail")).status_code == 200
    assert AuditEvent.objects.filter(actor=auditor, object_type="audit.auditevent").exists()
    client.post(reverse("accounts:logout"))
    assert AuditEvent.objects.filter(actor=auditor, action=Action.LOGOUT).exists()


@pytest.mark.postgresql
def test_the_bulk_load_of_an_empty_register_runs_as_the_migration_role(roles: tuple[str, str], tmp_path: Path) -> None:
    owner, application = roles
    folder = tmp_path / "register"
    folder.mkdir()
    for name, text in VALID_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    act_as(application)
    with pytest.raises(CommandError, match="must be owner"), transaction.atomic():
        call_command("import_register", str(folder), verbosity=0)
    assert not Person.objects.exists()
    act_as(owner)
    call_command("import_register", str(folder), verbosity=0)
    assert Person.objects.count() == 3
    checked_now()
    assert "append-only: TRUNCATE refused" in refused("TRUNCATE audit_auditevent")  # not by the owner either
