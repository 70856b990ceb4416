"""Forms for a model (with its renewal years in one text box) and its recognitions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ScopedModelForm
from apps.organizations.forms import OrganizationChoiceField

from .models import MobilizationModel, ModelRecognition, ModelStatus, check_years_active
from .services import parse_years, set_renewal_years


class MobilizationModelForm(ScopedModelForm):
    """A model and the years it was renewed, saved together or not at all."""

    renewal_years = forms.CharField(
        label=_("Years renewed and improved"),
        required=False,
        help_text=_("Years separated by commas, e.g. 2021, 2022; 2023."),
    )

    class Meta:
        model = MobilizationModel
        fields = [
            "name", "organization", "runner_kind", "runner_name", "field", "holder",
            "registered_year", "status", "ended_year", "renewal_years", "description",
        ]  # fmt: skip
        field_classes = {"organization": OrganizationChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = self.fields["organization"].queryset.order_by("path")
        if self.instance.pk and not self.is_bound:
            years = self.instance.renewals.values_list("year", flat=True)
            self.initial["renewal_years"] = ", ".join(str(year) for year in years)

    def clean_renewal_years(self):
        return parse_years(self.cleaned_data["renewal_years"])

    def clean(self):
        cleaned = super().clean()
        years, registered = cleaned.get("renewal_years"), cleaned.get("registered_year")
        # A year discontinued counts only for a discontinued model (the model says so).
        discontinued = cleaned.get("status") == ModelStatus.DISCONTINUED
        ended = cleaned.get("ended_year") if discontinued else None
        if years and registered and "ended_year" not in self.errors:
            try:
                check_years_active(years, registered, ended)
            except ValidationError as error:
                self.add_error("renewal_years", error)
        return cleaned

    def _save_m2m(self):
        # Runs after the model is saved, with commit=True or through save_m2m().
        super()._save_m2m()
        set_renewal_years(self.instance, self.cleaned_data["renewal_years"])


class RecognitionForm(ScopedModelForm):
    """A recognition of one model; the model comes from the page, not a choice."""

    class Meta:
        model = ModelRecognition
        fields = ["recognised_on", "title", "awarded_by", "decision"]

    def __init__(self, *args, model=None, **kwargs):
        super().__init__(*args, **kwargs)
        if model is not None:
            self.instance.model = model
