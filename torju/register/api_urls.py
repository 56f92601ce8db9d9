"""The register REST API (mounted at /api/register/); see torju/register/api.py."""

from django.urls import URLPattern, path

from torju.register import api, job_api

app_name = "register_api"
CASE = "cases/<int:pk>/"
urlpatterns: list[URLPattern] = [
    path("cases/", api.CaseViewSet.as_view({"get": "list", "post": "create"}), name="case-list"),
    path(CASE, api.CaseViewSet.as_view({"get": "retrieve", "patch": "partial_update"}), name="case-detail"),
    path(f"{CASE}open/", api.CaseOpenView.as_view(), name="case-open"),
    path(f"{CASE}assign/", api.CaseAssignView.as_view(), name="case-assign"),
    path(f"{CASE}close/", api.CaseCloseView.as_view(), name="case-close"),
    path(f"{CASE}events/", api.EventListView.as_view(), name="event-list"),
    path(f"{CASE}events/<int:event_pk>/", api.EventDetailView.as_view(), name="event-detail"),
    path(f"{CASE}decision-drafts/", api.DecisionDraftListView.as_view(), name="decision-draft-list"),
    path(
        f"{CASE}decision-drafts/<int:draft_pk>/confirm/",
        api.DecisionConfirmView.as_view(),
        name="decision-draft-confirm",
    ),
    path(
        f"{CASE}decision-drafts/<int:draft_pk>/reject/", api.DecisionRejectView.as_view(), name="decision-draft-reject"
    ),
    path(f"{CASE}reflection-periods/", api.ReflectionPeriodListView.as_view(), name="reflection-period-list"),
    path(f"{CASE}services/", api.ServiceListView.as_view(), name="service-list"),
    path(f"{CASE}services/<int:service_pk>/end/", api.ServiceEndView.as_view(), name="service-end"),
    path(f"{CASE}children/", api.ChildListView.as_view(), name="child-list"),
    path(f"{CASE}children/<int:child_pk>/left/", api.ChildLeftView.as_view(), name="child-left"),
    path(f"{CASE}assessments/", api.AssessmentListView.as_view(), name="assessment-list"),
    path(f"{CASE}end/", api.ClienthoodEndView.as_view(), name="clienthood-end"),
    path(f"{CASE}timeline/", api.TimelineView.as_view(), name="timeline"),
    path("persons/search/", api.PersonSearchView.as_view(), name="person-search"),
    path("persons/<int:pk>/", api.PersonDetailView.as_view(), name="person-detail"),
    path("imports/", job_api.ImportListView.as_view(), name="import-list"),
    path("imports/<int:pk>/", job_api.ImportDetailView.as_view(), name="import-detail"),
    path("imports/<int:pk>/problems/", job_api.ImportProblemListView.as_view(), name="import-problems"),
    path("extracts/", job_api.ExtractListView.as_view(), name="extract-list"),
    path("extracts/<int:pk>/", job_api.ExtractDetailView.as_view(), name="extract-detail"),
]
