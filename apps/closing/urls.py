from django.urls import path

from . import views

app_name = "closing"

urlpatterns = [
    path("", views.ApprovalList.as_view(), name="list"),
    path("approve/", views.ApproveView.as_view(), name="approve"),
    path("<int:pk>/reopen/", views.ReopenView.as_view(), name="reopen"),
]
