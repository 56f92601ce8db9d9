"""The helpline's pages: advisers' contacts and cases, both ends of the referrals, the statistics."""

from django.urls import path

from torju.helpline.views import applications, cases, contacts, referrals, statistics

app_name = "helpline"
CASE = "cases/<int:pk>/"
REFERRAL = "referrals/<int:pk>/"
urlpatterns = [
    path("", contacts.home, name="home"),
    path("contacts/", contacts.contact_list, name="contacts"),
    path("contacts/new/", contacts.contact_new, name="contact_new"),
    path("contacts/group/", contacts.group, name="group"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("cases/", cases.case_list, name="cases"),
    path(CASE, cases.case_detail, name="case"),
    path(f"{CASE}edit/", cases.case_edit, name="case_edit"),
    path(f"{CASE}close/", cases.case_close, name="case_close"),
    path(f"{CASE}reopen/", cases.case_reopen, name="case_reopen"),
    path(f"{CASE}indicators/", cases.case_indicators, name="case_indicators"),
    path(f"{CASE}referrals/new/", referrals.referral_new, name="referral_new"),
    path("referrals/", referrals.referral_list, name="referrals"),
    path("referrals/new/", referrals.first_responder_new, name="first_responder_new"),
    path(REFERRAL, referrals.referral_detail, name="referral"),
    path(f"{REFERRAL}withdraw/", referrals.referral_withdraw, name="referral_withdraw"),
    path(f"{REFERRAL}accept/", referrals.referral_accept, name="referral_accept"),
    path(f"{REFERRAL}decline/", referrals.referral_decline, name="referral_decline"),
    path(f"{REFERRAL}outcome/", referrals.referral_outcome, name="referral_outcome"),
    path(f"{REFERRAL}application/", applications.referral_application, name="referral_application"),
    path("statistics/", statistics.statistics, name="statistics"),
]
