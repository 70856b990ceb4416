"""The panel this app adds to an organization's page: the models recorded in its subtree."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from apps.core.panels import register_panel

from .models import Holder, MobilizationModel, active_in_condition
from .statistics import latest_year

SHOWN = 10


def organization_panel(organization, request):
    """Counts for the subtree in its latest year with records, and its latest models:
    three queries however many models there are."""
    year = latest_year(request.user, organization)
    models = MobilizationModel.objects.visible_to(request.user).filter(
        organization__path__startswith=organization.path
    )
    counts = models.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=active_in_condition(year)),
        individuals=Count("pk", filter=Q(holder=Holder.INDIVIDUAL)),
    )
    list_url = reverse("mobilization:model-list")
    within = {"within": organization.pk}
    return {
        "counts": counts,
        "year": year,
        "latest": list(
            models.select_related("organization").order_by("-registered_year", "-pk")[:SHOWN]
        ),
        "list_url": f"{list_url}?{urlencode(within)}",
        "active_url": f"{list_url}?{urlencode({**within, 'active_in': year})}",
        "statistics_url": f"{reverse('mobilization:statistics')}?{urlencode(within)}",
    }


register_panel("organizations.PartyOrganization", "mobilization/panels/models.html",
               organization_panel, order=300)  # fmt: skip
