"""The approval form (with its confirmation step) and the reopening form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.organizations.forms import OrganizationChoiceField
from apps.organizations.models import PartyOrganization

from .locks import approval_message
from .models import FIRST_YEAR, YearApproval
from .services import check_year, organizations_to_approve


class ApprovalForm(forms.Form):
    """Which organization's results, for which year; confirmed on a second step."""

    organization = OrganizationChoiceField(
        label=_("Organization"), queryset=PartyOrganization.objects.none()
    )
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the meeting or the decision that approved the results."),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations_to_approve(user).select_related("kind").order_by("path")
        )
        self.fields["year"].widget.attrs.update(inputmode="numeric")
        self.fields["year"].localize = False

    def clean_year(self):
        year = self.cleaned_data["year"]
        check_year(year)
        return year

    def clean(self):
        cleaned = super().clean()
        organization, year = cleaned.get("organization"), cleaned.get("year")
        if organization and year:
            current = (
                YearApproval.objects.current()
                .filter(organization=organization, year=year)
                .select_related("organization", "approved_by")
                .first()
            )
            if current is not None:
                raise ValidationError(approval_message(current))
        return cleaned


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with the approval, for everyone who sees it."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for reopening the year."))
        return reason
