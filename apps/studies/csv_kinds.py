"""Study topics, sessions and attendance lists as CSV kinds (see apps/exchange)."""

from apps.exchange.columns import RecordsColumn
from apps.exchange.registry import CsvKind, register

from .models import Attendance, StudySession, StudyTopic

register(
    CsvKind(
        "study_topics",
        StudyTopic,
        order=400,
        columns={"inspections": RecordsColumn("inspections", header="inspection_uids")},
    )
)
# The count the app made and whether a list was recorded are kept as they were.
register(
    CsvKind(
        "study_sessions", StudySession, order=410, extra=("members_counted", "has_attendance_list")
    )
)
# A list belongs to its session: only the organizer's scope writes it.
register(CsvKind("attendance", Attendance, order=420, write_scope=("session__organizer__path",)))
