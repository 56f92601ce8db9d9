"""The audit trail: what is recorded, the auditor's view and export, append-only storage."""

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import signed_in_client
from tests.factories import TEST_PASSWORD, user_with_role
from torju.accounts.models import Role
from torju.actor import Actor
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


def test_anonymous_refusal_is_recorded_without_a_user_and_without_search_terms() -> None:
    response = Client().get(reverse("register:home"), {"hetu": "131052-308T", "list": "mine"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    refusal = AuditEvent.objects.get(action=Action.PERMISSION_DENIED)
    assert refusal.actor is None and refusal.actor_username == ""
    assert refusal.ip_address == "127.0.0.1"
    assert refusal.path.startswith(reverse("register:home") + "?") and "131052" not in refusal.path
    assert "hetu=redacted" in refusal.path and "list=mine" in refusal.path
    assert refusal.reason.startswith("not signed in")


def test_anonymous_api_refusal_is_recorded() -> None:
    response = Client().get(reverse("register_api:application-list"))
    assert response.status_code == 401
    refusal = AuditEvent.objects.get(action=Action.PERMISSION_DENIED)
    assert (refusal.actor, refusal.path, refusal.ip_address) == (
        None,
        reverse("register_api:application-list"),
        "127.0.0.1",
    )
    assert refusal.reason == "api: not signed in"


def test_auditor_filters_by_user_action_object_and_time() -> None:
    auditor = signed_in_client(user_with_role(Role.AUDITOR))
    record(Action.VIEW, Actor.system("alice"), object_type="register.person", object_id="17")
    record(Action.VIEW, Actor.system("bob"), object_type="register.person", object_id="18")
    record(Action.EXPORT, Actor.system("alice"), object_type="statistics.review", object_id="2025")
    response = auditor.get(reverse("audit:trail"), {"user": "alice", "action": "view"})
    events = list(response.context["page"])
    assert [(event.actor_username, event.object_id) for event in events] == [("alice", "17")]
    response = auditor.get(reverse("audit:trail"), {"object_type": "register.person", "object_id": "18"})
    assert [event.actor_username for event in response.context["page"]] == ["bob"]
    response = auditor.get(reverse("audit:trail"), {"since": "2000-01-01", "until": "2000-01-02"})
    assert list(response.context["page"]) == []


def test_time_filter_includes_the_events_of_the_range_in_finnish_time() -> None:
    """Both days of the range are whole days in Europe/Helsinki: the first and last moments count, not one more."""
    helsinki = ZoneInfo("Europe/Helsinki")
    moments = {
        "before": datetime(2026, 3, 9, 23, 59, 59, tzinfo=helsinki),
        "first": datetime(2026, 3, 10, 0, 0, tzinfo=helsinki),  # 22:00 UTC the day before
        "middle": datetime(2026, 3, 11, 12, 0, tzinfo=helsinki),
        "last": datetime(2026, 3, 12, 23, 59, 59, tzinfo=helsinki),
        "after": datetime(2026, 3, 13, 0, 0, tzinfo=helsinki),
    }
    for name, at in moments.items():
        AuditEvent.objects.create(action=Action.VIEW, actor_username="alice", object_id=name, at=at)
    auditor = signed_in_client(user_with_role(Role.AUDITOR))
    response = auditor.get(reverse("audit:trail"), {"user": "alice", "since": "2026-03-10", "until": "2026-03-12"})
    assert response.status_code == 200
    assert [event.object_id for event in response.context["page"]] == ["last", "middle", "first"]
    one_day = auditor.get(reverse("audit:trail"), {"user": "alice", "since": "2026-03-11", "until": "2026-03-11"})
    assert [event.object_id for event in one_day.context["page"]] == ["middle"]
    from_only = auditor.get(reverse("audit:trail"), {"user": "alice", "since": "2026-03-12"})
    assert [event.object_id for event in from_only.context["page"]] == ["after", "last"]
    csv_rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    auditor.get(
                        reverse("audit:export"), {"user": "alice", "since": "2026-03-10", "until": "2026-03-12"}
                    ).streaming_content  # type: ignore[attr-defined]
                ).decode("utf-8-sig")
            )
        )
    )
    assert [row[4] for row in csv_rows[1:]] == ["last", "middle", "first"]


def test_export_is_csv_with_formula_cells_escaped_and_is_itself_audited() -> None:
    auditor = signed_in_client(user_with_role(Role.AUDITOR))
    record(Action.VIEW, Actor.system("=cmd|' /C calc'!A0"), reason="@SUM(1+1)")
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
    assert f"{label}: Kirjoita päivämäärä muodossa pp.kk.vvvv, esimerkiksi 31.1.2025." in response.content.decode()


def test_the_trail_reads_in_words_with_full_names_links_and_types_by_name() -> None:
    """Issue 16: translated actions and object types, full names, system entries named, links where allowed."""
    auditor_user = user_with_role(Role.AUDITOR)
    auditor_user.first_name, auditor_user.last_name = "Tuula", "Tarkastaja"
    auditor_user.save()
    caseworker = user_with_role(Role.CASEWORKER)
    caseworker.first_name, caseworker.last_name = "Sanna", "Sosiaalityöntekijä"
    caseworker.save()
    record(Action.UPDATE, Actor.for_user(caseworker), object_type="register.person", object_id="4269")
    record(Action.IMPORT, Actor.system("manage.py import_register"), object_type="register", object_id="")
    auditor = signed_in_client(auditor_user)
    with translation.override("fi"):
        html = auditor.get(reverse("audit:trail"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    shown = re.sub(r"<[^>]+>", " ", html.split("<tbody>")[1])
    assert "register.person" not in shown  # the type by its name, not its code
    assert "Henkilö" in html and "Muutettu" in html and "Sanna Sosiaalityöntekijä" in html
    assert "Järjestelmä (manage.py import_register)" in html
    history = f"{reverse('audit:trail')}?object_type=register.person&amp;object_id=4269"
    assert history in html  # the object's own events, which the auditor may always read
    assert f'href="{reverse("register:person", args=[4269])}"' not in html  # no link to a page the auditor may not open
    options = auditor.get(reverse("audit:trail")).content.decode()
    assert '<option value="register.person">' in options  # the object type chosen from a list


def test_the_trail_links_an_object_where_its_page_lets_the_reader_in() -> None:
    from torju.audit.selectors import audit_rows

    record(Action.VIEW, Actor.system("x"), object_type="statistics.release", object_id="5")
    event = AuditEvent.objects.get(object_type="statistics.release")
    analyst = user_with_role(Role.ANALYST)
    caseworker = user_with_role(Role.CASEWORKER)
    assert audit_rows([event], analyst)[0].object_url == reverse("statistics:release", args=[5])
    assert audit_rows([event], caseworker)[0].object_url == ""
