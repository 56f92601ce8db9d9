"""The programme REST API (mounted at /api/programme/); see torju/programme/api.py."""

from django.urls import URLPattern, path

from torju.programme.api import views as api

app_name = "programme-api"
urlpatterns: list[URLPattern] = [
    path("programmes/", api.ProgrammeViewSet.as_view({"get": "list"}), name="programme-list"),
    path("programmes/<slug:slug>/", api.ProgrammeViewSet.as_view({"get": "retrieve"}), name="programme-detail"),
    path("programmes/<slug:slug>/measures/", api.MeasureViewSet.as_view({"get": "list"}), name="measure-list"),
    path(
        "programmes/<slug:slug>/measures/<int:number>/",
        api.MeasureViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="measure-detail",
    ),
    path(
        "programmes/<slug:slug>/rounds/",
        api.RoundViewSet.as_view({"get": "list", "post": "create"}),
        name="round-list",
    ),
    path("rounds/<int:pk>/", api.RoundViewSet.as_view({"get": "retrieve"}), name="round-detail"),
    path("rounds/<int:pk>/close/", api.RoundCloseView.as_view(), name="round-close"),
    path(
        "rounds/<int:pk>/measures/<int:number>/report/",
        api.StatusReportSaveView.as_view(),
        name="report-save",
    ),
    path("reports/", api.StatusReportViewSet.as_view({"get": "list"}), name="report-list"),
    path("reports/<int:pk>/", api.StatusReportViewSet.as_view({"get": "retrieve"}), name="report-detail"),
    path("reports/<int:pk>/comments/", api.ReportCommentView.as_view(), name="report-comments"),
]
