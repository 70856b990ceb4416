"""Forms for events and their subjects; one set serves inspections and supervisions."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ScopedModelForm
from apps.members.models import Discipline, Membership, PartyMember
from apps.organizations.forms import OrganizationChoiceField
from apps.organizations.models import PartyOrganization

from .services import check_subjects_fit, refresh_member_snapshots

EVENT_FIELDS = [
    "performer", "body", "kind", "decision_number", "decided_on", "started_on", "ended_on",
    "period_start", "period_end", "content", "summary",
]  # fmt: skip


class EventForm(ScopedModelForm):
    """An inspection or supervision; its subjects are added on the event's page.

    Changing the start date or the performer of an event that has subjects checks the
    subjects still fit: members active on the new date, everyone under the performer.
    """

    class Meta:
        fields = EVENT_FIELDS
        field_classes = {"performer": OrganizationChoiceField}
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_update = self.instance.pk is not None
        self.fields["performer"].queryset = (
            self.fields["performer"].queryset.select_related("kind").order_by("path")
        )

    def clean(self):
        cleaned = super().clean()
        performer, day = cleaned.get("performer"), cleaned.get("started_on")
        changed = {"started_on", "performer"} & set(self.changed_data)
        if self.is_update and changed and performer and day:
            try:
                check_subjects_fit(self.instance, performer, day)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def save(self, commit=True):
        event = super().save(commit)
        if self.is_update and "started_on" in self.changed_data:
            refresh_member_snapshots(event)
        return event


def event_form(model):
    return modelform_factory(model, form=EventForm)


class SubjectForm(ScopedModelForm):
    """One subject of `event`; the event is fixed by the page, not chosen."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.instance.event = event
        if "discipline" in self.fields:
            if self.instance.member_id:
                disciplines = Discipline.objects.filter(member_id=self.instance.member_id)
            else:
                disciplines = Discipline.objects.filter(
                    member__cell__path__startswith=event.performer.path
                )
            field = self.fields["discipline"]
            field.queryset = disciplines.select_related("member").order_by("-decided_on")
            field.label_from_instance = lambda discipline: f"{discipline.member}: {discipline}"


class OrganizationSubjectForm(SubjectForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.help_text = ""
        field.queryset = (
            field.queryset.filter(path__startswith=self.event.performer.path)
            .exclude(pk=self.event.performer_id)
            .order_by("path")
        )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        card = f", {obj.card_number}" if obj.card_number else ""
        return f"{obj.full_name} ({obj.cell.name}{card})"


class MemberSubjectForm(SubjectForm):
    """A member subject: on creation any member active under the performer on the date."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        field.required = True
        if self.instance.pk:
            field.disabled = True
            field.queryset = PartyMember.objects.filter(pk=self.instance.member_id)
        else:
            active_under = Membership.objects.on(self.event.started_on).filter(
                organization__path__startswith=self.event.performer.path
            )
            field.queryset = (
                field.queryset.filter(pk__in=active_under.values("member_id"))
                .select_related("cell")
                .order_by("name_sort_key", "pk")
            )


def subject_forms(subject_model):
    """The organization-subject and member-subject forms of one subject model."""
    own = {field.name for field in subject_model._meta.fields}
    # What may follow the conclusion: discipline (of a member, or of an organization)
    # after an inspection, a follow-up inspection after a supervision.
    organization_outcome = [
        name
        for name in ("discipline_required", "organization_discipline", "follow_up")
        if name in own
    ]
    member_outcome = [
        name for name in ("discipline_required", "discipline", "follow_up") if name in own
    ]
    widgets = {"note": forms.Textarea(attrs={"rows": 2})}
    organization_fields = ["organization", "conclusion", *organization_outcome, "note"]
    member_fields = ["member", "conclusion", *member_outcome, "note"]
    organization_form = modelform_factory(
        subject_model,
        form=OrganizationSubjectForm,
        fields=organization_fields,
        widgets=widgets,
        field_classes={"organization": OrganizationChoiceField},
    )
    member_form = modelform_factory(
        subject_model,
        form=MemberSubjectForm,
        fields=member_fields,
        widgets=widgets,
        field_classes={"member": MemberChoiceField},
    )
    return organization_form, member_form


class CellMembersForm(forms.Form):
    """Add every member of one cell, as of the event's start date, with one conclusion."""

    cell = OrganizationChoiceField(label=_("Party cell"), queryset=PartyOrganization.objects.none())

    def __init__(self, *args, event, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["cell"].queryset = (
            PartyOrganization.objects.visible_to(user)
            .filter(path__startswith=event.performer.path, kind__holds_members=True)
            .order_by("path")
        )
        conclusion = event.subject_model()._meta.get_field("conclusion")
        self.fields["conclusion"] = forms.ChoiceField(
            label=_("Conclusion for each of them"),
            choices=conclusion.choices,
            initial=conclusion.default,
            help_text=_("You can change any one of them afterwards."),
        )

    def clean_cell(self):
        cell = self.cleaned_data["cell"]
        if cell.founded_on and cell.founded_on > self.event.started_on:
            raise ValidationError(_("This cell did not exist on the start date."))
        return cell
