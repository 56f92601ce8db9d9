"""The public progress pages (no sign-in)."""

from django.urls import path

from torju.programme import views

app_name = "progress"
urlpatterns = [
    path("", views.public_progress_index, name="index"),
    path("<slug:slug>/", views.public_progress, name="programme"),
]
