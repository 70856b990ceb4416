"""Form pieces shared by every app: dd/mm/yyyy dates, organization scope, closed years."""

from html import escape

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from apps.closing import locks

DATE_INPUT_FORMAT = "%d/%m/%Y"


class DateInput(forms.DateInput):
    """A plain text box that shows and accepts dd/mm/yyyy, as clerks type it."""

    def __init__(self, attrs=None):
        attrs = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", **(attrs or {})}
        super().__init__(attrs=attrs, format=DATE_INPUT_FORMAT)


def options_html(choices, chosen) -> str:
    """`<option>` elements of (value, label) pairs, those whose value is in `chosen`
    selected, escaped with the standard library's `escape` (which Django's calls)."""
    chosen = {str(value) for value in chosen}
    return mark_safe(
        "".join(
            f'<option value="{escape(str(value))}"'
            f"{' selected' if str(value) in chosen else ''}>{escape(str(label))}</option>"
            for value, label in choices
        )
    )


class FastSelect(forms.Select):
    """A select whose options are joined in Python, not rendered one template each.

    Django renders every option through a template: a few hundred options (a province's
    communes) cost more than the rest of a list page. Grouped choices, which this does
    not write, fall back to Django's rendering.
    """

    template_name = "core/widgets/fast_select.html"

    def option_pairs(self, chosen):
        """The (value, label) pairs to write, or None to leave them to Django."""
        # Through iter(): list() would first ask a model choice iterator for its length,
        # a COUNT query of its own.
        choices = list(iter(self.choices))
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return None
        return choices

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = context["widget"]["value"]
        pairs = self.option_pairs(chosen)
        if pairs is None:
            return super().get_context(name, value, attrs)
        context["widget"]["options_html"] = options_html(pairs, chosen)
        return context


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


class ClosedYearFormMixin:
    """Refuse, while validating, a change that touches a year whose results are approved.

    The refusal is a non-field error naming who approved the year and when; the same
    change would be refused at save time anyway (`apps.closing.locks`), but the clerk
    sees it beside their input instead of an error page.
    """

    def _post_clean(self):
        super()._post_clean()
        message = locks.refusal(self.instance) or self.closed_link_refusal()
        if message:
            self.add_error(None, message)

    def many_to_many_fields(self):
        """(name, model field, form field) of the form's many-to-many fields."""
        for name, form_field in self.fields.items():
            model_field = next(
                (f for f in self.instance._meta.many_to_many if f.name == name), None
            )
            if model_field is not None and name in self.cleaned_data:
                yield name, model_field, form_field

    def current_links(self, name, form_field):
        """(linked ids the form offers, linked ids it does not offer) before the change."""
        if self.instance.pk is None:
            return set(), set()
        linked = set(getattr(self.instance, name).values_list("pk", flat=True))
        offered = set(form_field.queryset.filter(pk__in=linked).values_list("pk", flat=True))
        return offered, linked - offered

    def closed_link_refusal(self):
        """A link added or removed (a topic's inspections) that touches a closed year."""
        for name, model_field, form_field in self.many_to_many_fields():
            through = model_field.remote_field.through
            if not locks.rules_for(through):
                continue
            own, other = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
            chosen = {obj.pk for obj in self.cleaned_data[name]}
            offered, hidden = self.current_links(name, form_field)
            added, removed = chosen - offered - hidden, offered - chosen
            links = [(through(**{own: self.instance, f"{other}_id": pk}), False) for pk in added]
            if removed:
                stored = through._base_manager.filter(
                    **{own: self.instance, f"{other}__in": removed}
                )
                links += [(link, True) for link in stored]
            with locks.cached_approvals():
                for link, deleting in links:
                    message = locks.refusal(link, deleting)
                    if message:
                        return message
        return None

    def _save_m2m(self):
        # Links to objects the form does not offer (outside the user's scope) stay as
        # they are: the user could neither see nor choose them.
        for name, _model_field, form_field in self.many_to_many_fields():
            _offered, hidden = self.current_links(name, form_field)
            if hidden:
                chosen = list(self.cleaned_data[name])
                self.cleaned_data[name] = chosen + list(
                    form_field.queryset.model._default_manager.filter(pk__in=hidden)
                )
        super()._save_m2m()


class ClosedYearModelForm(ClosedYearFormMixin, forms.ModelForm):
    """The admin's default form: a plain model form with the closed-year check."""


def with_closed_year_check(form_class):
    """`form_class`, checking closed years while it validates (for forms made elsewhere)."""
    if issubclass(form_class, ClosedYearFormMixin):
        return form_class
    return type(form_class.__name__, (ClosedYearFormMixin, form_class), {})


class ScopedModelForm(ClosedYearFormMixin, forms.ModelForm):
    """A model form that knows its user: choices are cut to the user's scope, and a
    change to a closed year is refused while validating."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput(attrs=field.widget.attrs)
        if user is not None:
            restrict_choices_to_scope(self, user)
