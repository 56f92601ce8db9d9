"""Programme pages for the coordinator and the reporters."""

from django.urls import path

from torju.programme import measure_io_views, views

app_name = "programme"
urlpatterns = [
    path("", views.programme_list, name="index"),
    path("new/", views.programme_new, name="programme_new"),
    path("import/", views.programme_import, name="programme_import"),
    path("my-reports/", views.my_reports, name="my_reports"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_edit, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("rounds/<int:pk>/measures/<int:number>/report/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/comment/", views.report_comment, name="report_comment"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:slug>/rounds/new/", views.round_new, name="round_new"),
    path("<slug:slug>/measures/<int:number>/", views.measure_detail, name="measure"),
    path("<slug:slug>/measures.<str:fmt>", measure_io_views.measures_export, name="measures_export"),
    path("<slug:slug>/measures/import/", measure_io_views.measures_import, name="measures_import"),
    path(
        "<slug:slug>/measures/<int:number>/priority-areas/", views.measure_priority_areas, name="measure_priority_areas"
    ),
]
