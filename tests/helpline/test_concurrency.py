"""Concurrent work on the info line on PostgreSQL: case numbers, and two offices answering one referral."""

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection

from tests.helpline.builders import acting, adviser, caseworker, contact, referral
from torju.helpline.models import Referral, ReferralStatus
from torju.helpline.services import cases, referrals

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def at_once(work: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    """Run each piece of work in a thread of its own (its own connection), all starting together."""
    start = threading.Barrier(len(work))
    results: list[object] = []
    failures: list[BaseException] = []

    def run(piece: Callable[[], object]) -> None:
        try:
            start.wait()
            results.append(piece())
        except BaseException as error:  # reported in the test's thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(piece,)) for piece in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, failures


def test_concurrent_cases_never_share_a_number() -> None:
    user = adviser()
    made = [contact(user) for _ in range(6)]
    results, failures = at_once([partial(cases.group_contacts, acting(user), [item]) for item in made])
    assert failures == []
    numbers = [case.case_number for case in results]  # type: ignore[attr-defined]
    assert len(set(numbers)) == len(numbers) == 6


def test_two_caseworkers_answering_at_once_leave_one_answer() -> None:
    sent = referral(adviser())
    first, second = caseworker("HEL"), caseworker("HEL")
    revision = sent.revision
    results, failures = at_once(
        [
            lambda: referrals.accept_referral(acting(first), sent, revision=revision),
            lambda: referrals.decline_referral(acting(second), sent, reason="other_office", revision=revision),
        ]
    )
    assert len(results) == 1 and len(failures) == 1
    sent.refresh_from_db()
    assert sent.status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED) and sent.revision == revision + 1
    assert Referral.objects.count() == 1
