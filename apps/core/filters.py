"""Filter-form pieces shared by every list page."""

import django_filters
from django.utils.translation import gettext_lazy as _


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


class RecordFilterSet(django_filters.FilterSet):
    """Base filter set: a search box first, then the model's own filters."""

    q = AccentInsensitiveSearchFilter()
