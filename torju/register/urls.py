"""The register's pages for caseworkers and decision makers, and the analysts' pseudonymous extract."""

from django.urls import path

from torju.register.views import applications, backlog, casework, jobs, persons, waiting, work_lists

app_name = "register"
urlpatterns = [
    path("", work_lists.home, name="home"),
    path("backlog/", backlog.backlog_page, name="backlog"),
    path("extract/", jobs.extract, name="extract"),
    path("persons/search/", persons.person_search, name="person_search"),
    path("persons/new/", persons.applicant_new, name="applicant_new"),
    path("persons/<int:pk>/", persons.person_detail, name="person"),
    path("persons/<int:pk>/edit/", persons.person_edit, name="person_edit"),
    path("persons/<int:pk>/applications/new/", persons.application_new, name="application_new"),
    path("cases/<int:pk>/", applications.application_detail, name="application"),
    path("cases/<int:pk>/open/", applications.application_open, name="application_open"),
    path(
        "cases/<int:pk>/open-for-writing/",
        applications.application_open_for_writing,
        name="application_open_for_writing",
    ),
    path("cases/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("cases/<int:pk>/assign/", applications.application_assign, name="application_assign"),
    path("cases/<int:pk>/close/", applications.application_close, name="application_close"),
    path("cases/<int:pk>/waiting/", waiting.waiting_set, name="waiting_set"),
    path("cases/<int:pk>/waiting/clear/", waiting.waiting_clear, name="waiting_clear"),
    path("cases/<int:pk>/events/new/", casework.event_new, name="event_new"),
    path("cases/<int:pk>/events/<int:event_pk>/delete/", casework.event_delete, name="event_delete"),
    path("cases/<int:pk>/decision/", applications.decision_draft, name="decision_draft"),
    path("cases/<int:pk>/decision/<int:draft_pk>/confirm/", applications.decision_confirm, name="decision_confirm"),
    path("cases/<int:pk>/decision/<int:draft_pk>/reject/", applications.decision_reject, name="decision_reject"),
    path("cases/<int:pk>/reflection-periods/new/", casework.reflection_period_new, name="reflection_period_new"),
    path("cases/<int:pk>/services/new/", casework.service_new, name="service_new"),
    path("cases/<int:pk>/services/<int:service_pk>/end/", casework.service_end, name="service_end"),
    path("cases/<int:pk>/children/new/", casework.child_new, name="child_new"),
    path("cases/<int:pk>/children/<int:child_pk>/left/", casework.child_left, name="child_left"),
    path("cases/<int:pk>/assessments/new/", casework.assessment_new, name="assessment_new"),
    path("cases/<int:pk>/end/", casework.clienthood_end, name="clienthood_end"),
]
