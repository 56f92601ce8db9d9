"""The helpline REST API (mounted at /api/helpline/); see torju/helpline/api.py."""

from django.urls import URLPattern, path

from torju.helpline import api

app_name = "helpline_api"
CASE = "cases/<int:pk>/"
REFERRAL = "referrals/<int:pk>/"
urlpatterns: list[URLPattern] = [
    path("contacts/", api.ContactListView.as_view(), name="contact-list"),
    path("contacts/<int:pk>/", api.ContactDetailView.as_view(), name="contact-detail"),
    path("cases/", api.CaseListView.as_view(), name="case-list"),
    path(CASE, api.CaseDetailView.as_view(), name="case-detail"),
    path(f"{CASE}contacts/", api.CaseContactsView.as_view(), name="case-contacts"),
    path(f"{CASE}close/", api.CaseCloseView.as_view(), name="case-close"),
    path(f"{CASE}reopen/", api.CaseReopenView.as_view(), name="case-reopen"),
    path(f"{CASE}indicators/", api.CaseIndicatorsView.as_view(), name="case-indicators"),
    path("referrals/", api.ReferralListView.as_view(), name="referral-list"),
    path(REFERRAL, api.ReferralDetailView.as_view(), name="referral-detail"),
    path(f"{REFERRAL}withdraw/", api.ReferralWithdrawView.as_view(), name="referral-withdraw"),
    path(f"{REFERRAL}accept/", api.ReferralAcceptView.as_view(), name="referral-accept"),
    path(f"{REFERRAL}decline/", api.ReferralDeclineView.as_view(), name="referral-decline"),
    path(f"{REFERRAL}outcome/", api.ReferralOutcomeView.as_view(), name="referral-outcome"),
    path("statistics/<int:year>/", api.StatisticsView.as_view(), name="statistics"),
]
