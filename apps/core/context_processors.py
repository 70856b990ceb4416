"""Navigation shared by every page."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (URL name, label). An area whose pages do not exist yet is shown but not linked.
AREAS = [
    ("organizations:list", _("Organizations")),
    ("members:list", _("Party members")),
    ("oversight:index", _("Inspection and supervision")),
    ("studies:session-list", _("Political study")),
    ("mobilization:model-list", _("Mass mobilization")),
    ("results:review", _("Yearly results")),
    ("exchange:index", _("CSV data")),
]


def navigation(request):
    items = []
    for url_name, label in AREAS:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            url = None
        # Every page of an area's app marks the area, whatever the URL it starts from.
        match = getattr(request, "resolver_match", None)
        active = bool(url) and match is not None and match.app_name == url_name.split(":")[0]
        items.append({"label": label, "url": url, "active": active})
    return {"navigation": items}
