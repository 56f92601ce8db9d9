"""URLs of the annual statistics: the pages (`urlpatterns`, mounted at /statistics/, namespace
"statistics") and the API (`api_urlpatterns`, mounted at /api/statistics/, namespace "statistics-api")."""

from django.urls import URLPattern, path

from torju.statistics import api, views

app_name = "statistics"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:year>/", views.review_page, name="review"),
    path("<int:year>/documents/", views.prepare_document, name="prepare_document"),
    path("<int:year>/statistics.json", views.public_json, name="public_json"),
]

api_urlpatterns: list[URLPattern] = [
    path("annual/<int:year>/", api.AnnualStatisticsView.as_view(), name="annual"),
]
