"""Releases: proposed by an analyst after the year ended, approved by another person, frozen; corrections that say
what changed and are checked for disclosure with the earlier release; withheld figures released with a reason."""

import json
from collections.abc import Iterator
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone, translation

from tests.factories import user_with_role
from tests.statistics.attacker import Pin, attack_nationalities, attack_year
from tests.statistics.test_definitions import client, event, victim
from torju.accounts.models import Role
from torju.actor import Actor
from torju.audit.models import AuditEvent
from torju.statistics.models import Release, ReleaseStatus
from torju.statistics.release_content import content_of
from torju.statistics.selectors import series
from torju.statistics.services import approve_release, propose_annual_review, withdraw_release

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


YEAR = 2024


def analyst() -> Actor:
    return Actor.for_user(user_with_role(Role.ANALYST))


def coordinator() -> Actor:
    return Actor.for_user(user_with_role(Role.COORDINATOR))


def register(nepalese: int = 6, in_finland: int = 5) -> None:
    """New clients of 2024: Nepalese (some exploited in Finland, the rest abroad) and six Somalis abroad."""
    for index in range(nepalese):
        event(client(victim(nationality="NP"), date(YEAR, 4, 1)), "forced_labour", "FI" if index < in_finland else "NP")
    for _index in range(6):
        event(client(victim(nationality="SO", sex="M"), date(YEAR, 4, 1)), "forced_marriage", "SO")
    for _index in range(7):
        event(client(victim(nationality="TH"), date(YEAR - 1, 4, 1)), "forced_labour", "FI")


def published(year: int = YEAR) -> Release:
    release = propose_annual_review(analyst(), year)
    return approve_release(coordinator(), release)


def test_an_analyst_proposes_the_review_of_an_ended_year_and_another_person_approves_it() -> None:
    register()
    proposer = analyst()
    release = propose_annual_review(proposer, YEAR)
    assert release.status == ReleaseStatus.PROPOSED and release.replaces is None
    with pytest.raises(PermissionDenied):
        approve_release(proposer, release)  # four eyes
    with pytest.raises(PermissionDenied):
        approve_release(Actor.for_user(user_with_role(Role.CASEWORKER)), release)
    approved = approve_release(Actor.for_user(user_with_role(Role.ANALYST)), release)
    assert approved.status == ReleaseStatus.PUBLISHED and approved.approved_by != approved.proposed_by
    assert AuditEvent.objects.filter(object_type="statistics.release", object_id=str(release.pk)).count() == 2
    with pytest.raises(ValidationError):
        approve_release(coordinator(), approved)


def test_the_four_eyes_are_a_database_constraint_too() -> None:
    register()
    release = propose_annual_review(analyst(), YEAR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Release.objects.filter(pk=release.pk).update(
            status=ReleaseStatus.PUBLISHED, approved_by=release.proposed_by, approved_at=timezone.now()
        )


def test_only_analysts_propose_only_ended_years_and_one_proposal_at_a_time() -> None:
    register()
    with pytest.raises(PermissionDenied):
        propose_annual_review(coordinator(), YEAR)
    with pytest.raises(ValidationError, match="not published before the year has ended"), translation.override("en"):
        propose_annual_review(analyst(), timezone.localdate().year)
    propose_annual_review(analyst(), YEAR)
    with pytest.raises(ValidationError, match="already waits for approval"):
        propose_annual_review(analyst(), YEAR)


def test_a_published_release_is_frozen_while_the_register_changes() -> None:
    register()
    release = published()
    before = release.content
    client(victim(nationality="NP"), date(YEAR, 6, 1))
    release.refresh_from_db()
    assert release.content == before
    page = Client().get(f"/public/statistics/{release.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    figures = content_of(release)["years"][str(YEAR)]["statistics"]
    assert figures["new_clients"]["victims"] == 12, "as on the day of publication"


def test_a_correction_says_what_changed_and_is_checked_for_disclosure_with_the_earlier_release() -> None:
    register(nepalese=10, in_finland=10)
    earlier = published()
    assert content_of(earlier)["years"][str(YEAR)]["statistics"]["new_clients"]["by_nationality"]["NP"] == 10
    # One Nepalese client more: shown in both releases, the difference would single them out.
    event(client(victim(nationality="NP"), date(YEAR, 9, 1)), "forced_labour", "FI")
    with pytest.raises(ValidationError, match="say what this correction changes"):
        propose_annual_review(analyst(), YEAR)
    correction = propose_annual_review(analyst(), YEAR, correction_note="A decision of September was recorded late.")
    assert correction.replaces == earlier
    new_clients = content_of(correction)["years"][str(YEAR)]["statistics"]["new_clients"]["by_nationality"]
    assert "NP" not in new_clients, "10 → 11 would show the added person: merged"
    changes = {change["key"]: (change["earlier"], change["now"]) for change in json.loads(correction.changes)}
    assert changes[f"years.{YEAR}.statistics.new_clients.victims"] == (16, 17)
    assert changes[f"years.{YEAR}.statistics.new_clients.by_nationality.NP"] == (10, None)
    withheld = {item["key"]: item["reason"] for item in json.loads(correction.withheld)}
    assert withheld["new_clients.by_nationality.NP"] == "changed"
    approve_release(coordinator(), correction)
    # The attacker sees both: a country shown in both may not have moved by 1 to k−1.
    both = [
        content_of(release)["years"][str(YEAR)]["statistics"]["new_clients"]["by_nationality"]
        for release in (earlier, correction)
    ]
    for country in {*both[0], *both[1]} - {"other"}:
        if country in both[0] and country in both[1]:
            assert not 1 <= abs(both[0][country] - both[1][country]) <= 4, country
    page = Client().get(f"/public/statistics/{correction.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A decision of September was recorded late." in page
    with pytest.raises(ValidationError, match="nothing to correct"), translation.override("en"):
        propose_annual_review(analyst(), YEAR, correction_note="again")


def test_a_figure_is_the_same_in_every_release_and_in_the_public_series() -> None:
    register()
    earlier_year = published(YEAR - 1)
    client(victim(nationality="TH"), date(YEAR - 1, 8, 1))  # a late change to 2023, not republished
    review = published(YEAR)
    assert content_of(review)["years"][str(YEAR - 1)] == content_of(earlier_year)["years"][str(YEAR - 1)]
    public = series(YEAR - 1, YEAR, "public")
    assert public["years"][str(YEAR - 1)] == content_of(earlier_year)["years"][str(YEAR - 1)]
    assert public["years"][str(YEAR)] == content_of(review)["years"][str(YEAR)]
    assert series(YEAR - 1, YEAR, "exact")["years"][str(YEAR - 1)]["statistics"]["new_clients"]["victims"] == 8


def test_the_approver_sees_what_was_withheld_and_may_release_a_figure_only_with_a_reason() -> None:
    register(nepalese=6, in_finland=5)
    release = propose_annual_review(analyst(), YEAR)
    withheld = {item["key"]: item for item in json.loads(release.withheld)}
    key = "exploited_in_finland.by_nationality.NP"
    assert withheld[key]["reason"] == "difference" and withheld[key]["value"] == 5
    page = Client()
    approver = coordinator()
    assert approver.user is not None
    page.force_login(approver.user)
    with pytest.raises(ValidationError, match="reason"):
        approve_release(approver, release, released={key: " "})
    with pytest.raises(ValidationError, match="Not a figure"):
        approve_release(approver, release, released={"new_clients.by_nationality.SO": "always published"})
    approved = approve_release(approver, release, released={key: "The assistance system has always published it."})
    content = content_of(approved)
    assert content["years"][str(YEAR)]["statistics"]["exploited_in_finland"]["by_nationality"]["NP"] == 5
    assert content["released"] == [{"key": key, "reason": "The assistance system has always published it."}]
    verdict = attack_year(content["years"][str(YEAR)], ["NP", "SO", "TH"], approved.threshold, released=[key])
    assert verdict.pins == [] and Pin("abroad.NP", 1) in verdict.reasoned
    assert attack_nationalities(content["years"][str(YEAR)]["statistics"], ["NP", "SO"], 5) == [Pin("abroad.NP", 1)]
    notes = Client().get(f"/public/statistics/{approved.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The assistance system has always published it." in notes
    assert AuditEvent.objects.filter(object_id=str(approved.pk), flagged=True).exists()


def test_the_public_pages_and_api_serve_published_releases_only() -> None:
    register()
    proposal = propose_annual_review(analyst(), YEAR)
    visitor = Client()
    for path in (
        f"/public/statistics/{proposal.pk}/",
        f"/api/public/releases/{proposal.pk}/",
        f"/public/statistics/{proposal.pk}/data.json",
    ):
        assert visitor.get(path).status_code == 404, path
    assert visitor.get("/api/public/releases/").json()["results"] == []
    withdraw_release(Actor.for_user(proposal.proposed_by), proposal)
    release = published()
    listed = visitor.get("/api/public/releases/").json()["results"]
    assert [entry["id"] for entry in listed] == [release.pk]
    assert listed[0]["licence"] == "CC BY 4.0" and listed[0]["figures"] == content_of(release)
    csv = visitor.get(f"/public/statistics/{release.pk}/fi.csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert visitor.get(f"/public/statistics/{release.pk}/fi.csv").content == csv.content, "kept as first rendered"
