from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "oversight"


def work_patterns(prefix, segment, pages):
    """The same URLs for inspections and supervisions, named '<prefix>-<page>'."""
    routes = {
        "list": "",
        "create": "new/",
        "subject-list": "subjects/",
        "subject-update": "subjects/<int:pk>/edit/",
        "subject-delete": "subjects/<int:pk>/delete/",
        "detail": "<int:pk>/",
        "update": "<int:pk>/edit/",
        "delete": "<int:pk>/delete/",
        "subject-create-organization": "<int:event_pk>/subjects/organization/",
        "subject-create-member": "<int:event_pk>/subjects/member/",
        "subject-add-cell": "<int:event_pk>/subjects/cell/",
        "subject-import": "<int:event_pk>/subjects/import/",
        "subject-import-preview": "<int:event_pk>/subjects/import/<int:pk>/",
    }
    return [
        path(f"{segment}/{route}", pages[page].as_view(), name=f"{prefix}-{page}")
        for page, route in routes.items()
    ]


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="oversight:inspection-list"), name="index"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    *work_patterns("inspection", "inspections", views.INSPECTION_VIEWS),
    *work_patterns("supervision", "supervisions", views.SUPERVISION_VIEWS),
]
