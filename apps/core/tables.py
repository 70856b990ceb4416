"""Table pieces shared by every list page."""

import datetime

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .models import bounded_count, in_one_order

MAX_PER_PAGE = 100


class BoundedPaginator(Paginator):
    """Pages of 1 to MAX_PER_PAGE rows, whatever `?per_page=` asks for.

    django-tables2 takes the page size from the query string: unbounded, a negative one
    fails and a huge one loads the whole list into one page.
    """

    def __init__(self, object_list, per_page, *args, known_count=None, count_limit=None, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)
        self.count_limit = count_limit
        if known_count is not None:
            # A page that already counted its rows (in its totals, say) spares the
            # paginator its own COUNT over the same rows.
            self.count = known_count

    @cached_property
    def count(self):
        """The rows, counted no further than `count_limit` + 1 when a limit is set
        (`bounded_count`: the audit trail, every change ever made)."""
        queryset = getattr(getattr(self.object_list, "data", None), "data", None)
        if self.count_limit is None or not hasattr(queryset, "order_by"):
            return super().count
        return bounded_count(queryset, self.count_limit)

    @property
    def count_is_bounded(self) -> bool:
        """Whether there are more rows than were counted (pages stop at the bound)."""
        return self.count_limit is not None and self.count > self.count_limit


class RecordTable(tables.Table):
    """Base table: our template, an empty-list message and a CSS hook per table.

    Whatever column a list is sorted by, rows of equal values then come by primary key
    (`in_one_order`): many members share a name, and without a last key a page could
    repeat some of them and skip others.
    """

    class Meta:
        attrs = {"class": "records"}
        empty_text = _("No records match.")
        template_name = "core/includes/table.html"

    def _set_order_by(self, value):
        tables.Table.order_by.fset(self, value)
        queryset = getattr(self.data, "data", None)
        if isinstance(queryset, QuerySet):
            self.data.data = in_one_order(queryset)

    order_by = property(tables.Table.order_by.fget, _set_order_by)


class DateColumn(tables.DateColumn):
    """A date shown and exported as dd/mm/yyyy, whatever the language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("short", True)
        super().__init__(*args, **kwargs)

    def value(self, value, **kwargs):
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return ""

    def render(self, value):
        # django-tables2 renders dates through a template, a millisecond per cell; the
        # text is the same as the export's.
        return self.value(value)


class NumberColumn(tables.Column):
    """A count or amount, right-aligned so that columns of figures line up."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "number"}, "th": {"class": "number"}})
        super().__init__(*args, **kwargs)
