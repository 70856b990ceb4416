"""The panels this app adds to members' and organizations' pages."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from apps.core.panels import register_panel

from .models import InspectionSubject, SupervisionSubject

SUBJECT_MODELS = (InspectionSubject, SupervisionSubject)


def _subjects(request, **lookup):
    """Subjects of both kinds of work matching `lookup`, newest first (two queries)."""
    rows = []
    for model in SUBJECT_MODELS:
        rows += (
            model.objects.visible_to(request.user)
            .filter(**lookup)
            .select_related("event__performer", "organization")
        )
    rows.sort(key=lambda subject: (subject.event.started_on, subject.pk), reverse=True)
    return rows


def member_panel(member, request):
    return {"subjects": _subjects(request, member=member), "show_member_cell": True}


def organization_panel(organization, request):
    within = "?" + urlencode({"within": organization.pk})
    performer = "?" + urlencode({"performer": organization.pk})
    return {
        "subjects": _subjects(request, organization=organization, member__isnull=True),
        "links": [
            (reverse("oversight:inspection-list") + performer, _("Inspections it performed")),
            (reverse("oversight:supervision-list") + performer, _("Supervisions it performed")),
            (reverse("oversight:statistics") + within, _("Statistics of its subtree")),
        ],
    }


register_panel("members.PartyMember", "oversight/panels/subjects.html", member_panel)
register_panel(
    "organizations.PartyOrganization", "oversight/panels/subjects.html", organization_panel
)
