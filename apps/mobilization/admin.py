"""Admin for the “Dân vận khéo” models, scoped like the pages, renewals and recognitions inline."""

from django.contrib import admin

from apps.core.admin import ScopedAdmin

from .models import MobilizationModel, ModelRecognition, ModelRenewal


class RenewalInline(admin.TabularInline):
    model = ModelRenewal
    extra = 0


class RecognitionInline(admin.TabularInline):
    model = ModelRecognition
    extra = 0


@admin.register(MobilizationModel)
class MobilizationModelAdmin(ScopedAdmin):
    list_display = ["name", "organization", "runner_kind", "field", "holder", "level",
                    "registered_year", "status"]  # fmt: skip
    list_select_related = ["organization"]
    list_filter = ["field", "runner_kind", "holder", "level", "status", "registered_year"]
    search_fields = ["name", "runner_name"]
    ordering = ["organization__path", "name_sort_key"]
    readonly_fields = ["level"]
    inlines = [RenewalInline, RecognitionInline]
