"""Table pieces shared by every list page."""

import datetime

import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

MAX_PER_PAGE = 100


class BoundedPaginator(Paginator):
    """Pages of 1 to MAX_PER_PAGE rows, whatever `?per_page=` asks for.

    django-tables2 takes the page size from the query string: unbounded, a negative one
    fails and a huge one loads the whole list into one page.
    """

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)


class RecordTable(tables.Table):
    """Base table: our template, an empty-list message and a CSS hook per table."""

    class Meta:
        attrs = {"class": "records"}
        empty_text = _("No records match.")
        template_name = "core/includes/table.html"


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
