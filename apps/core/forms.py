"""Form pieces shared by every app: dd/mm/yyyy dates and organization scope."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMAT = "%d/%m/%Y"


class DateInput(forms.DateInput):
    """A plain text box that shows and accepts dd/mm/yyyy, as clerks type it."""

    def __init__(self, attrs=None):
        attrs = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", **(attrs or {})}
        super().__init__(attrs=attrs, format=DATE_INPUT_FORMAT)


def restrict_choices_to_scope(form, user):
    """Limit every choice of a scoped model to what `user` may see.

    The value already on the instance stays selectable, so that a clerk can edit a
    record whose parent lies outside their scope without being forced to change it.
    """
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not hasattr(queryset, "visible_to"):
            continue
        visible = queryset.visible_to(user)
        current = form.initial.get(name)
        if current and not isinstance(current, list | tuple):
            visible = visible | queryset.filter(pk=getattr(current, "pk", current))
        field.queryset = visible.distinct()


class ScopedModelForm(forms.ModelForm):
    """A model form that knows its user: choices are cut to the user's scope."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput(attrs=field.widget.attrs)
        if user is not None:
            restrict_choices_to_scope(self, user)
