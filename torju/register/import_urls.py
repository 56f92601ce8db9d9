"""Register import from the web, included under register/import/ with the namespace register_import."""

from django.urls import path

from torju.register.views import jobs

app_name = "register_import"
urlpatterns = [
    path("", jobs.upload, name="upload"),
    path("<int:pk>/", jobs.job, name="job"),
    path("<int:pk>/progress/", jobs.progress, name="progress"),
]
