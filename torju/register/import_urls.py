"""Register import from the web, included under register/import/ with the namespace register_import."""

from django.urls import path

from torju.register import import_views

app_name = "register_import"
urlpatterns = [
    path("", import_views.upload, name="upload"),
    path("<int:pk>/", import_views.job, name="job"),
    path("<int:pk>/progress/", import_views.progress, name="progress"),
]
