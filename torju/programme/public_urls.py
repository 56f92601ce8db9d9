"""The public progress pages (no sign-in)."""

from django.urls import path

from torju.programme.views import public

app_name = "progress"
urlpatterns = [
    path("", public.public_progress_index, name="index"),
    path("<slug:slug>/", public.public_progress, name="programme"),
]
