"""The programme REST API: the pages' permissions, conflicts and versions over JSON."""

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in_client
from tests.factories import user_with_role
from tests.programme.conftest import reporter_of
from torju.accounts.models import Role, User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.programme import services
from torju.programme.models import (
    Measure,
    Programme,
    ReportingRound,
    ReportState,
    Status,
    StatusReport,
    StatusReportVersion,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tem(db: None) -> User:
    """A reporter of TEM, lead body of measures 1 and 2."""
    return reporter_of("TEM")


@pytest.fixture
def migri(db: None) -> User:
    """A reporter of MIGRI, second body of measure 2 and lead of measure 3."""
    return reporter_of("MIGRI")


def open_round(programme: Programme, coordinator: User, numbers: list[int], name: str = "Syksy 2026") -> ReportingRound:
    return services.open_round(
        actor=Actor.for_user(coordinator),
        programme=programme,
        name=name,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 10, 31),
        deadline=date(2026, 11, 30),
        measure_numbers=numbers,
    )


@pytest.fixture
def reporting_round(programme: Programme, coordinator: User) -> ReportingRound:
    return open_round(programme, coordinator, [1, 2, 3, 4])


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def patch(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.patch(url, data=json.dumps(data), content_type="application/json")


def report_url(reporting_round: ReportingRound, number: int) -> str:
    return reverse("programme-api:report-save", kwargs={"pk": reporting_round.pk, "number": number})


def report_data(**overrides: Any) -> dict[str, Any]:
    return {
        "status": Status.ON_TRACK,
        "done": "Koulutettiin 40 tarkastajaa.",
        "next_steps": "Jatketaan.",
        "funding": "",
        "links": "https://tem.fi/ihmiskauppa",
        "revision": None,
        "submit": False,
        **overrides,
    }


# Programmes and measures.


def test_programmes_for_coordinator_and_reporter(programme: Programme, coordinator: User, tem: User) -> None:
    for user in (coordinator, tem):
        response = signed_in_client(user).get(reverse("programme-api:programme-list"))
        assert response.status_code == 200
        assert "test-plan" in [item["slug"] for item in response.json()["results"]]

    detail = signed_in_client(tem).get(reverse("programme-api:programme-detail", kwargs={"slug": "test-plan"}))

    assert detail.status_code == 200
    body = detail.json()
    assert body["name_fi"] == "Testiohjelma 2026–2027"
    assert [objective["number"] for objective in body["objectives"]] == [1, 2]
    missing = signed_in_client(tem).get(reverse("programme-api:programme-detail", kwargs={"slug": "no-such"}))
    assert missing.status_code == 404


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ANALYST, Role.AUDITOR, Role.DECISION_MAKER])
def test_other_roles_are_refused(programme: Programme, role: Role) -> None:
    client = signed_in_client(user_with_role(role))

    assert client.get(reverse("programme-api:programme-list")).status_code == 403
    assert client.get(reverse("programme-api:measure-list", kwargs={"slug": "test-plan"})).status_code == 403
    assert client.get(reverse("programme-api:report-list")).status_code == 403
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).count() == 3


def test_measures_with_bodies_lead_first_and_latest_status(
    programme: Programme, reporting_round: ReportingRound, tem: User, migri: User
) -> None:
    client = signed_in_client(migri)
    post(signed_in_client(migri), report_url(reporting_round, 2), report_data(status=Status.DELAYED, submit=True))

    response = client.get(reverse("programme-api:measure-list", kwargs={"slug": "test-plan"}))

    assert response.status_code == 200
    measures = response.json()["results"]
    assert [measure["number"] for measure in measures] == [1, 2, 3, 4]
    second = measures[1]
    assert second["objective"] == 1
    assert second["text"] == "Yhteinen toimenpide: TEM johtaa, Migri osallistuu."
    assert [(body["code"], body["lead"]) for body in second["responsible_bodies"]] == [("TEM", True), ("MIGRI", False)]
    assert second["responsible_bodies"][0]["name"]
    assert (second["schedule_start"], second["schedule_end"]) == (2026, 2027)
    assert second["status"] == Status.DELAYED  # only MIGRI has reported
    assert measures[0]["status"] == Status.NOT_STARTED
    assert measures[2]["funding_dependent"] is True

    post(signed_in_client(tem), report_url(reporting_round, 2), report_data(status=Status.ON_TRACK, submit=True))
    detail = client.get(reverse("programme-api:measure-detail", kwargs={"slug": "test-plan", "number": 2}))

    assert detail.status_code == 200
    assert detail.json()["status"] == Status.ON_TRACK  # the lead body's report counts
    missing = client.get(reverse("programme-api:measure-detail", kwargs={"slug": "test-plan", "number": 99}))
    assert missing.status_code == 404


def test_coordinator_tags_priority_areas_audited(programme: Programme, coordinator: User, tem: User) -> None:
    url = reverse("programme-api:measure-detail", kwargs={"slug": "test-plan", "number": 1})

    response = patch(signed_in_client(coordinator), url, {"priority_areas": ["children_and_young_people"]})

    assert response.status_code == 200
    assert response.json()["priority_areas"] == ["children_and_young_people"]
    event = AuditEvent.objects.get(action=Action.UPDATE, object_type="programme.measure")
    assert event.changes == {
        "before": {"priority_areas": []},
        "after": {"priority_areas": ["children_and_young_people"]},
    }
    unknown = patch(signed_in_client(coordinator), url, {"priority_areas": ["no_such_area"]})
    assert unknown.status_code == 400
    assert "priority_areas" in unknown.json()
    refused = patch(signed_in_client(tem), url, {"priority_areas": []})
    assert refused.status_code == 403
    assert list(Measure.objects.get(programme=programme, number=1).priority_areas.values_list("code", flat=True)) == [
        "children_and_young_people"
    ]


# Reporting rounds.


def test_coordinator_opens_and_closes_a_round(programme: Programme, coordinator: User, tem: User) -> None:
    client = signed_in_client(coordinator)
    url = reverse("programme-api:round-list", kwargs={"slug": "test-plan"})
    data = {
        "name": "Kevät 2027",
        "period_start": "2026-11-01",
        "period_end": "2027-04-30",
        "deadline": "2027-05-15",
        "measures": [1, 3],
    }

    response = post(client, url, data)

    assert response.status_code == 201
    created = response.json()
    assert created["measures"] == [1, 3]
    assert created["programme"] == "test-plan"
    assert created["closed"] is False
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="programme.reportinground").count() == 1
    assert post(signed_in_client(tem), url, data).status_code == 403
    invalid = post(client, url, {**data, "period_end": "2026-01-01", "measures": [1, 99]})
    assert invalid.status_code == 400
    assert set(invalid.json()) == {"period_end", "measures"}
    assert ReportingRound.objects.count() == 1

    close_url = reverse("programme-api:round-close", kwargs={"pk": created["id"]})
    assert signed_in_client(tem).post(close_url).status_code == 403
    closed = client.post(close_url)
    assert closed.status_code == 200
    assert closed.json()["closed"] is True
    assert ReportingRound.objects.get().closed


def test_rounds_a_reporter_sees(programme: Programme, coordinator: User, tem: User, migri: User) -> None:
    tem_only = open_round(programme, coordinator, [1], name="Vain TEM")
    shared = open_round(programme, coordinator, [2], name="Yhteinen")
    url = reverse("programme-api:round-list", kwargs={"slug": "test-plan"})

    assert {item["name"] for item in signed_in_client(coordinator).get(url).json()["results"]} == {
        "Vain TEM",
        "Yhteinen",
    }
    assert {item["name"] for item in signed_in_client(tem).get(url).json()["results"]} == {"Vain TEM", "Yhteinen"}
    assert [item["name"] for item in signed_in_client(migri).get(url).json()["results"]] == ["Yhteinen"]
    migri_client = signed_in_client(migri)
    assert migri_client.get(reverse("programme-api:round-detail", kwargs={"pk": shared.pk})).status_code == 200
    assert migri_client.get(reverse("programme-api:round-detail", kwargs={"pk": tem_only.pk})).status_code == 404


# Status reports.


def test_reporter_saves_a_draft_then_submits(reporting_round: ReportingRound, tem: User) -> None:
    client = signed_in_client(tem)
    url = report_url(reporting_round, 1)

    created = post(client, url, report_data())

    assert created.status_code == 201
    draft = created.json()
    assert (draft["state"], draft["revision"], draft["versions"]) == (ReportState.DRAFT, 1, [])
    assert draft["organisation"]["code"] == "TEM"
    submitted = post(client, url, report_data(revision=1, submit=True, done="Valmis."))
    assert submitted.status_code == 200
    body = submitted.json()
    assert (body["state"], body["revision"]) == (ReportState.SUBMITTED, 2)
    assert [(v["number"], v["done"]) for v in body["versions"]] == [(1, "Valmis.")]
    assert AuditEvent.objects.filter(action=Action.SUBMIT, object_id=str(body["id"])).count() == 1


def test_stale_revision_gets_409_with_both_values(reporting_round: ReportingRound, tem: User) -> None:
    client = signed_in_client(tem)
    url = report_url(reporting_round, 1)
    post(client, url, report_data(done="Ensimmäinen."))
    post(client, url, report_data(revision=1, done="Kollegan muutos."))

    conflict = post(client, url, report_data(revision=1, done="Minun muutokseni."))

    assert conflict.status_code == 409
    body = conflict.json()
    assert body["current"]["revision"] == 2
    assert body["current"]["done"] == "Kollegan muutos."
    assert body["submitted"]["done"] == "Minun muutokseni."
    assert StatusReport.objects.get().done == "Kollegan muutos."
    new_again = post(client, url, report_data(revision=None))
    assert new_again.status_code == 409
    assert new_again.json()["current"]["revision"] == 2


def test_versions_are_never_overwritten(reporting_round: ReportingRound, tem: User) -> None:
    client = signed_in_client(tem)
    url = report_url(reporting_round, 2)
    first = post(client, url, report_data(submit=True, done="Versio yksi.")).json()

    second = post(client, url, report_data(revision=first["revision"], submit=True, done="Versio kaksi.")).json()

    assert [(v["number"], v["done"]) for v in second["versions"]] == [(2, "Versio kaksi."), (1, "Versio yksi.")]
    assert list(StatusReportVersion.objects.order_by("number").values_list("done", flat=True)) == [
        "Versio yksi.",
        "Versio kaksi.",
    ]


def test_reporter_is_refused_on_another_bodys_measure(
    programme: Programme, coordinator: User, reporting_round: ReportingRound, migri: User
) -> None:
    client = signed_in_client(migri)

    refused = post(client, report_url(reporting_round, 1), report_data())

    assert refused.status_code == 403
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, actor=migri).exists()
    tem_only = open_round(programme, coordinator, [1], name="Vain TEM")
    assert post(client, report_url(tem_only, 1), report_data()).status_code == 404
    assert post(client, report_url(reporting_round, 99), report_data()).status_code == 404
    assert post(client, report_url(reporting_round, 2), report_data()).status_code == 201
    assert not StatusReport.objects.filter(measure__number=1).exists()


def test_coordinator_does_not_report(reporting_round: ReportingRound, coordinator: User) -> None:
    assert post(signed_in_client(coordinator), report_url(reporting_round, 1), report_data()).status_code == 403


def test_bad_report_gets_400_with_field_errors(reporting_round: ReportingRound, coordinator: User, tem: User) -> None:
    client = signed_in_client(tem)
    url = report_url(reporting_round, 1)

    no_status = post(client, url, report_data(status="", submit=True))
    bad_link = post(client, url, report_data(links="javascript:alert(1)"))
    bad_status = post(client, url, report_data(status="great"))

    assert (no_status.status_code, list(no_status.json())) == (400, ["status"])
    assert (bad_link.status_code, list(bad_link.json())) == (400, ["links"])
    assert (bad_status.status_code, list(bad_status.json())) == (400, ["status"])
    services.close_round(actor=Actor.for_user(coordinator), reporting_round=reporting_round)
    closed = post(client, url, report_data())
    assert closed.status_code == 400
    assert "non_field_errors" in closed.json()
    assert not StatusReport.objects.exists()


def test_report_lists_follow_visibility(
    reporting_round: ReportingRound, coordinator: User, tem: User, migri: User
) -> None:
    tem_report = post(signed_in_client(tem), report_url(reporting_round, 2), report_data(submit=True)).json()
    migri_report = post(signed_in_client(migri), report_url(reporting_round, 3), report_data()).json()
    url = reverse("programme-api:report-list")

    everything = signed_in_client(coordinator).get(url).json()["results"]
    own = signed_in_client(tem).get(url).json()["results"]

    assert {(item["measure"], item["organisation"]["code"]) for item in everything} == {(2, "TEM"), (3, "MIGRI")}
    assert [(item["measure"], item["organisation"]["code"]) for item in own] == [(2, "TEM")]
    assert own[0]["versions"][0]["number"] == 1
    tem_client = signed_in_client(tem)
    assert tem_client.get(reverse("programme-api:report-detail", kwargs={"pk": tem_report["id"]})).status_code == 200
    assert tem_client.get(reverse("programme-api:report-detail", kwargs={"pk": migri_report["id"]})).status_code == 404
    filtered = signed_in_client(coordinator).get(
        url, {"measure": "3", "round": str(reporting_round.pk), "state": "draft"}
    )
    assert [item["id"] for item in filtered.json()["results"]] == [migri_report["id"]]
    assert signed_in_client(coordinator).get(url, {"round": "x"}).status_code == 400


def test_coordinator_comments_and_returns(reporting_round: ReportingRound, coordinator: User, tem: User) -> None:
    report = post(signed_in_client(tem), report_url(reporting_round, 1), report_data(submit=True)).json()
    url = reverse("programme-api:report-comments", kwargs={"pk": report["id"]})
    client = signed_in_client(coordinator)

    comment = post(client, url, {"text": "Hyvä raportti."})
    returned = post(client, url, {"text": "Lisää lähteet.", "return_for_completion": True})

    assert comment.status_code == 201
    assert comment.json()["returned"] is False
    assert returned.status_code == 201
    saved = StatusReport.objects.get()
    assert saved.state == ReportState.RETURNED
    assert post(client, url, {"text": "Uudestaan.", "return_for_completion": True}).status_code == 400
    assert post(signed_in_client(tem), url, {"text": "Saanko?"}).status_code == 403
    assert post(client, url, {"text": ""}).status_code == 400
    detail = signed_in_client(tem).get(reverse("programme-api:report-detail", kwargs={"pk": report["id"]})).json()
    assert [(c["text"], c["returned"]) for c in detail["comments"]] == [
        ("Hyvä raportti.", False),
        ("Lisää lähteet.", True),
    ]
    missing = post(client, reverse("programme-api:report-comments", kwargs={"pk": 999999}), {"text": "?"})
    assert missing.status_code == 404


API_REQUESTS = [
    ("get", "programme-api:programme-list", {}),
    ("get", "programme-api:programme-detail", {"slug": "test-plan"}),
    ("get", "programme-api:measure-list", {"slug": "test-plan"}),
    ("get", "programme-api:measure-detail", {"slug": "test-plan", "number": 1}),
    ("patch", "programme-api:measure-detail", {"slug": "test-plan", "number": 1}),
    ("get", "programme-api:round-list", {"slug": "test-plan"}),
    ("post", "programme-api:round-list", {"slug": "test-plan"}),
    ("get", "programme-api:round-detail", {"pk": "ROUND"}),
    ("post", "programme-api:round-close", {"pk": "ROUND"}),
    ("post", "programme-api:report-save", {"pk": "ROUND", "number": 1}),
    ("get", "programme-api:report-list", {}),
    ("get", "programme-api:report-detail", {"pk": "REPORT"}),
    ("post", "programme-api:report-comments", {"pk": "REPORT"}),
]


@pytest.mark.parametrize(("method", "name", "kwargs"), API_REQUESTS)
def test_anonymous_calls_get_401(
    reporting_round: ReportingRound, tem: User, method: str, name: str, kwargs: dict[str, Any]
) -> None:
    report = services.save_status_report(
        actor=Actor.for_user(tem),
        reporting_round=reporting_round,
        measure=Measure.objects.get(number=1, programme=reporting_round.programme),
        data=report_data(),
        revision=None,
        submit=False,
    )
    ids = {"ROUND": reporting_round.pk, "REPORT": report.pk}
    url = reverse(name, kwargs={key: ids.get(str(value), value) for key, value in kwargs.items()})

    client = Client()
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, data="{}", content_type="application/json")

    assert response.status_code == 401
    assert not ReportingRound.objects.get(pk=reporting_round.pk).closed
    assert not report.comments.exists()


def test_schema_lists_the_programme_api(coordinator: User) -> None:
    response = signed_in_client(coordinator).get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    for path in [
        "/api/programme/programmes/",
        "/api/programme/programmes/{slug}/",
        "/api/programme/programmes/{slug}/measures/",
        "/api/programme/programmes/{slug}/measures/{number}/",
        "/api/programme/programmes/{slug}/rounds/",
        "/api/programme/rounds/{id}/",
        "/api/programme/rounds/{id}/close/",
        "/api/programme/rounds/{id}/measures/{number}/report/",
        "/api/programme/reports/",
        "/api/programme/reports/{id}/",
        "/api/programme/reports/{id}/comments/",
    ]:
        assert path in paths
    assert "409" in paths["/api/programme/rounds/{id}/measures/{number}/report/"]["post"]["responses"]
