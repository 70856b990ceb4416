"""Admin for inspections and supervisions, scoped like the pages."""

from django import forms
from django.contrib import admin

from apps.core.admin import ScopedAdmin

from .models import Inspection, InspectionSubject, Supervision, SupervisionSubject


class SubjectAdminForm(forms.ModelForm):
    """A member row needs no organization: the member's cell on the date is taken."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].required = False


class SubjectInline(admin.TabularInline):
    form = SubjectAdminForm
    extra = 0
    raw_id_fields = ["member", "organization"]
    readonly_fields = ["committee_level", "was_key_cadre"]
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "organization")


class InspectionSubjectInline(SubjectInline):
    model = InspectionSubject
    raw_id_fields = [*SubjectInline.raw_id_fields, "discipline"]


class SupervisionSubjectInline(SubjectInline):
    model = SupervisionSubject
    raw_id_fields = [*SubjectInline.raw_id_fields, "follow_up"]


class EventAdmin(ScopedAdmin):
    list_display = ["started_on", "decision_number", "performer", "body", "kind"]
    list_select_related = ["performer"]
    list_filter = ["performing_level", "body", "kind"]
    search_fields = ["decision_number", "content"]
    date_hierarchy = "started_on"
    readonly_fields = ["performing_level"]

    def get_queryset(self, request):
        # Changing an event belongs to the performer's scope, as on the pages.
        return self.model.objects.editable_by(request.user).select_related("performer")


@admin.register(Inspection)
class InspectionAdmin(EventAdmin):
    inlines = [InspectionSubjectInline]


@admin.register(Supervision)
class SupervisionAdmin(EventAdmin):
    inlines = [SupervisionSubjectInline]
