from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("", views.ExchangeIndex.as_view(), name="index"),
    path("<slug:kind>/export/", views.ExchangeExport.as_view(), name="export"),
    path("<slug:kind>/import/", views.ExchangeImportUpload.as_view(), name="import"),
    path(
        "<slug:kind>/import/<int:pk>/",
        views.ExchangeImportPreview.as_view(),
        name="import-preview",
    ),
]
