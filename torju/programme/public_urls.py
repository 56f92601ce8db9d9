"""The public progress pages (no sign-in)."""

from django.urls import path

from torju.programme.views import public

app_name = "progress"
urlpatterns = [
    path("", public.public_progress_index, name="index"),
    path("<slug:slug>/", public.public_progress, name="programme"),
    path("<slug:slug>/measures/<int:number>/", public.public_measure, name="measure"),
    path("<slug:slug>/reports/<int:pk>/", public.public_publication, name="publication"),
    path(
        "<slug:slug>/reports/<int:pk>/<str:language>.<str:fmt>",
        public.public_publication_download,
        name="publication_download",
    ),
]
