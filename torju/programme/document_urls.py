"""Downloads of programme documents: the implementation report and meeting minutes."""

from django.urls import path

from torju.programme import document_views

app_name = "programme-documents"
urlpatterns = [
    path(
        "<slug:slug>/implementation-report.<str:fmt>",
        document_views.implementation_report_download,
        name="implementation_report",
    ),
    path("meetings/<int:pk>/minutes.<str:fmt>", document_views.minutes_download, name="minutes"),
]
