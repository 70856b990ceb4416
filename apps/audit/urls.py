from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.AllChangesView.as_view(), name="list"),
    path("<str:kind>/<int:pk>/", views.RecordHistoryView.as_view(), name="record"),
]
