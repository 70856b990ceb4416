"""Admin for study topics and sessions, scoped like the pages."""

from django.contrib import admin

from apps.core.admin import ScopedAdmin

from .models import Attendance, StudySession, StudyTopic
from .services import resync_attendance


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
    """Shown, not edited: a list is recorded on the session's page, which keeps the counts."""

    model = Attendance
    extra = 0
    fields = ["member", "organization", "present", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

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

    def get_readonly_fields(self, request, obj=None):
        """A listed session's counts come from its list."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.has_attendance_list:
            fields += ["member_visits", "members_expected"]
        return fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"organizer", "held_on"} & set(form.changed_data):
            resync_attendance(obj)
