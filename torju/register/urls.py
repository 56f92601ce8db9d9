"""The register's pages for caseworkers and decision makers, and the analysts' pseudonymous extract."""

from django.urls import path

from torju.register import views

app_name = "register"
urlpatterns = [
    path("", views.home, name="home"),
    path("extract/", views.extract, name="extract"),
    path("persons/search/", views.person_search, name="person_search"),
    path("persons/new/", views.applicant_new, name="applicant_new"),
    path("persons/<int:pk>/", views.person_detail, name="person"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:pk>/applications/new/", views.application_new, name="application_new"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/open/", views.case_open, name="case_open"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/events/new/", views.event_new, name="event_new"),
    path("cases/<int:pk>/events/<int:event_pk>/delete/", views.event_delete, name="event_delete"),
    path("cases/<int:pk>/decision/", views.decision_draft, name="decision_draft"),
    path("cases/<int:pk>/decision/<int:draft_pk>/confirm/", views.decision_confirm, name="decision_confirm"),
    path("cases/<int:pk>/decision/<int:draft_pk>/reject/", views.decision_reject, name="decision_reject"),
    path("cases/<int:pk>/reflection-periods/new/", views.reflection_period_new, name="reflection_period_new"),
    path("cases/<int:pk>/services/new/", views.service_new, name="service_new"),
    path("cases/<int:pk>/services/<int:service_pk>/end/", views.service_end, name="service_end"),
    path("cases/<int:pk>/children/new/", views.child_new, name="child_new"),
    path("cases/<int:pk>/children/<int:child_pk>/left/", views.child_left, name="child_left"),
    path("cases/<int:pk>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("cases/<int:pk>/end/", views.clienthood_end, name="clienthood_end"),
]
