from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "mobilization"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="mobilization:model-list"), name="index"),
    path("models/", views.ModelList.as_view(), name="model-list"),
    path("models/new/", views.ModelCreate.as_view(), name="model-create"),
    path("models/<int:pk>/", views.ModelDetail.as_view(), name="model-detail"),
    path("models/<int:pk>/edit/", views.ModelUpdate.as_view(), name="model-update"),
    path("models/<int:pk>/delete/", views.ModelDelete.as_view(), name="model-delete"),
    path(
        "models/<int:model_pk>/recognitions/new/",
        views.RecognitionCreate.as_view(),
        name="recognition-create",
    ),
    path(
        "recognitions/<int:pk>/edit/",
        views.RecognitionUpdate.as_view(),
        name="recognition-update",
    ),
    path(
        "recognitions/<int:pk>/delete/",
        views.RecognitionDelete.as_view(),
        name="recognition-delete",
    ),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
]
