"""Forms for the register: the profile, admission, lifecycle actions and side records."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput, ScopedModelForm
from apps.organizations.forms import OrganizationChoiceField
from apps.organizations.models import PartyOrganization

from .models import (
    Badge,
    Candidate,
    Discipline,
    MemberRating,
    OrganizationRating,
    PartyMember,
    Position,
)

# Fields only users with the `members.view_personal_data` permission see or change.
PERSONAL_FIELDS = ["birth_date", "place_of_origin", "residence", "ethnicity", "religion"]

PROFILE_FIELDS = [
    "family_name", "given_name", "other_name", "gender", "birth_date", "place_of_origin",
    "residence", "ethnicity", "religion", "education", "expertise", "political_theory",
    "occupation", "personal_id", "card_number", "old_card_number", "admission_decided_on",
    "notes",
]  # fmt: skip


def sees_personal_data(user) -> bool:
    return user is not None and user.has_perm("members.view_personal_data")


def cells_for(user, day=None):
    """Cells the user may place a member in: visible, member-holding, still active."""
    day = day or datetime.date.today()
    return (
        PartyOrganization.objects.visible_to(user)
        .filter(kind__holds_members=True)
        .active_on(day)
        .order_by("path")
    )


class MemberProfileForm(ScopedModelForm):
    """The register's profile fields; lifecycle fields change only through actions."""

    class Meta:
        model = PartyMember
        fields = PROFILE_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not sees_personal_data(self.user):
            for name in PERSONAL_FIELDS:
                self.fields.pop(name, None)


class AdmissionForm(MemberProfileForm):
    cell = OrganizationChoiceField(label=_("Party cell"), queryset=PartyOrganization.objects.none())
    admitted_on = forms.DateField(
        label=_("Admission date"),
        widget=DateInput(),
        help_text=_("The admission ceremony; probation counts from it."),
    )
    decision = forms.CharField(label=_("Decision"), max_length=100, required=False)

    field_order = ["cell", "admitted_on", "admission_decided_on", "decision"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells_for(self.user)

    def _post_clean(self):
        # The service validates the member when it admits them; skip the model form's
        # own instance validation, which would miss the lifecycle fields.
        pass


class ActionForm(forms.Form):
    """Base of the lifecycle actions' small forms."""

    def __init__(self, *args, member, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()


def _on(label):
    return forms.DateField(label=label)


def _decision():
    return forms.CharField(label=_("Decision"), max_length=100, required=False)


def _note():
    return forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecognitionForm(ActionForm):
    on = _on(_("Official since"))
    decision = _decision()
    note = _note()


class TransferForm(ActionForm):
    to_cell = OrganizationChoiceField(
        label=_("To party cell"), queryset=PartyOrganization.objects.none()
    )
    on = _on(_("Transfer date"))
    decision = _decision()
    note = _note()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_cell"].queryset = cells_for(self.user).exclude(pk=self.member.cell_id)


class TransferOutForm(ActionForm):
    on = _on(_("Transfer date"))
    destination = forms.CharField(label=_("Destination"), max_length=200)
    decision = _decision()
    note = _note()


class DeathForm(ActionForm):
    on = _on(_("Date of death"))
    note = _note()


class RemovalForm(ActionForm):
    on = _on(_("Removal date"))
    decision = _decision()
    note = _note()


class ExpulsionForm(ActionForm):
    on = _on(_("Expulsion date"))
    deciding_body = forms.CharField(label=_("Deciding body"), max_length=200)
    decision = _decision()
    note = _note()


class ExemptionForm(ActionForm):
    start = _on(_("From"))
    end = forms.DateField(label=_("Until"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class EndExemptionForm(ActionForm):
    on = _on(_("Exemption ends on"))


class MemberRecordForm(ScopedModelForm):
    """A record attached to one member (position, rating, badge, discipline)."""

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.member = member

    def _get_validation_exclusions(self):
        # The member is not a form field but is set: check "one rating a year" and the like.
        exclude = super()._get_validation_exclusions()
        exclude.discard("member")
        return exclude


class PositionForm(MemberRecordForm):
    class Meta:
        model = Position
        fields = ["role", "organization", "started_on", "ended_on"]
        field_classes = {"organization": OrganizationChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A key cadre is managed by a committee above the member's own: any organization.
        self.fields["organization"].queryset = PartyOrganization.objects.order_by("path")


class MemberRatingForm(MemberRecordForm):
    class Meta:
        model = MemberRating
        fields = ["year", "grade"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1930 <= year <= datetime.date.today().year:
            raise ValidationError(_("Enter a year between 1930 and this year."))
        return year


class BadgeForm(MemberRecordForm):
    class Meta:
        model = Badge
        fields = ["years", "awarded_on", "decision"]


class DisciplineForm(MemberRecordForm):
    class Meta:
        model = Discipline
        fields = ["form", "decided_on", "deciding_body", "decision", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Expulsion ends the membership: it has its own action.
        self.fields["form"].choices = [
            choice
            for choice in self.fields["form"].choices
            if choice[0] != Discipline.Form.EXPULSION
        ]


class CandidateForm(ScopedModelForm):
    class Meta:
        model = Candidate
        fields = [
            "family_name", "given_name", "gender", "birth_date", "organization",
            "identified_on", "sympathiser_on", "course_completed_on", "dropped_on", "notes",
        ]  # fmt: skip
        field_classes = {"organization": OrganizationChoiceField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = cells_for(self.user)


class OrganizationRatingForm(ScopedModelForm):
    class Meta:
        model = OrganizationRating
        fields = ["organization", "year", "grade"]
        field_classes = {"organization": OrganizationChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = self.fields["organization"].queryset.order_by("path")

    clean_year = MemberRatingForm.clean_year
