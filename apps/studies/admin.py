"""Admin for study topics and sessions, scoped like the pages."""

from django.contrib import admin

from apps.core.admin import ScopedAdmin

from .models import Attendance, StudySession, StudyTopic


@admin.register(StudyTopic)
class StudyTopicAdmin(ScopedAdmin):
    list_display = ["title", "short_title", "kind", "year", "term", "issuing_body", "owner"]
    list_filter = ["kind", "year"]
    search_fields = ["title"]
    filter_horizontal = ["inspections"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")

    def has_change_permission(self, request, obj=None):
        """Topics kept above the user's organization are read-only for them."""
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return StudyTopic.objects.editable_by(request.user).filter(pk=obj.pk).exists()

    has_delete_permission = has_change_permission


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["member", "organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "organization")


@admin.register(StudySession)
class StudySessionAdmin(ScopedAdmin):
    list_display = [
        "held_on", "topic", "organizer", "attendee_visits", "member_visits", "members_expected",
        "has_attendance_list",
    ]  # fmt: skip
    list_filter = ["topic__kind", "format", "has_attendance_list"]
    search_fields = ["title"]
    date_hierarchy = "held_on"
    readonly_fields = ["members_counted", "has_attendance_list"]
    inlines = [AttendanceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("topic", "organizer")
