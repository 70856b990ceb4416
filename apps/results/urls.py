from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("", views.ReviewView.as_view(), name="review"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("indicators/", views.IndicatorList.as_view(), name="indicators"),
    path("resolutions/", views.ResolutionList.as_view(), name="resolution-list"),
    path("resolutions/new/", views.ResolutionCreate.as_view(), name="resolution-create"),
    path("resolutions/<int:pk>/", views.ResolutionDetail.as_view(), name="resolution-detail"),
    path("resolutions/<int:pk>/edit/", views.ResolutionUpdate.as_view(), name="resolution-update"),
    path(
        "resolutions/<int:pk>/delete/", views.ResolutionDelete.as_view(), name="resolution-delete"
    ),
    path(
        "resolutions/<int:resolution_pk>/targets/new/",
        views.TargetCreate.as_view(),
        name="target-create",
    ),
    path("targets/<int:pk>/edit/", views.TargetUpdate.as_view(), name="target-update"),
    path("targets/<int:pk>/delete/", views.TargetDelete.as_view(), name="target-delete"),
    path("figures/", views.ManualValueList.as_view(), name="value-list"),
    path("figures/new/", views.ManualValueCreate.as_view(), name="value-create"),
    path("figures/<int:pk>/edit/", views.ManualValueUpdate.as_view(), name="value-update"),
    path("figures/<int:pk>/delete/", views.ManualValueDelete.as_view(), name="value-delete"),
]
