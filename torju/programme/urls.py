"""Programme pages for the coordinator and the reporters."""

from django.urls import path

from torju.programme import measure_io_views
from torju.programme.views import meetings, programmes, reporting, texts

app_name = "programme"
urlpatterns = [
    path("", programmes.programme_list, name="index"),
    path("new/", programmes.programme_new, name="programme_new"),
    path("import/", programmes.programme_import, name="programme_import"),
    path("my-reports/", reporting.my_reports, name="my_reports"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_edit, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("rounds/<int:pk>/", reporting.round_detail, name="round"),
    path("rounds/<int:pk>/close/", reporting.round_close, name="round_close"),
    path("rounds/<int:pk>/measures/<int:number>/report/", reporting.report_edit, name="report_edit"),
    path("reports/<int:pk>/", reporting.report_detail, name="report"),
    path("reports/<int:pk>/comment/", reporting.report_comment, name="report_comment"),
    path("<slug:slug>/", programmes.programme_detail, name="detail"),
    path("<slug:slug>/dashboard/", programmes.dashboard, name="dashboard"),
    path("<slug:slug>/rounds/new/", reporting.round_new, name="round_new"),
    path("<slug:slug>/measures/<int:number>/", programmes.measure_detail, name="measure"),
    path("<slug:slug>/measures.<str:fmt>", measure_io_views.measures_export, name="measures_export"),
    path("<slug:slug>/measures/import/", measure_io_views.measures_import, name="measures_import"),
    path("<slug:slug>/measures/<int:number>/texts/", texts.measure_texts, name="measure_texts"),
    path("<slug:slug>/objectives/<int:number>/texts/", texts.objective_texts, name="objective_texts"),
    path(
        "<slug:slug>/measures/<int:number>/priority-areas/",
        programmes.measure_priority_areas,
        name="measure_priority_areas",
    ),
]
