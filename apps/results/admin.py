"""Admin for resolutions (targets inline) and typed-in figures, scoped like the pages."""

from django.contrib import admin

from apps.core.admin import ScopedAdmin

from .models import ManualValue, Resolution, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Resolution)
class ResolutionAdmin(ScopedAdmin):
    list_display = ["title", "number", "kind", "organization", "first_year", "last_year"]
    list_select_related = ["organization"]
    list_filter = ["kind", "first_year"]
    search_fields = ["title", "number"]
    ordering = ["-first_year", "organization__path"]
    inlines = [TargetInline]


@admin.register(ManualValue)
class ManualValueAdmin(ScopedAdmin):
    list_display = ["indicator_code", "organization", "year", "value", "entered_by", "entered_at"]
    list_select_related = ["organization", "entered_by"]
    list_filter = ["year", "indicator_code"]
    readonly_fields = ["entered_by", "entered_at"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)
