"""The register REST API (mounted at /api/register/); see torju/register/api/."""

from django.urls import URLPattern, path

from torju.register.api import applications, casework, jobs, persons

app_name = "register_api"
APPLICATION = "cases/<int:pk>/"
urlpatterns: list[URLPattern] = [
    path("cases/", applications.ApplicationViewSet.as_view({"get": "list", "post": "create"}), name="application-list"),
    path(
        APPLICATION,
        applications.ApplicationViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="application-detail",
    ),
    path(f"{APPLICATION}open/", applications.ApplicationOpenView.as_view(), name="application-open"),
    path(
        f"{APPLICATION}open-for-writing/",
        applications.ApplicationOpenForWritingView.as_view(),
        name="application-open-for-writing",
    ),
    path(f"{APPLICATION}assign/", applications.ApplicationAssignView.as_view(), name="application-assign"),
    path(f"{APPLICATION}close/", applications.ApplicationCloseView.as_view(), name="application-close"),
    path(
        f"{APPLICATION}waiting-for-information/",
        applications.WaitingForInformationView.as_view(),
        name="waiting-for-information",
    ),
    path(f"{APPLICATION}events/", casework.EventListView.as_view(), name="event-list"),
    path(f"{APPLICATION}events/<int:event_pk>/", casework.EventDetailView.as_view(), name="event-detail"),
    path(f"{APPLICATION}decision-drafts/", applications.DecisionDraftListView.as_view(), name="decision-draft-list"),
    path(
        f"{APPLICATION}decision-drafts/<int:draft_pk>/confirm/",
        applications.DecisionConfirmView.as_view(),
        name="decision-draft-confirm",
    ),
    path(
        f"{APPLICATION}decision-drafts/<int:draft_pk>/reject/",
        applications.DecisionRejectView.as_view(),
        name="decision-draft-reject",
    ),
    path(
        f"{APPLICATION}reflection-periods/", casework.ReflectionPeriodListView.as_view(), name="reflection-period-list"
    ),
    path(f"{APPLICATION}services/", casework.ServiceListView.as_view(), name="service-list"),
    path(f"{APPLICATION}services/<int:service_pk>/end/", casework.ServiceEndView.as_view(), name="service-end"),
    path(f"{APPLICATION}children/", casework.ChildListView.as_view(), name="child-list"),
    path(f"{APPLICATION}children/<int:child_pk>/left/", casework.ChildLeftView.as_view(), name="child-left"),
    path(f"{APPLICATION}assessments/", casework.AssessmentListView.as_view(), name="assessment-list"),
    path(f"{APPLICATION}end/", casework.ClienthoodEndView.as_view(), name="clienthood-end"),
    path(f"{APPLICATION}timeline/", applications.TimelineView.as_view(), name="timeline"),
    path("persons/search/", persons.PersonSearchView.as_view(), name="person-search"),
    path("persons/<int:pk>/", persons.PersonDetailView.as_view(), name="person-detail"),
    path("imports/", jobs.ImportListView.as_view(), name="import-list"),
    path("imports/<int:pk>/", jobs.ImportDetailView.as_view(), name="import-detail"),
    path("imports/<int:pk>/problems/", jobs.ImportProblemListView.as_view(), name="import-problems"),
    path("extracts/", jobs.ExtractListView.as_view(), name="extract-list"),
    path("extracts/<int:pk>/", jobs.ExtractDetailView.as_view(), name="extract-detail"),
]
