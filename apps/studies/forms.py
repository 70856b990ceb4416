"""Forms for topics, sessions and attendance lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ScopedModelForm
from apps.organizations.forms import OrganizationChoiceField
from apps.oversight.models import Inspection

from .models import StudySession, StudyTopic
from .services import resync_attendance


class InspectionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.started_on:%d/%m/%Y} — {obj}"


class TopicForm(ScopedModelForm):
    """A catalogue entry; the inspections offered are those the user may change."""

    class Meta:
        model = StudyTopic
        fields = [
            "kind", "title", "short_title", "year", "term", "issuing_body", "document_number",
            "issued_on", "owner", "description", "inspections",
        ]  # fmt: skip
        field_classes = {"owner": OrganizationChoiceField, "inspections": InspectionChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "inspections": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.order_by("path")
        if self.user is not None and not self.instance.pk:
            self.fields["owner"].initial = self.user.home_organization_id
        self.fields["inspections"].queryset = (
            Inspection.objects.editable_by(self.user)
            .select_related("performer")
            .order_by("-started_on", "-pk")
        )
        self.fields["inspections"].help_text = _(
            "Inspections or checks of how this topic was studied and carried out."
        )

    def save(self, commit=True):
        """Links to inspections the user may not change stay as they were."""
        hidden = []
        if self.instance.pk:
            offered = self.fields["inspections"].queryset
            hidden = list(self.instance.inspections.exclude(pk__in=offered.values("pk")))
        topic = super().save(commit)
        if commit and hidden:
            topic.inspections.add(*hidden)
        return topic


class SessionForm(ScopedModelForm):
    """A session. Left empty, the number expected is counted from the member records.

    With an attendance list the two member counts come from the list and cannot be
    typed; moving the session to another date or organizer rebuilds the list.
    """

    class Meta:
        model = StudySession
        fields = [
            "topic", "organizer", "held_on", "title", "format", "connected_points",
            "attendee_visits", "member_visits", "members_expected", "note",
        ]  # fmt: skip
        field_classes = {"organizer": OrganizationChoiceField}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = (
            self.fields["organizer"].queryset.select_related("kind").order_by("path")
        )
        self.fields["topic"].queryset = self.fields["topic"].queryset.order_by("-year", "title")
        self.fields["members_expected"].required = False
        if self.instance.has_attendance_list:
            for name in ("member_visits", "members_expected"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Counted from the attendance list.")

    def clean(self):
        cleaned = super().clean()
        organizer, day = cleaned.get("organizer"), cleaned.get("held_on")
        moved = {"organizer", "held_on"} & set(self.changed_data)
        if organizer and day and (moved or not self.instance.members_counted):
            self.instance.organizer, self.instance.held_on = organizer, day
            self.instance.members_counted = self.instance.count_expected_members()
        if cleaned.get("members_expected") is None and not self.instance.has_attendance_list:
            cleaned["members_expected"] = self.instance.members_counted
            self.instance.members_expected = self.instance.members_counted
        return cleaned

    def save(self, commit=True):
        moved = {"organizer", "held_on"} & set(self.changed_data)
        session = super().save(commit)
        if commit and moved and session.has_attendance_list:
            session = resync_attendance(session)
        return session


class AttendanceForm(forms.Form):
    """Who came: one tick per expected member, a reason for those absent."""

    attendee_visits = forms.IntegerField(
        label=_("Attendee-visits"),
        min_value=0,
        help_text=_("Everyone who attended, members or not (lượt đại biểu)."),
    )
    present = forms.TypedMultipleChoiceField(
        label=_("Present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster
        self.fields["present"].choices = [(row.member_id, str(row.member)) for row in roster]

    def clean(self):
        cleaned = super().clean()
        present = cleaned.get("present") or []
        visits = cleaned.get("attendee_visits")
        if visits is not None and visits < len(present):
            self.add_error(
                "attendee_visits",
                _(
                    "%(present)d members are ticked present, so attendee-visits cannot be "
                    "fewer than %(present)d."
                )
                % {"present": len(present)},
            )
        cleaned["notes"] = {
            row.member_id: self.data.get(f"note-{row.member_id}", "").strip()[:200]
            for row in self.roster
        }
        return cleaned
