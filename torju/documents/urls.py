"""Documents prepared in the background, included under documents/ with the namespace documents."""

from django.urls import path

from torju.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/download/", views.download, name="download"),
]
