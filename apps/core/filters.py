"""Filter-form pieces shared by every list page."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import FastSelect


def query_year(value: str, first: int, last: int) -> int | None:
    """The year a query string gives, if it is one from `first` to `last`; else None.

    `str.isdigit()` alone also takes "²" and 5,000-digit strings, which int() refuses.
    """
    if value.isascii() and value.isdigit() and len(value) <= 4 and first <= int(value) <= last:
        return int(value)
    return None


class YearFilter(django_filters.NumberFilter):
    """A year, a whole number from 1 to 9999: another `?year=` (-1, 10**20) is refused
    by the filter form, where a date lookup on it would fail."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A record's id from the query string, within the range the database can hold."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class AccentInsensitiveSearchFilter(django_filters.CharFilter):
    """Match every word of the query against a folded `search_text` column.

    'vong the' finds 'Vọng Thê' and so does 'Vọng Thê'; the column is filled by the
    model's save(), so the same search works on SQLite and PostgreSQL.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        super().__init__(*args, field_name="search_text", **kwargs)

    def filter(self, queryset, value):
        return queryset.search(value or "")


class FilterSet(django_filters.FilterSet):
    """The filter set every list page uses: its selects are `FastSelect`s.

    Topics, years, kinds: Django renders each option of a select through a template,
    which on a list page of six selects cost more than its table. Selects of their own
    kind (organizations, yes/no) keep their widget.
    """

    def get_form_class(self):
        form_class = super().get_form_class()
        for field in form_class.base_fields.values():
            if type(field.widget) is forms.Select:
                fast = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
                fast.is_required = field.widget.is_required
                field.widget = fast
        return form_class


class RecordFilterSet(FilterSet):
    """Base filter set: a search box first, then the model's own filters."""

    q = AccentInsensitiveSearchFilter()
