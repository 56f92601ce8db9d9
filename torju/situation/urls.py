"""URLs of the situational picture (mounted at /situation/, namespace "situation")."""

from django.urls import URLPattern, path

from torju.situation import views

app_name = "situation"
urlpatterns: list[URLPattern] = [
    path("figures/", views.figures, name="figures"),
    path("figures/upload/", views.upload, name="upload"),
    path("figures/add/", views.add, name="add"),
    path("figures/<int:pk>/", views.history, name="history"),
    path("mappings/", views.mappings, name="mappings"),
    path("pictures/", views.pictures, name="pictures"),
    path("pictures/<int:pk>/", views.picture, name="picture"),
]
