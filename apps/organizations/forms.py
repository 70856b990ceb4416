"""Forms for the organization tree and its changes over time."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput, FastSelect, ScopedModelForm

from .choices import OrganizationOption, organization_options
from .models import PartyOrganization


class OrganizationSelect(FastSelect):
    """A select of organizations from one values query (see choices.py), cut when long
    if `shortened`."""

    shortened = False

    def option_pairs(self, chosen):
        options = organization_options(
            self.choices.queryset, shortened=self.shortened, selected=next(iter(chosen), None)
        )
        empty_label = self.choices.field.empty_label
        head = [("", empty_label)] if empty_label is not None else []
        return head + [(option.pk, option.label) for option in options]


class OrganizationChoiceField(forms.ModelChoiceField):
    """Organizations in tree order, indented, with their code: many cells share a name.

    `shortened` (for filters) offers only the committees when the list is long.
    """

    widget = OrganizationSelect

    def __init__(self, *args, shortened=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.shortened = shortened

    def label_from_instance(self, obj):
        return OrganizationOption(obj.pk, obj.name, obj.code, obj.depth).label


def chosen_organization(request, parameter="within"):
    """The organization the query string names, if the user sees it, and the choices.

    Pages with a plain "within" select (figures for a subtree) read it this way: an
    unknown or out-of-scope id simply means no choice, never an error page.
    """
    visible = PartyOrganization.objects.visible_to(request.user)
    field = OrganizationChoiceField(queryset=visible, required=False)
    try:
        chosen = field.clean(request.GET.get(parameter) or None)
    except ValidationError:
        chosen = None
    options = organization_options(visible, shortened=True, selected=chosen.pk if chosen else None)
    return chosen, options


class OrganizationMultipleChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = OrganizationChoiceField.label_from_instance


class OrganizationForm(ScopedModelForm):
    """Create or edit an organization; dissolution has its own action."""

    class Meta:
        model = PartyOrganization
        fields = ["code", "name", "kind", "parent", "commune", "founded_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"parent": OrganizationChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = self.fields["parent"].queryset.order_by("path")
        if self.user is not None and not self.user.is_superuser:
            # Only a superuser may create a new top of the tree.
            self.fields["parent"].required = True
        if self.instance.pk:
            # Offering the organization's own subtree as a parent invites a cycle.
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                path__startswith=self.instance.path
            )


class ActionForm(forms.Form):
    """Fields every tree change records: when it takes effect and on what decision."""

    effective_on = forms.DateField(label=_("Effective on"), widget=DateInput())
    decision = forms.CharField(
        label=_("Decision"),
        max_length=100,
        required=False,
        help_text=_("Number and date of the decision, e.g. 123-QĐ/HU."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organization, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.user = user

    def candidate_organizations(self):
        """Active organizations in the user's scope, other than the one acted on."""
        return (
            PartyOrganization.objects.visible_to(self.user)
            .active()
            .exclude(path__startswith=self.organization.path)
            .select_related("kind")
            .order_by("path")
        )


class DissolveForm(ActionForm):
    pass


class MergeForm(ActionForm):
    field_order = ["successor", "effective_on", "decision", "note"]

    successor = OrganizationChoiceField(
        label=_("Merged into"), queryset=PartyOrganization.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = self.candidate_organizations()


class SplitForm(ActionForm):
    field_order = ["successors", "effective_on", "decision", "note"]

    successors = OrganizationMultipleChoiceField(
        label=_("Split into"),
        queryset=PartyOrganization.objects.none(),
        help_text=_("Choose two or more organizations that take over its units and members."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successors"].queryset = self.candidate_organizations()

    def clean_successors(self):
        successors = self.cleaned_data["successors"]
        if len(successors) < 2:
            raise ValidationError(_("A split needs at least two successor organizations."))
        return successors
