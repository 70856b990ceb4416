from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("two-step/", views.TwoFactorView.as_view(), name="two_factor"),
    path("two-step/code/", views.VerifyView.as_view(), name="verify"),
]
