from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.OrganizationList.as_view(), name="list"),
    path("tree/", views.OrganizationTree.as_view(), name="tree"),
    path("new/", views.OrganizationCreate.as_view(), name="create"),
    path("<int:pk>/", views.OrganizationDetail.as_view(), name="detail"),
    path("<int:pk>/edit/", views.OrganizationUpdate.as_view(), name="update"),
    path("<int:pk>/delete/", views.OrganizationDelete.as_view(), name="delete"),
    path("<int:pk>/dissolve/", views.OrganizationDissolve.as_view(), name="dissolve"),
    path("<int:pk>/merge/", views.OrganizationMerge.as_view(), name="merge"),
    path("<int:pk>/split/", views.OrganizationSplit.as_view(), name="split"),
]
