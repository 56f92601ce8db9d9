"""URLs of the statistics: the pages (`urlpatterns`, mounted at /statistics/, namespace "statistics"), the API
(`api_urlpatterns`, /api/statistics/, "statistics-api"), the public pages (`public_urlpatterns`,
/public/statistics/, "public_statistics") and the public API (`public_api_urlpatterns`, /api/public/releases/,
"public-statistics-api")."""

from django.urls import URLPattern, path

from torju.statistics import api, public_api, public_views, release_views, series_views, views

app_name = "statistics"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:year>/", views.review_page, name="review"),
    path("<int:year>/documents/", views.prepare_document, name="prepare_document"),
    path("<int:year>/statistics.json", views.public_json, name="public_json"),
    path("<int:year>/legal-path.json", views.legal_path_json, name="legal_path_json"),
    path("series/", series_views.series_page, name="series"),
    path("releases/", release_views.releases, name="releases"),
    path("releases/propose/", release_views.propose, name="propose_release"),
    path("releases/<int:pk>/", release_views.release, name="release"),
    path("releases/<int:pk>/approve/", release_views.approve, name="approve_release"),
    path("releases/<int:pk>/withdraw/", release_views.withdraw, name="withdraw_release"),
]

public_urlpatterns: list[URLPattern] = [
    path("", public_views.index, name="index"),
    path("<int:pk>/", public_views.release, name="release"),
    path("<int:pk>/data.json", public_views.data_json, name="data_json"),
    path("<int:pk>/<str:language>.<str:fmt>", public_views.download, name="download"),
]

public_api_urlpatterns: list[URLPattern] = [
    path("", public_api.PublicReleaseList.as_view(), name="releases"),
    path("<int:pk>/", public_api.PublicRelease.as_view(), name="release"),
]

api_urlpatterns: list[URLPattern] = [
    path("annual/<int:year>/", api.AnnualStatisticsView.as_view(), name="annual"),
]
