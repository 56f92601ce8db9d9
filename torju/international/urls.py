"""URLs of international reporting (mounted at /international/, namespace "international")."""

from django.urls import URLPattern, path

from torju.international import views

app_name = "international"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("report/", views.report, name="report"),
    path("ctdc/", views.ctdc_page, name="ctdc"),
    path("ctdc/download/", views.ctdc_download, name="ctdc_download"),
    path("global-picture/", views.picture, name="picture"),
    path("global-picture/import/", views.import_dataset, name="import_ctdc"),
]
