from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from apps.core.views import HomeView

admin.site.site_header = _("Thoại Sơn party records")
admin.site.site_title = _("Thoại Sơn party records")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/", include("apps.accounts.urls")),
    path("accounts/", include("apps.security.urls")),
    # The language switch works on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("organizations/", include("apps.organizations.urls")),
    path("members/", include("apps.members.urls")),
    path("oversight/", include("apps.oversight.urls")),
    path("studies/", include("apps.studies.urls")),
    path("mobilization/", include("apps.mobilization.urls")),
    path("results/", include("apps.results.urls")),
    path("closing/", include("apps.closing.urls")),
    path("data/", include("apps.exchange.urls")),
    path("audit/", include("apps.audit.urls")),
    path("admin/", admin.site.urls),
]
