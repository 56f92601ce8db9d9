"""The register REST API (mounted at /api/register/); see torju/register/api/."""

from django.urls import URLPattern, path

from torju.register.api import cases, casework, jobs, persons

app_name = "register_api"
CASE = "cases/<int:pk>/"
urlpatterns: list[URLPattern] = [
    path("cases/", cases.CaseViewSet.as_view({"get": "list", "post": "create"}), name="case-list"),
    path(CASE, cases.CaseViewSet.as_view({"get": "retrieve", "patch": "partial_update"}), name="case-detail"),
    path(f"{CASE}open/", cases.CaseOpenView.as_view(), name="case-open"),
    path(f"{CASE}assign/", cases.CaseAssignView.as_view(), name="case-assign"),
    path(f"{CASE}close/", cases.CaseCloseView.as_view(), name="case-close"),
    path(f"{CASE}events/", casework.EventListView.as_view(), name="event-list"),
    path(f"{CASE}events/<int:event_pk>/", casework.EventDetailView.as_view(), name="event-detail"),
    path(f"{CASE}decision-drafts/", cases.DecisionDraftListView.as_view(), name="decision-draft-list"),
    path(
        f"{CASE}decision-drafts/<int:draft_pk>/confirm/",
        cases.DecisionConfirmView.as_view(),
        name="decision-draft-confirm",
    ),
    path(
        f"{CASE}decision-drafts/<int:draft_pk>/reject/",
        cases.DecisionRejectView.as_view(),
        name="decision-draft-reject",
    ),
    path(f"{CASE}reflection-periods/", casework.ReflectionPeriodListView.as_view(), name="reflection-period-list"),
    path(f"{CASE}services/", casework.ServiceListView.as_view(), name="service-list"),
    path(f"{CASE}services/<int:service_pk>/end/", casework.ServiceEndView.as_view(), name="service-end"),
    path(f"{CASE}children/", casework.ChildListView.as_view(), name="child-list"),
    path(f"{CASE}children/<int:child_pk>/left/", casework.ChildLeftView.as_view(), name="child-left"),
    path(f"{CASE}assessments/", casework.AssessmentListView.as_view(), name="assessment-list"),
    path(f"{CASE}end/", casework.ClienthoodEndView.as_view(), name="clienthood-end"),
    path(f"{CASE}timeline/", cases.TimelineView.as_view(), name="timeline"),
    path("persons/search/", persons.PersonSearchView.as_view(), name="person-search"),
    path("persons/<int:pk>/", persons.PersonDetailView.as_view(), name="person-detail"),
    path("imports/", jobs.ImportListView.as_view(), name="import-list"),
    path("imports/<int:pk>/", jobs.ImportDetailView.as_view(), name="import-detail"),
    path("imports/<int:pk>/problems/", jobs.ImportProblemListView.as_view(), name="import-problems"),
    path("extracts/", jobs.ExtractListView.as_view(), name="extract-list"),
    path("extracts/<int:pk>/", jobs.ExtractDetailView.as_view(), name="extract-detail"),
]
