"""Approvals in the admin: shown, never edited; the history must stay as it was."""

from django.contrib import admin

from .models import YearApproval


@admin.register(YearApproval)
class YearApprovalAdmin(admin.ModelAdmin):
    list_display = ["year", "organization", "approved_by", "approved_at", "reopened_by",
                    "reopened_at"]  # fmt: skip
    list_filter = ["year", ("reopened_at", admin.EmptyFieldListFilter)]
    list_select_related = ["organization", "approved_by", "reopened_by"]
    search_fields = ["organization__name", "organization__code", "note", "reopen_reason"]
    ordering = ["-year", "organization__path", "-approved_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False  # approving has its own page, with its permission and confirmation

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
