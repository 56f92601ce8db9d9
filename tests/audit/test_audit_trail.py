"""The audit trail: what is recorded, the auditor's view and export, append-only storage."""

import csv
import io

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import signed_in_client
from tests.factories import TEST_PASSWORD, user_with_role
from torju.accounts.models import Role
from torju.audit.forms import AuditFilterForm
from torju.audit.models import Action, AuditEvent
from torju.audit.services import record

pytestmark = pytest.mark.django_db


def test_login_failed_login_and_logout_are_recorded() -> None:
    user = user_with_role(Role.COORDINATOR)
    client = Client()
    client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong password"})
    client.post(reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD})
    client.post(reverse("accounts:logout"))
    actions = list(
        AuditEvent.objects.filter(actor_username=user.username).order_by("id").values_list("action", flat=True)
    )
    assert actions == [Action.LOGIN_FAILED, Action.LOGIN, Action.LOGOUT]
    failed = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert failed.ip_address == "127.0.0.1"
    assert failed.actor is None


def test_permission_refusal_is_recorded() -> None:
    user = user_with_role(Role.REPORTER)
    client = signed_in_client(user)
    assert client.get(reverse("audit:trail")).status_code == 403
    refusal = AuditEvent.objects.get(action=Action.PERMISSION_DENIED)
    assert refusal.actor == user
    assert refusal.path == reverse("audit:trail")


def test_auditor_filters_by_user_action_object_and_time() -> None:
    auditor = signed_in_client(user_with_role(Role.AUDITOR))
    record(Action.VIEW, actor_username="alice", object_type="register.person", object_id="17")
    record(Action.VIEW, actor_username="bob", object_type="register.person", object_id="18")
    record(Action.EXPORT, actor_username="alice", object_type="statistics.review", object_id="2025")
    response = auditor.get(reverse("audit:trail"), {"user": "alice", "action": "view"})
    events = list(response.context["page"])
    assert [(event.actor_username, event.object_id) for event in events] == [("alice", "17")]
    response = auditor.get(reverse("audit:trail"), {"object_type": "register.person", "object_id": "18"})
    assert [event.actor_username for event in response.context["page"]] == ["bob"]
    response = auditor.get(reverse("audit:trail"), {"since": "2000-01-01", "until": "2000-01-02"})
    assert list(response.context["page"]) == []


def test_export_is_csv_with_formula_cells_escaped_and_is_itself_audited() -> None:
    auditor = signed_in_client(user_with_role(Role.AUDITOR))
    record(Action.VIEW, actor_username="=cmd|' /C calc'!A0", reason="@SUM(1+1)")
    response = auditor.get(reverse("audit:export"), {"action": "view"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert rows[1][5] == "'@SUM(1+1)"
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="audit.auditevent").exists()


def test_bad_filter_names_the_field() -> None:
    auditor = signed_in_client(user_with_role(Role.AUDITOR))
    response = auditor.get(reverse("audit:trail"), {"since": "yesterday"})
    assert response.status_code == 400
    with translation.override("fi"):
        label = str(AuditFilterForm.base_fields["since"].label)
    assert label != "From"
    assert f"{label}: Syötä oikea päivämäärä." in response.content.decode()


@pytest.mark.postgresql
def test_postgresql_refuses_update_and_delete_of_the_trail() -> None:
    event = record(Action.VIEW, actor_username="someone")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""
