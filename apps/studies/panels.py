"""The panels this app adds to inspections' and members' pages."""

from apps.core.panels import register_panel

from .models import Attendance


def inspection_panel(inspection, request):
    topics = list(inspection.study_topics.visible_to(request.user).order_by("-year", "title"))
    return {"topics": topics} if topics else None


def member_panel(member, request):
    rows = (
        Attendance.objects.visible_to(request.user)
        .filter(member=member)
        .select_related("session__topic", "session__organizer")
        .order_by("-session__held_on", "-pk")[:20]
    )
    return {"rows": list(rows)}


register_panel("oversight.Inspection", "studies/panels/inspection_topics.html", inspection_panel)
register_panel("members.PartyMember", "studies/panels/member_attendance.html", member_panel)
