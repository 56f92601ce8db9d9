"""Indicators and milestones: values reported with the status reports, checked against the indicator's unit,
shown against the targets on the measure's page, the dashboard, the API and the implementation report."""

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import signed_in_client
from tests.programme.conftest import open_whole_round, reporter_of
from torju.accounts.models import User
from torju.actor import Actor
from torju.programme import documents, selectors, services
from torju.programme.models import Indicator, Measure, Milestone, Programme, ReportedValue, ReportingRound, Unit
from torju.programme.rules import parse_indicator_value

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("unit", "typed", "value"),
    [
        ("count", "12", Decimal(12)),
        ("count", "0", Decimal(0)),
        ("count", "1 200", Decimal(1200)),
        ("percent", "99,5", Decimal("99.5")),
        ("percent", "100", Decimal(100)),
        ("euros", "1 200,50", Decimal("1200.50")),
    ],
)
def test_a_value_of_its_unit_is_taken(unit: str, typed: str, value: Decimal) -> None:
    assert parse_indicator_value(unit, typed) == value


@pytest.mark.parametrize(
    ("unit", "typed"),
    [
        ("count", "1,5"),
        ("count", "1.0"),
        ("count", "-1"),
        ("count", "kaksi"),
        ("percent", "100,1"),
        ("percent", "-3"),
        ("euros", "10,505"),
        ("euros", "NaN"),
        ("euros", "1e400"),
    ],
)
def test_a_value_that_is_not_of_its_unit_is_refused(unit: str, typed: str) -> None:
    with pytest.raises(ValidationError):
        parse_indicator_value(unit, typed)


@given(st.integers(min_value=0, max_value=10**9))
def test_every_whole_number_is_a_count(number: int) -> None:
    assert parse_indicator_value("count", str(number)) == number


@given(st.integers(min_value=-(10**9), max_value=-1))
def test_no_negative_number_is_a_count(number: int) -> None:
    with pytest.raises(ValidationError):
        parse_indicator_value("count", str(number))


@pytest.fixture
def reporting_round(programme: Programme, coordinator: User) -> ReportingRound:
    return open_whole_round(
        programme,
        coordinator,
        name="Syksy",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 10, 31),
        deadline=date(2030, 11, 30),
    )


@pytest.fixture
def trainings(programme: Programme, coordinator: User) -> Indicator:
    """Measure 1 (TEM's): trainings held, from 2 to 10."""
    return services.save_indicator(
        actor=Actor.for_user(coordinator),
        measure=Measure.objects.get(programme=programme, number=1),
        indicator=None,
        data=services.IndicatorData(
            name_fi="Koulutuksia", name_en="Trainings held", unit=Unit.COUNT, target=Decimal(10), baseline=Decimal(2)
        ),
    )


def test_the_coordinator_keeps_indicators_whose_target_is_of_their_unit(
    programme: Programme, coordinator: User
) -> None:
    measure = Measure.objects.get(programme=programme, number=1)
    with pytest.raises(ValidationError) as refused:
        services.save_indicator(
            actor=Actor.for_user(coordinator),
            measure=measure,
            indicator=None,
            data=services.IndicatorData(name_fi="", unit=Unit.COUNT, target=Decimal("2.5"), baseline=Decimal(-1)),
        )
    assert set(refused.value.message_dict) == {"name_fi", "target", "baseline"}
    with pytest.raises(ValidationError):
        services.save_indicator(
            actor=Actor.for_user(coordinator),
            measure=measure,
            indicator=None,
            data=services.IndicatorData(name_fi="Osuus", unit=Unit.PERCENT, target=Decimal(120)),
        )
    assert not Indicator.objects.exists()


def report(
    reporting_round: ReportingRound,
    values: dict[str, str],
    *,
    reached: dict[str, date] | None = None,
    revision: int | None = None,
    submit: bool = True,
) -> None:
    services.save_status_report(
        actor=Actor.for_user(reporter_of("TEM")),
        reporting_round=reporting_round,
        measure=Measure.objects.get(programme=reporting_round.programme, number=1),
        data={
            "status": "on_track",
            "done": "Koulutettiin.",
            "indicator_values": values,
            "milestones_reached": reached or {},
        },
        revision=revision,
        submit=submit,
    )


def test_reported_values_are_checked_against_the_unit_and_frozen_with_the_version(
    reporting_round: ReportingRound, trainings: Indicator
) -> None:
    with pytest.raises(ValidationError) as refused:
        report(reporting_round, {str(trainings.pk): "2,5"})
    assert set(refused.value.message_dict) == {f"indicator_{trainings.pk}"}
    assert not ReportedValue.objects.exists()
    report(reporting_round, {str(trainings.pk): "6"})
    [value] = ReportedValue.objects.all()
    assert value.value == 6 and value.indicator == trainings


def test_values_are_shown_against_the_targets(
    reporting_round: ReportingRound, trainings: Indicator, coordinator: User
) -> None:
    report(reporting_round, {str(trainings.pk): "6"})
    [item] = selectors.indicator_progress(reporting_round.programme)
    assert (item.latest, item.share_of_target) == (Decimal(6), 50), "from 2 to 10, 6 is half the way"
    client = signed_in_client(coordinator)
    measure_page = client.get(reverse("programme:measure", args=[reporting_round.programme.slug, 1])).content.decode()
    assert "Koulutuksia" in measure_page and "50 %" in measure_page
    board = client.get(reverse("programme:dashboard", args=[reporting_round.programme.slug])).content.decode()
    assert "Koulutuksia" in board and "50 %" in board
    api = client.get(
        reverse("programme-api:measure-detail", kwargs={"slug": reporting_round.programme.slug, "number": 1})
    )
    [indicator] = api.json()["indicators"]
    assert (indicator["latest"], indicator["target"]) == ("6.00", "10.00")
    with translation.override("en"):
        content = documents.implementation_report_content(reporting_round.programme, until=date(2030, 12, 31))
    [entry] = [entry for entry in content.measures if entry.number == 1]
    [line] = entry.indicators
    assert (line.name, line.baseline, line.target, line.latest, line.share) == (
        "Trainings held",
        "2",
        "10",
        "6",
        "50 %",
    )
    assert "indicators" in [chart.key for chart in content.charts]


def test_a_milestone_is_reached_when_a_report_says_so(reporting_round: ReportingRound, coordinator: User) -> None:
    today = timezone.localdate()
    milestone = services.save_milestone(
        actor=Actor.for_user(coordinator),
        measure=Measure.objects.get(programme=reporting_round.programme, number=1),
        milestone=None,
        data=services.MilestoneData(description_fi="Käsikirja valmis", due=today + timedelta(days=10)),
    )
    report(reporting_round, {}, reached={str(milestone.pk): today}, submit=False)
    milestone.refresh_from_db()
    assert milestone.reached_on is None, "a draft reaches nothing"
    draft = reporting_round.reports.get()
    report(reporting_round, {}, reached={str(milestone.pk): today}, revision=draft.revision)
    milestone.refresh_from_db()
    assert milestone.reached_on == today
    assert Milestone.objects.get().measure.number == 1


def test_an_indicator_with_reported_values_is_kept(
    reporting_round: ReportingRound, trainings: Indicator, coordinator: User
) -> None:
    report(reporting_round, {str(trainings.pk): "3"})
    with pytest.raises(ValidationError):
        services.remove_indicator(actor=Actor.for_user(coordinator), indicator=trainings)
    with pytest.raises(ValidationError) as refused:
        services.save_indicator(
            actor=Actor.for_user(coordinator),
            measure=trainings.measure,
            indicator=trainings,
            data=services.IndicatorData(name_fi="Koulutuksia", unit=Unit.EUROS, target=Decimal(10)),
        )
    assert set(refused.value.message_dict) == {"unit"}


def test_the_report_form_offers_a_field_per_indicator_and_names_it_in_the_error(
    reporting_round: ReportingRound, trainings: Indicator
) -> None:
    client = signed_in_client(reporter_of("TEM"))
    url = reverse("programme:report_edit", args=[reporting_round.pk, 1])
    assert "Koulutuksia" in client.get(url).content.decode()
    response = client.post(url, {"status": "on_track", f"indicator_{trainings.pk}": "kolme", "submit": "1"})
    assert response.status_code == 400
    assert f"indicator_{trainings.pk}" in response.context["form"].errors
    ok = client.post(url, {"status": "on_track", f"indicator_{trainings.pk}": "3", "submit": "1"})
    assert ok.status_code == 302
    assert ReportedValue.objects.get().value == 3


def api_report(client: Client, reporting_round: ReportingRound, data: dict[str, Any]) -> Any:
    return client.post(
        reverse("programme-api:report-save", kwargs={"pk": reporting_round.pk, "number": 1}),
        data=json.dumps({"status": "on_track", "done": "Koulutettiin.", **data}),
        content_type="application/json",
    )


def test_a_reporter_gives_indicator_values_and_milestones_through_the_api(
    reporting_round: ReportingRound, trainings: Indicator, coordinator: User
) -> None:
    manual = services.save_milestone(
        actor=Actor.for_user(coordinator),
        measure=trainings.measure,
        milestone=None,
        data=services.MilestoneData(description_fi="Käsikirja valmis", due=date(2026, 6, 30)),
    )
    client = signed_in_client(reporter_of("TEM"))
    not_a_count = api_report(client, reporting_round, {"indicator_values": {str(trainings.pk): "2,5"}})
    assert not_a_count.status_code == 400
    assert list(not_a_count.json()) == ["indicator_values"]
    assert list(not_a_count.json()["indicator_values"]) == [str(trainings.pk)], "named by the indicator's id"
    unknown = api_report(client, reporting_round, {"indicator_values": {"999999": "3", "kolme": "3"}})
    assert unknown.status_code == 400
    assert set(unknown.json()["indicator_values"]) == {"999999", "kolme"}
    assert not ReportedValue.objects.exists()

    saved = api_report(
        client,
        reporting_round,
        {
            "indicator_values": {str(trainings.pk): "7"},
            "milestones_reached": {str(manual.pk): "2026-05-04"},
            "public_summary": "Koulutuksia pidettiin seitsemän.",
            "submit": True,
        },
    )
    assert saved.status_code == 201, saved.content
    body = saved.json()
    assert (body["indicator_values"], body["milestones_reached"]) == (
        {str(trainings.pk): "7"},
        {str(manual.pk): "2026-05-04"},
    )
    [version] = body["versions"]
    assert version["values"] == [{"indicator": trainings.pk, "value": "7.00"}]
    assert version["public_summary"] == "Koulutuksia pidettiin seitsemän."
    manual.refresh_from_db()
    assert manual.reached_on == date(2026, 5, 4)


def test_a_save_that_leaves_out_the_values_keeps_those_entered(
    reporting_round: ReportingRound, trainings: Indicator
) -> None:
    """A client of the API that knows nothing of indicators or the public summary erases neither."""
    reporter = reporter_of("TEM")
    draft = services.save_status_report(
        actor=Actor.for_user(reporter),
        reporting_round=reporting_round,
        measure=trainings.measure,
        data={
            "status": "on_track",
            "done": "Luonnos.",
            "public_summary": "Julkinen tiivistelmä.",
            "indicator_values": {str(trainings.pk): "5"},
        },
        revision=None,
        submit=False,
    )
    submitted = api_report(
        signed_in_client(reporter), reporting_round, {"revision": draft.revision, "submit": True, "done": "Valmis."}
    )
    assert submitted.status_code == 200, submitted.content
    [version] = submitted.json()["versions"]
    assert (version["done"], version["public_summary"]) == ("Valmis.", "Julkinen tiivistelmä.")
    assert version["values"] == [{"indicator": trainings.pk, "value": "5.00"}]
    emptied = api_report(
        signed_in_client(reporter),
        reporting_round,
        {"revision": submitted.json()["revision"], "public_summary": "", "indicator_values": {}},
    )
    assert (emptied.json()["public_summary"], emptied.json()["indicator_values"]) == ("", {}), "given empty: emptied"
