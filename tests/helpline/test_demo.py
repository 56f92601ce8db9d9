"""The demo helpline: a year and more of anonymous work, some of it leading to the demo register's applications."""

import pytest
from django.db.models import Count

from torju.demo.helpline import ensure_demo_helpline
from torju.demo.register import ensure_demo_register
from torju.demo.users import ensure_demo_users
from torju.helpline.anonymity import refusals
from torju.helpline.models import ConsultationCase, Contact, Referral, ReferralKind, ReferralStatus
from torju.helpline.services.applications import application_source
from torju.helpline.statistics import helpline_statistics

pytestmark = pytest.mark.django_db


def test_the_demo_helpline_is_plausible_anonymous_linked_and_made_once() -> None:
    ensure_demo_users(reset_passwords=False)
    ensure_demo_register()
    [line] = ensure_demo_helpline()
    assert "Demo helpline:" in line
    assert ensure_demo_helpline() == ["Demo helpline: the info line has contacts already; nothing was added."]

    assert Contact.objects.count() > 500
    for contact in Contact.objects.exclude(notes="", person_description=""):
        assert refusals(contact.notes) == refusals(contact.person_description) == []
    assert all(refusals(case.summary) == [] for case in ConsultationCase.objects.all())

    linked = Referral.objects.filter(application__isnull=False).select_related("application")
    assert linked.count() >= 20
    for referral in linked:
        application = referral.application
        assert application is not None and application.office == referral.office
        assert application.source == application_source(referral.referring_party)
        assert referral.sent_at.date() < application.received_on
    states = dict(Referral.objects.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    assert set(states) == set(ReferralStatus.values)
    assert Referral.objects.filter(kind=ReferralKind.FIRST_RESPONDER).exclude(referring_organisation="").exists()
    assert Referral.objects.filter(status=ReferralStatus.SENT, office="HEL").exists()  # the office's work list

    figures = helpline_statistics(2025)
    assert figures["contacts"]["total"] > 300
    assert 0 < figures["consultation_cases"]["share_led_to_application"] < 1
    assert figures["consultation_cases"]["with_indicators"] > 0
    public = helpline_statistics(2025, public=True)
    assert public["contacts"]["total"] == figures["contacts"]["total"]
