"""The programme's documents: the implementation report (prepared in the background) and meeting minutes."""

from django.urls import path

from torju.programme import document_views

app_name = "programme-documents"
urlpatterns = [
    path("<slug:slug>/implementation-report/", document_views.implementation_report, name="implementation_report"),
    path("meetings/<int:pk>/minutes.<str:fmt>", document_views.minutes_download, name="minutes"),
]
