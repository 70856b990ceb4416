"""Forms for resolutions, their targets and the figures typed in by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ScopedModelForm
from apps.organizations.forms import OrganizationChoiceField

from .models import ManualValue, Resolution, Target
from .registry import all_indicators


class ResolutionForm(ScopedModelForm):
    class Meta:
        model = Resolution
        fields = [
            "organization",
            "kind",
            "number",
            "title",
            "adopted_on",
            "first_year",
            "last_year",
        ]
        field_classes = {"organization": OrganizationChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = self.fields["organization"].queryset.order_by("path")


class TargetForm(ScopedModelForm):
    """A target of one resolution; the resolution comes from the page."""

    class Meta:
        model = Target
        fields = ["indicator_code", "year", "direction", "value", "note"]

    def __init__(self, *args, resolution=None, **kwargs):
        super().__init__(*args, **kwargs)
        if resolution is not None:
            self.instance.resolution = resolution
            if not self.instance.pk and not self.is_bound:
                self.initial.setdefault("year", resolution.first_year)
        self.fields["value"].help_text = _("A number; for a percentage, e.g. 95 or 99.5.")


class ManualValueForm(ScopedModelForm):
    """A figure the records cannot give; who entered it is recorded by the page."""

    indicator_code = forms.ChoiceField(label=_("indicator"))

    class Meta:
        model = ManualValue
        fields = ["indicator_code", "organization", "year", "value", "source"]
        field_classes = {"organization": OrganizationChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = [
            (item.code, f"{item.code} — {item.label}") for item in all_indicators() if item.manual
        ]
        self.fields["organization"].queryset = self.fields["organization"].queryset.order_by("path")

    def save(self, commit=True):
        if self.user is not None:
            self.instance.entered_by = self.user
        return super().save(commit)
